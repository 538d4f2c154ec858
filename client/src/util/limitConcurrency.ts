/** At most `max` tasks at a time; the others wait their turn, first come first served. For
 *  look-ups the explorer fires per batch: a page of 100 batches must not send 100 requests at once. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function limitConcurrency(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limitConcurrency needs a whole number of at least 1, not ${max}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A waiting task takes over this slot, so `running` stays as it is.
      const successor = waiting.shift();
      if (successor) successor();
      else running--;
    }
  };
}
