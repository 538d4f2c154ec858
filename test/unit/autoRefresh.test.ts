/** The explorer's auto-refresh timing: fast right after a submit, backing off after failures but
 *  never sooner than the service's retry-after, and back to the interval once a refresh works.
 *  Driven through its own events (each run, each scheduling), never by sleeping. */
import * as assert from 'node:assert/strict';
import { AutoRefresh, followDelayMs, MAX_DELAY_MS } from '../../client/src/explorer/autoRefresh';

/** An AutoRefresh whose ticks the test answers, one at a time. */
function harness(intervalSeconds = 10) {
  const outcomes: boolean[] = [];
  let retryAfterMs: number | undefined;
  let scheduled: (() => void) | undefined;
  let ticks = 0;
  const refresh = new AutoRefresh(
    () => {
      ticks++;
      return Promise.resolve(outcomes.shift() ?? true);
    },
    () => true,
    () => intervalSeconds,
    { retryAfterMs: () => retryAfterMs, onScheduled: () => scheduled?.() },
  );
  /** Runs one refresh now with `ok` as its outcome; resolves with the wait scheduled after it. */
  async function runOnce(ok: boolean, askedMs?: number): Promise<number> {
    retryAfterMs = askedMs;
    outcomes.push(ok);
    const before = ticks;
    const next = new Promise<void>((resolve) => {
      scheduled = () => {
        if (ticks > before) resolve();
      };
    });
    refresh.schedule(true);
    await next;
    return refresh.status().inMs!;
  }
  return { refresh, runOnce };
}

/** `actual` is `expected` give or take the few milliseconds the test took. */
function about(actual: number, expected: number): void {
  assert.ok(actual <= expected && actual > expected - 200, `${actual} ms, expected about ${expected} ms`);
}

describe('client: auto-refresh timing', () => {
  it('follows a new batch closely: 1 s five times, 2 s five times, 5 s six times, then the interval', () => {
    const waits = Array.from({ length: 18 }, (_, i) => followDelayMs(i));
    assert.deepEqual(waits, [
      1000,
      1000,
      1000,
      1000,
      1000,
      2000,
      2000,
      2000,
      2000,
      2000,
      5000,
      5000,
      5000,
      5000,
      5000,
      5000,
      undefined,
      undefined,
    ]);
  });

  it('after follow(), refreshes within a second, stepping up to the interval; never slower than the interval', async () => {
    const { refresh, runOnce } = harness(10);
    try {
      refresh.follow();
      about(refresh.status().inMs!, 1000);
      const seen: number[] = [];
      for (let i = 0; i < 17; i++) seen.push(await runOnce(true));
      assert.deepEqual(
        seen.map((ms) => Math.ceil(ms / 1000)),
        [1, 1, 1, 1, 2, 2, 2, 2, 2, 5, 5, 5, 5, 5, 5, 10, 10],
      );
    } finally {
      refresh.dispose();
    }
    const short = harness(2);
    try {
      short.refresh.follow();
      for (let i = 0; i < 5; i++) await short.runOnce(true);
      about(await short.runOnce(true), 2000);
      about(await short.runOnce(true), 2000);
    } finally {
      short.refresh.dispose();
    }
  });

  it('backs off after failures, waits at least what retry-after asks, and is back to the interval after one success', async () => {
    const { refresh, runOnce } = harness(10);
    try {
      about(await runOnce(false), 20_000);
      about(await runOnce(false, 60_000), 60_000); // 40 s of back-off, but the service asked for 60 s
      about(await runOnce(false, 1000), 80_000); // the back-off is longer than what was asked
      about(await runOnce(false, 3_600_000), MAX_DELAY_MS); // never more than five minutes
      assert.equal(refresh.status().consecutiveFailures, 4);
      about(await runOnce(true), 10_000);
      assert.equal(refresh.status().consecutiveFailures, 0);
    } finally {
      refresh.dispose();
    }
  });

  it('a failure while following a new batch backs off all the same', async () => {
    const { refresh, runOnce } = harness(10);
    try {
      refresh.follow();
      about(await runOnce(false, 20_000), 20_000);
      about(await runOnce(true), 1000); // still following, once it works again
    } finally {
      refresh.dispose();
    }
  });
});
