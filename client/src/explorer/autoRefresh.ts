/** Refreshes on a timer while something may still change, backing off after failures. The
 *  explorer says when it should run (view visible, a batch unfinished or the last fetch failed).
 *  No editor types. */

/** The longest wait between attempts after repeated failures. */
export const MAX_DELAY_MS = 5 * 60_000;

/** `interval`, doubled for each consecutive failure, at most MAX_DELAY_MS (never below interval). */
export function nextDelayMs(intervalSeconds: number, consecutiveFailures: number): number {
  const base = intervalSeconds * 1000;
  const backedOff = base * 2 ** Math.min(consecutiveFailures, 16);
  return Math.max(base, Math.min(backedOff, MAX_DELAY_MS));
}

export class AutoRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running = false;
  private disposed = false;
  private dueAt: number | undefined;

  /** `tick` resolves to true when the refresh worked. */
  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly shouldRun: () => boolean,
    private readonly intervalSeconds: () => number,
  ) {}

  /** Re-evaluates whether to run: (re)starts or stops the timer. `now` runs at once. */
  schedule(now = false): void {
    if (this.disposed || this.running) return;
    this.clear();
    if (!this.shouldRun()) return;
    const delay = now ? 0 : nextDelayMs(this.intervalSeconds(), this.failures);
    this.dueAt = Date.now() + delay;
    this.timer = setTimeout(() => void this.run(), delay);
  }

  /** Whether a refresh is scheduled, and in how many milliseconds. */
  status(): { active: boolean; inMs?: number; consecutiveFailures: number } {
    return this.dueAt === undefined
      ? { active: this.running, consecutiveFailures: this.failures }
      : { active: true, inMs: Math.max(0, this.dueAt - Date.now()), consecutiveFailures: this.failures };
  }

  /** A refresh made elsewhere (the Refresh command) counts as an attempt too. */
  reportResult(ok: boolean): void {
    this.failures = ok ? 0 : this.failures + 1;
  }

  private async run(): Promise<void> {
    this.clear();
    this.running = true;
    try {
      this.reportResult(await this.tick());
    } catch {
      this.reportResult(false);
    } finally {
      this.running = false;
    }
    this.schedule();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
