/** The one line splitter's rules (lineSplitter.ts) applied to raw UTF-8 bytes, so a file can be
 *  split before it is decoded and each line decoded once: a line ends at \r\n, \n or a lone \r,
 *  and the text after the last break is one more line (empty when the bytes end with a break).
 *  Neither byte can occur inside a multi-byte UTF-8 sequence, and a decoder ends a broken sequence
 *  at either, so splitting the bytes gives the lines that splitting the decoded text gives.
 *
 *  Breaks are found with Buffer.indexOf (native code), once for \n and once for \r: the scanner
 *  remembers where each next occurs, so every byte is looked at no more than once per kind. */
export const LF = 0x0a;
export const CR = 0x0d;

export class ByteLineScanner {
  private bytes: Uint8Array = new Uint8Array(0);
  private view: Buffer = Buffer.alloc(0);
  /** Where the next \n and \r are at or after the last search, or `view.length` for none. */
  private nextLf = -1;
  private nextCr = -1;
  private searchedLf = 0;
  private searchedCr = 0;
  /** The length of the break the last `next` found: 1 (\n, lone \r) or 2 (\r\n). */
  breakLength = 0;

  /** Scans `bytes[0, end)` from now on (a buffer being filled may hold more than that). */
  reset(bytes: Buffer, end: number = bytes.length): void {
    this.bytes = bytes;
    this.view = end === bytes.length ? bytes : bytes.subarray(0, end);
    this.nextLf = this.nextCr = -1;
    this.searchedLf = this.searchedCr = 0;
  }

  /** The offset of the first line break at or after `from`, with its length in `breakLength`;
   *  -1 when there is none before the end. A \r in the last byte may be the first half of a \r\n
   *  whose \n has not been read yet: unless `final` (no byte follows), it counts as no break. */
  next(from: number, final: boolean): number {
    const view = this.view;
    const end = view.length;
    if (this.nextLf < from || from < this.searchedLf) {
      const at = from < end ? view.indexOf(LF, from) : -1;
      this.nextLf = at < 0 ? end : at;
      this.searchedLf = from;
    }
    if (this.nextCr < from || from < this.searchedCr) {
      const at = from < end ? view.indexOf(CR, from) : -1;
      this.nextCr = at < 0 ? end : at;
      this.searchedCr = from;
    }
    const lf = this.nextLf;
    const cr = this.nextCr;
    if (lf < cr) {
      this.breakLength = 1;
      return lf;
    }
    if (cr >= end) return -1;
    if (cr + 1 < end) {
      this.breakLength = this.bytes[cr + 1] === LF ? 2 : 1;
      return cr;
    }
    if (!final) return -1;
    this.breakLength = 1;
    return cr;
  }
}

export interface ByteLine {
  start: number;
  end: number;
  /** The bytes of the line break: 0 (the last line), 1 or 2. */
  eolLength: number;
}

/** Every line of `bytes` (all of it in memory), with the rules above: tests, small inputs. */
export function splitByteLines(bytes: Buffer): ByteLine[] {
  const scanner = new ByteLineScanner();
  scanner.reset(bytes);
  const lines: ByteLine[] = [];
  let start = 0;
  for (;;) {
    const at = scanner.next(start, true);
    if (at < 0) {
      lines.push({ start, end: bytes.length, eolLength: 0 });
      return lines;
    }
    lines.push({ start, end: at, eolLength: scanner.breakLength });
    start = at + scanner.breakLength;
  }
}
