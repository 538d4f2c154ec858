/** Trying a request again after a transient failure, in the open: the SDK's own retries are off
 *  (they would wait silently and retry a definite 409), so each wait is reported — "rate limited;
 *  retrying in 20 s" — and honours the service's `retry-after`. No editor types. */
import { isTransient, retryAfterMs } from './errors';

export interface RetryPolicy {
  /** Attempts in all; 1 never retries. */
  attempts: number;
  /** The first wait when the service names none; doubled for each further one. */
  baseDelayMs: number;
  /** A longer `retry-after` ends the retries: the error is handed back with that wait in it. */
  maxWaitMs: number;
  /** Which failures are worth another attempt (default: isTransient). */
  retryable?: (error: unknown) => boolean;
}

export interface RetryWait {
  /** The attempt that failed, from 1. */
  attempt: number;
  waitMs: number;
  error: unknown;
}

/** The wait before attempt `attempt + 1`: the service's `retry-after`, else base × 2^(attempt−1). */
export function retryDelayMs(error: unknown, attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs'>): number {
  const asked = retryAfterMs((error as { headers?: Headers } | undefined)?.headers);
  return asked ?? policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
}

/** Runs `request` until it succeeds, fails for good, runs out of attempts, or `signal` aborts
 *  (then the last error is thrown). `onWait` hears of each wait before it starts. */
export async function withRetries<T>(
  request: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal; onWait?: (wait: RetryWait) => void } = {},
): Promise<T> {
  const retryable = policy.retryable ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || options.signal?.aborted || !retryable(error)) throw error;
      const waitMs = retryDelayMs(error, attempt, policy);
      if (waitMs > policy.maxWaitMs) throw error;
      options.onWait?.({ attempt, waitMs, error });
      if (!(await sleep(waitMs, options.signal))) throw error;
    }
  }
}

/** Resolves to false when `signal` aborted the wait. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      resolve(completed);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
