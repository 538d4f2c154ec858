/** Long work on the server's one thread (counting a large file's tokens), cut into slices of a few
 *  milliseconds: between two slices the event loop runs, so edits, diagnostics and requests are
 *  answered while the work goes on. */
import { setTimeout as nextTurn } from 'node:timers/promises';

/** Milliseconds of work per slice. */
export const SLICE_MS = 8;

export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs: number = SLICE_MS) {}

  /** Whether this slice is used up (then `pause`). */
  get due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  /** Lets the event loop run, and starts the next slice. A timer rather than an immediate: the
   *  language server handles each message it reads in an immediate of its own, which then runs
   *  before the work goes on (and one that publishes diagnostics does so before the next slice). */
  async pause(): Promise<void> {
    await nextTurn(0);
    this.started = performance.now();
  }
}
