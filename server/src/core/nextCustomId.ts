/** The `custom_id` a new request gets: the next number in the file's own numbering. */

/** The id for a file without numbered ids. */
export const FIRST_CUSTOM_ID = 'request-1';
const FIRST_PREFIX = 'request-';

interface Scheme {
  prefix: string;
  suffix: string;
  /** Digits of zero-padded numbers (`007`: 3); 0 when the numbers are not padded. */
  width: number;
  /** The highest number's digits. */
  highest: string;
  count: number;
  /** When the scheme was last seen, so a tie goes to the numbering in use at the end of the file. */
  lastSeen: number;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * After `req-40`, `req-41`; after `task_006`, `task_007` (padding kept while the number fits); the
 * numbering most ids follow (on a tie, the one met last), one past its highest number, and never
 * an id the file already uses. Without numbered ids, `request-1`.
 */
export function nextCustomId(ids: Iterable<string>): string {
  return new CustomIdSequence(ids).next();
}

/** Fresh ids one after another in the file's numbering, as `nextCustomId` gives the first: for
 *  renumbering several requests at once (the duplicate ids of a file), each id unused by the file
 *  and by the ids handed out or taken before it. Reading the ids is the only pass over them. */
export class CustomIdSequence {
  /** Ids handed out or taken; the file's own are `inFile`'s. */
  private readonly taken = new Set<string>();
  private readonly inFile: (id: string) => boolean;
  private readonly scheme: Scheme | undefined;
  private number: bigint;

  /** `has`: whether the file uses an id, when the caller can say without a copy of `ids`. */
  constructor(ids: Iterable<string>, has?: (id: string) => boolean) {
    const schemes = new Map<string, Scheme>();
    const copy = has ? undefined : new Set<string>();
    let seen = 0;
    for (const id of ids) {
      copy?.add(id);
      // One number in an id: the last run of digits (`task_007` → `task_`, `007`, ``; `q12-a` → `q`, `12`, `-a`).
      let end = id.length;
      while (end > 0 && !isDigit(id.charCodeAt(end - 1))) end--;
      if (end === 0) continue;
      let start = end - 1;
      while (start > 0 && isDigit(id.charCodeAt(start - 1))) start--;
      const digits = id.slice(start, end);
      const key = `${id.slice(0, start)}\u0000${id.slice(end)}`;
      let scheme = schemes.get(key);
      if (!scheme)
        schemes.set(key, (scheme = { prefix: id.slice(0, start), suffix: id.slice(end), width: 0, highest: '', count: 0, lastSeen: 0 }));
      if (digits.length > 1 && digits.startsWith('0')) scheme.width = Math.max(scheme.width, digits.length);
      if (greater(digits, scheme.highest)) scheme.highest = digits;
      scheme.count++;
      scheme.lastSeen = seen++;
    }
    this.inFile = has ?? ((id) => copy!.has(id));
    for (const scheme of schemes.values()) {
      if (
        !this.scheme ||
        scheme.count > this.scheme.count ||
        (scheme.count === this.scheme.count && scheme.lastSeen > this.scheme.lastSeen)
      )
        this.scheme = scheme;
    }
    this.number = this.scheme ? BigInt(this.scheme.highest) + 1n : 1n;
  }

  /** The next id no one has: without numbered ids, `request-1`, `request-2`, ... */
  next(): string {
    for (; ; this.number++) {
      const candidate = this.scheme
        ? `${this.scheme.prefix}${this.number.toString().padStart(this.scheme.width, '0')}${this.scheme.suffix}`
        : `${FIRST_PREFIX}${this.number}`;
      if (this.take(candidate)) {
        this.number++;
        return candidate;
      }
    }
  }

  /** A fresh id for a second use of `id` (a duplicate): the next in the file's numbering; in a
   *  file that numbers no ids, `id-2` (or `id-3`, ...). */
  nextFor(id: string): string {
    if (this.scheme) return this.next();
    for (let n = 2; ; n++) if (this.take(`${id}-${n}`)) return `${id}-${n}`;
  }

  /** Claims an id for a request (one renumbered otherwise): true when no one had it yet. */
  take(id: string): boolean {
    if (this.inFile(id) || this.taken.has(id)) return false;
    this.taken.add(id);
    return true;
  }
}

/** True when the digits `a` are a greater number than `b` ('' is less than any). */
function greater(a: string, b: string): boolean {
  const x = unpadded(a);
  const y = unpadded(b);
  return x.length !== y.length ? x.length > y.length : x > y;
}

function unpadded(digits: string): string {
  return digits.length > 1 && digits.startsWith('0') ? digits.replace(/^0+(?=\d)/, '') : digits;
}
