/** The token counts and estimated cost of files validated from disk (diskDiagnostics.ts), which
 *  have no document to count: once a file's problems and status are out, it is streamed once more
 *  and counted line by line as `batch-studio stats` counts it (fileCost.ts), in time slices between
 *  which the server answers everything else, so its memory stays that of one line at a time. One
 *  file at a time, files open in tabs first; a count is abandoned as soon as its file is validated
 *  again (it changed), closed, or opened as a document. */
import type { BatchCost } from '../../common/src/cost';
import type { PriceOverrides } from '../../common/src/priceSetting';
import { type CounterOf, estimateCost } from './core/cost';
import { fileTokens } from './fileCost';
import { type DiskPriority, DiskValidationQueue } from './diskValidationQueue';

export interface DiskCount {
  /** The file's path on disk. */
  file: string;
  /** The file's model (its status's), which prices it. */
  model: string | null;
  prices: PriceOverrides;
  /** Called with the estimate once the whole file is counted (never for an abandoned count). */
  counted(cost: BatchCost): void;
}

export class DiskCosts {
  /** The count asked for last, per file: a newer one replaces it. */
  private readonly asked = new Map<string, DiskCount>();
  private readonly queue = new DiskValidationQueue((uri, signal) => this.run(uri, signal));

  constructor(
    private readonly counterOf: CounterOf,
    private readonly failed: (file: string, error: unknown) => void,
  ) {}

  /** Counts the file when its turn comes (one running for the same file is abandoned). */
  count(uri: string, count: DiskCount, priority: DiskPriority): void {
    this.asked.set(uri, count);
    this.queue.enqueue(uri, priority);
  }

  /** No count for the file: out of the queue, and a count under way abandoned. */
  cancel(uri: string): void {
    this.asked.delete(uri);
    this.queue.cancel(uri);
  }

  private async run(uri: string, signal: AbortSignal): Promise<void> {
    const count = this.asked.get(uri);
    if (!count) return;
    try {
      const totals = await fileTokens(count.file, this.counterOf, undefined, signal);
      if (signal.aborted || this.asked.get(uri) !== count) return;
      this.asked.delete(uri);
      count.counted(estimateCost(totals, count.model, count.prices));
    } catch (error) {
      // Abandoned, or the file gone (its validation clears it): nothing to say.
      if (signal.aborted || this.asked.get(uri) !== count || (error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.asked.delete(uri);
      this.failed(count.file, error);
    }
  }
}
