/** The `custom_id` a new request gets: the next number in the file's own numbering. */

/** The id for a file without numbered ids. */
export const FIRST_CUSTOM_ID = 'request-1';

interface Scheme {
  prefix: string;
  suffix: string;
  /** Digits of zero-padded numbers (`007`: 3); 0 when the numbers are not padded. */
  width: number;
  highest: bigint;
  count: number;
  /** When the scheme was last seen, so a tie goes to the numbering in use at the end of the file. */
  lastSeen: number;
}

/** One number in an id: the last run of digits (`task_007` → `task_`, `007`, ``; `q12-a` → `q`, `12`, `-a`). */
const NUMBERED = /^(.*?)(\d+)(\D*)$/;

/**
 * After `req-40`, `req-41`; after `task_006`, `task_007` (padding kept while the number fits); the
 * numbering most ids follow (on a tie, the one met last), one past its highest number, and never
 * an id the file already uses. Without numbered ids, `request-1`.
 */
export function nextCustomId(ids: Iterable<string>): string {
  const used = new Set<string>();
  const schemes = new Map<string, Scheme>();
  let seen = 0;
  for (const id of ids) {
    used.add(id);
    const match = NUMBERED.exec(id);
    if (!match) continue;
    const [, prefix, digits, suffix] = match;
    const key = `${prefix}\u0000${suffix}`;
    const scheme = schemes.get(key) ?? { prefix, suffix, width: 0, highest: -1n, count: 0, lastSeen: 0 };
    const number = BigInt(digits);
    if (digits.length > 1 && digits.startsWith('0')) scheme.width = Math.max(scheme.width, digits.length);
    if (number > scheme.highest) scheme.highest = number;
    scheme.count++;
    scheme.lastSeen = seen++;
    schemes.set(key, scheme);
  }
  let best: Scheme | undefined;
  for (const scheme of schemes.values()) {
    if (!best || scheme.count > best.count || (scheme.count === best.count && scheme.lastSeen > best.lastSeen)) best = scheme;
  }
  // Without numbered ids, `request-1` cannot be taken.
  if (!best) return FIRST_CUSTOM_ID;
  for (let number = best.highest + 1n; ; number++) {
    const candidate = `${best.prefix}${number.toString().padStart(best.width, '0')}${best.suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
