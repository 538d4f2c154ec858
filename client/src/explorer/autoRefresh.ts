/** Refreshes on a timer while something may still change: fast right after a submit, so that a
 *  short batch is seen validating, in progress and finalizing; backing off after failures (never
 *  sooner than the service's `retry-after`) and back to the interval once a refresh works. The
 *  explorer says when it should run (view visible, a batch unfinished or the last fetch failed).
 *  No editor types. */

/** The longest wait between attempts after repeated failures. */
export const MAX_DELAY_MS = 5 * 60_000;

/** The waits while following a new batch closely: 1 s five times, 2 s five times, 5 s six
 *  times (about 45 s in all), then the interval. */
export function followDelayMs(refreshesSoFar: number): number | undefined {
  if (refreshesSoFar < 5) return 1000;
  if (refreshesSoFar < 10) return 2000;
  if (refreshesSoFar < 16) return 5000;
  return undefined;
}

export interface AutoRefreshOptions {
  /** The wait the service asked for with the last failure (`retry-after`), if any. */
  retryAfterMs?: () => number | undefined;
  /** Hears of each (re)scheduling: the view shows "retrying in N s" after a failure. */
  onScheduled?: () => void;
}

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
  /** Refreshes made since `follow()`, while following a new batch closely. */
  private followed: number | undefined;

  /** `tick` resolves to true when the refresh worked. */
  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly shouldRun: () => boolean,
    private readonly intervalSeconds: () => number,
    private readonly options: AutoRefreshOptions = {},
  ) {}

  /** A batch was just submitted (or changed by the user): refresh often for a while, so that its
   *  first statuses are seen. */
  follow(): void {
    this.followed = 0;
    this.schedule();
  }

  /** The wait before the next refresh. */
  private delayMs(): number {
    const interval = this.intervalSeconds();
    if (this.failures > 0) {
      const asked = Math.min(this.options.retryAfterMs?.() ?? 0, MAX_DELAY_MS);
      return Math.max(nextDelayMs(interval, this.failures), asked);
    }
    const fast = this.followed === undefined ? undefined : followDelayMs(this.followed);
    if (fast === undefined) this.followed = undefined;
    return Math.min(fast ?? Infinity, interval * 1000);
  }

  /** Re-evaluates whether to run: (re)starts or stops the timer. `now` runs at once. */
  schedule(now = false): void {
    if (this.disposed || this.running) return;
    this.clear();
    if (!this.shouldRun()) return;
    const delay = now ? 0 : this.delayMs();
    this.dueAt = Date.now() + delay;
    this.timer = setTimeout(() => void this.run(), delay);
    this.options.onScheduled?.();
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
    if (this.followed !== undefined) this.followed++;
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
