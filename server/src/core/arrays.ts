/** `array.splice(start, deleteCount, ...items)` without spreading `items` as arguments, which
 *  overflows the call stack past roughly 100,000 items (a large paste or file). */
export function spliceMany<T>(array: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  if (items.length < 10_000) return array.splice(start, deleteCount, ...items);
  const removed = array.slice(start, start + deleteCount);
  const tail = array.slice(start + deleteCount);
  array.length = start;
  for (const item of items) array.push(item);
  for (const item of tail) array.push(item);
  return removed;
}
