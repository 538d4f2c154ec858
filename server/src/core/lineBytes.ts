/** Lines read as bytes (a file, an upload): split before they are decoded, by the one splitter's
 *  rules (common/src/byteLineSplitter.ts), each decoded once and analysed from its bytes. Bytes
 *  that are not UTF-8 are found per line by native code (`isUtf8`) rather than by a second,
 *  strict decoding of everything. */
import * as nodeBuffer from 'node:buffer';
import { ByteLineScanner, CR, LF } from '../../../common/src/byteLineSplitter';
import { analyzeLatin1View, analyzeLine, type LineFacts } from './analyzeLine';
import type { BatchLimits } from './limits';
import type { SchemaRegistry } from './schemaRegistry';

/** Random access to the bytes of a file or a buffer. */
export interface ByteReader {
  readonly size: number;
  /** Copies up to `length` bytes from `position` into `target` at `offset`; returns how many. */
  read(target: Buffer, offset: number, length: number, position: number): number;
  /** All the bytes, when they are in memory anyway (then nothing is copied). */
  readonly whole?: Buffer;
}

export function memoryReader(bytes: Uint8Array): ByteReader {
  const whole = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: whole.length,
    whole,
    read: (target, offset, length, position) => whole.copy(target, offset, position, Math.min(whole.length, position + length)),
  };
}

/** Called for each line: its bytes are `bytes[start, end)`, `position` is where it starts in the
 *  input, `eolLength` the size of its line break (0 for the last line); `bytes[0, available)` is
 *  what has been read (the lines after this one, as far as they go). */
export type ByteLineHandler = (bytes: Buffer, start: number, end: number, eolLength: number, position: number, available: number) => void;

/** How much more is read at a time for a line that runs past the end of its range (doubling for
 *  a longer one), so a range reads little of the next. */
const REFILL = 1 << 16;

/** A buffer to read into, kept from range to range (it grows for a long line). */
export interface ReadBuffer {
  bytes: Buffer;
}

export function readBuffer(rangeBytes: number): ReadBuffer {
  return { bytes: Buffer.allocUnsafe(Math.max(1, rangeBytes) + REFILL) };
}

/** Every line that starts in `[from, to)` of the input, in order, and at the end of the input the
 *  last line (empty after a final break) when `to` is the input's end, so ranges that tile the
 *  input give every line exactly once, whoever reads each range. A line that starts in the range
 *  is read to its end, past `to`; memory is bounded by the range's size and the longest line. */
export function forEachLineInRange(
  reader: ByteReader,
  from: number,
  to: number,
  onLine: ByteLineHandler,
  buffer: ReadBuffer = readBuffer(to - from),
): void {
  let size = reader.size; // less, if the input turns out shorter
  const scanner = new ByteLineScanner();
  let bytes: Buffer;
  let bufferStart: number; // the input position of bytes[0]
  let filled: number;
  // From `from - 1`, the line that `from` may be in the middle of is skipped: the first line
  // of the range starts after the first break that ends at or after `from`.
  let lineStart = from === 0 ? 0 : from - 1;
  let skipping = from > 0;
  if (reader.whole) {
    bytes = reader.whole;
    bufferStart = 0;
    filled = size;
  } else {
    bytes = buffer.bytes;
    bufferStart = lineStart;
    // The range and the byte after it (which says whether a \r at its end is half a \r\n).
    const wanted = Math.min(bytes.length, size - lineStart, to + 1 - lineStart);
    filled = readFully(reader, bytes, 0, wanted, bufferStart);
    if (filled < wanted) size = bufferStart + filled;
  }
  scanner.reset(bytes, filled);
  let refill = REFILL;
  for (;;) {
    const atEnd = bufferStart + filled >= size;
    const at = scanner.next(lineStart - bufferStart, atEnd);
    if (at < 0) {
      if (atEnd) {
        if (!skipping) onLine(bytes, lineStart - bufferStart, filled, 0, lineStart, filled);
        return;
      }
      // No line starts in the range when the line `from` is in runs past its end.
      if (skipping && bufferStart + filled > to) return;
      // The line goes on past what was read: keep its start, read more (a longer line, more room).
      const keep = lineStart - bufferStart;
      if (keep > 0) bytes.copy(bytes, 0, keep, filled);
      filled -= keep;
      bufferStart = lineStart;
      if (filled === bytes.length) {
        const larger = Buffer.allocUnsafe(bytes.length * 2);
        bytes.copy(larger, 0, 0, filled);
        bytes = buffer.bytes = larger;
      }
      // Within the range, read all there is room for; past it, only what the line needs.
      const room = Math.min(bytes.length - filled, size - bufferStart - filled);
      const wanted = bufferStart + filled < to ? room : Math.min(room, refill);
      if (bufferStart + filled >= to) refill *= 2;
      const got = readFully(reader, bytes, filled, wanted, bufferStart + filled);
      filled += got;
      if (got < wanted) size = bufferStart + filled; // cut short while being read: it ends here
      scanner.reset(bytes, filled);
      continue;
    }
    const breakAt = bufferStart + at;
    const breakLength = scanner.breakLength;
    if (!skipping) onLine(bytes, lineStart - bufferStart, at, breakLength, lineStart, filled);
    skipping = false;
    lineStart = breakAt + breakLength;
    refill = REFILL;
    if (lineStart >= to && !(lineStart === size && to === size)) return;
  }
}

function readFully(reader: ByteReader, target: Buffer, offset: number, length: number, position: number): number {
  let total = 0;
  while (total < length) {
    const n = reader.read(target, offset + total, length - total, position + total);
    if (n <= 0) break;
    total += n;
  }
  return total;
}

// isUtf8 and isAscii: Node 18.14 and 18.15 or later; simpler stand-ins before that.
const isUtf8: (bytes: Uint8Array) => boolean =
  (nodeBuffer as { isUtf8?: (bytes: Uint8Array) => boolean }).isUtf8 ??
  ((bytes) => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  });
const isAscii: (bytes: Uint8Array) => boolean =
  (nodeBuffer as { isAscii?: (bytes: Uint8Array) => boolean }).isAscii ?? ((bytes) => bytes.every((b) => b < 0x80));

/** U+FFFD, the replacement character, in UTF-8, and as those bytes read as Latin-1. */
const REPLACEMENT_BYTES = Buffer.from([0xef, 0xbf, 0xbd]);
const REPLACEMENT_LATIN1 = '\u00ef\u00bf\u00bd';
let lenientDecoder: InstanceType<typeof TextDecoder> | undefined;

export interface DecodedLine {
  text: string;
  /** False when the bytes were not valid UTF-8 (each fault is a U+FFFD in `text`). */
  validUtf8: boolean;
}

/** A line's text: UTF-8, a byte order mark kept (the core reports it, as the API rejects it),
 *  bytes that are not UTF-8 as U+FFFD, as a TextDecoder gives them. */
export function decodeLine(bytes: Buffer, start: number, end: number): DecodedLine {
  const line = bytes.subarray(start, end);
  if (isAscii(line)) return { text: bytes.toString('latin1', start, end), validUtf8: true };
  if (isUtf8(line)) return { text: bytes.toString('utf8', start, end), validUtf8: true };
  lenientDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return { text: lenientDecoder.decode(line), validUtf8: false };
}

/** Finds stretches of whole lines that are valid UTF-8 with one native call each, from a line to
 *  the last line break read after it, so lines in them need no check of their own. A stretch
 *  with a fault leaves its lines to be checked one by one (analyzeLineBytes does). Positions are
 *  the input's, so a stretch stays known while the buffer is refilled. */
export class Utf8Stretches {
  private validFrom = 0;
  private validTo = 0;
  /** Where a stretch with a fault ends: no new stretch is tried before it. */
  private failedTo = 0;

  /** True when the line `bytes[start, end)`, at `position` in the input, is in a stretch found valid. */
  known(bytes: Buffer, start: number, end: number, position: number, available: number): boolean {
    const endPosition = position + end - start;
    if (position >= this.validFrom && endPosition <= this.validTo) return true;
    if (endPosition <= this.failedTo || available <= end) return false; // (the last line read is checked on its own)
    const lastBreak = Math.max(bytes.lastIndexOf(LF, available - 1), bytes.lastIndexOf(CR, available - 1));
    if (lastBreak < end) return false;
    const stretchEnd = position + lastBreak - start;
    if (isUtf8(bytes.subarray(start, lastBreak))) {
      this.validFrom = position;
      this.validTo = stretchEnd;
      return true;
    }
    this.failedTo = stretchEnd;
    return false;
  }
}

/** A line analysed where its bytes were read, as validateLines takes it from a source. */
export interface AnalyzedLine {
  facts: LineFacts;
  eolBytes: number;
  /** Where the line's text has its first U+FFFD (the mark of bytes that are not UTF-8, or the
   *  character itself), -1 for none: reported when the input was not all UTF-8. */
  replacementAt: number;
}

export interface AnalyzedByteLine extends AnalyzedLine {
  validUtf8: boolean;
}

/** Decodes one line and analyses it; its size is that of its bytes, unless they were not UTF-8
 *  (then that of its text, U+FFFD and all, as when the whole input was decoded first). An ASCII
 *  line is decoded as Latin-1 (the same text, at a fraction of the cost). Another line that is
 *  valid UTF-8 is first checked through its Latin-1 view (analyzeLatin1View), which stands when
 *  the line has nothing to report; else it is decoded as UTF-8 and analysed. `knownUtf8`: the
 *  caller found the bytes valid (Utf8Stretches). */
export function analyzeLineBytes(
  bytes: Buffer,
  start: number,
  end: number,
  eolLength: number,
  registry: SchemaRegistry,
  limits: Readonly<BatchLimits>,
  latin1View = true,
  knownUtf8 = false,
): AnalyzedByteLine {
  const line = bytes.subarray(start, end);
  if (isAscii(line)) {
    const facts = analyzeLine(bytes.toString('latin1', start, end), registry, limits, end - start);
    return { facts, eolBytes: eolLength, replacementAt: -1, validUtf8: true };
  }
  if (knownUtf8 || isUtf8(line)) {
    if (latin1View) {
      const view = bytes.toString('latin1', start, end);
      const facts = view.indexOf(REPLACEMENT_LATIN1) < 0 ? analyzeLatin1View(view, registry, limits, end - start) : undefined;
      if (facts) return { facts, eolBytes: eolLength, replacementAt: -1, validUtf8: true };
    }
    const text = bytes.toString('utf8', start, end);
    const facts = analyzeLine(text, registry, limits, end - start);
    const replacementAt = line.indexOf(REPLACEMENT_BYTES) >= 0 ? text.indexOf('\uFFFD') : -1;
    return { facts, eolBytes: eolLength, replacementAt, validUtf8: true };
  }
  lenientDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  const text = lenientDecoder.decode(line);
  return { facts: analyzeLine(text, registry, limits), eolBytes: eolLength, replacementAt: text.indexOf('\uFFFD'), validUtf8: false };
}
