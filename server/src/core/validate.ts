/** The one validation entry: lines from a source plus the user's settings in, diagnostics plus a
 *  summary out. Detection, the per-line UTF-8 faults, severity overrides and the problem cap are
 *  applied here and nowhere else, for the language server (over an open document's model), the
 *  CLI and the Submit command (reading a file) and the emulator (a buffer). */
import { LineSplitter, type SplitLine } from '../../../common/src/lineSplitter';
import { DEFAULT_VALIDATION_SETTINGS, type Provider } from '../../../common/src/settings';
import { analyzeLine, type LineFacts } from './analyzeLine';
import { BatchModel, type BatchSummary, type LineTextSource } from './batchModel';
import { type BatchDetection, isBatchFile } from './detection';
import type { BatchDiagnostic } from './diagnostic';
import { type BatchLimits, batchLimits } from './limits';
import {
  type AnalyzedLine,
  analyzeLineBytes,
  type ByteReader,
  decodeLine,
  forEachLineInRange,
  memoryReader,
  readBuffer,
  Utf8Stretches,
} from './lineBytes';
import { schemaRegistry } from './schemaRegistry';
import { applySeverityOverrides } from './severity';

export type { AnalyzedLine };

export interface LineSourceInfo {
  /** False when the bytes were not all valid UTF-8 (such bytes reach `onLine` as U+FFFD). */
  validUtf8: boolean;
}

/** Where the lines of a file come from: a file on disk, bytes in memory, a text. Every line is
 *  split by the one splitter's rules (\r\n, \n, a lone \r; the text after the last break is a line
 *  too) and handed over once, in order, with its 0-based number. The source is read once: the few
 *  lines whose cross-line problems need a range (a duplicate custom_id, a mismatched model) are
 *  fetched again by `lineText`, one by one, from where the pass saw them. */
export interface LineSource {
  /** The file's name or URI, which `auto` detection looks at. */
  readonly name: string;
  read(onLine: (line: SplitLine, index: number) => void): Promise<LineSourceInfo>;
  /** Every line once, in order, already analysed (as analyzeLine analyses its text; `limits` are
   *  the per-line ones), so a source can decode and analyse lines where it reads them, e.g. on
   *  several threads. Optional: without it the entry analyses what `read` gives. */
  analyze?(limits: Readonly<BatchLimits>, onLine: (line: AnalyzedLine) => void): Promise<LineSourceInfo>;
  /** The text of a line the last pass handed over, or undefined when it cannot be had again. */
  lineText?(index: number): string | undefined;
  /** Lets go of what the last pass held on to (an open file); called when validation is done. */
  close?(): void;
}

export interface ValidationOptions {
  /** Default `auto` (the setting's default). */
  detection?: BatchDetection;
  /** Per code: error, warning, info or off (`batchStudio.validation.severity`). */
  severity?: Readonly<Record<string, unknown>>;
  /** The most diagnostics returned; the summary still counts them all. Default 1000 (the
   *  setting's default); Infinity returns all. */
  maxProblems?: number;
  /** The file limits to check, the API's by default. `validateModel` uses its model's own. */
  limits?: Partial<BatchLimits>;
  /** Whose rules apply (the urls a line may name, the request limit): OpenAI's by default. */
  provider?: Provider;
  /** Called with each line and its facts as the source is first read, for callers that need more
   *  of a line than its diagnostics (the emulator runs the requests) without analysing it twice. */
  onLine?: (line: SplitLine, index: number, facts: LineFacts) => void;
}

export interface ValidationSummary extends BatchSummary {
  /** False when detection found another kind of JSON Lines file (then nothing is reported). */
  isBatch: boolean;
  /** Problems after severity overrides, before the `maxProblems` cap, and by severity. */
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ValidationResult {
  isBatch: boolean;
  /** After severity overrides, in line order, at most `maxProblems`. */
  diagnostics: BatchDiagnostic[];
  summary: ValidationSummary;
}

/** Validates a model that is already built (an open document's, kept up to date edit by edit). */
export function validateModel(model: BatchModel, textOf: LineTextSource, name: string, options: ValidationOptions = {}): ValidationResult {
  return finish(model, textOf, isBatchFile(model, name, detectionOf(options)), options, []);
}

/** Validates a file read from a source in one pass, holding only each line's facts (not its
 *  text), so memory stays bounded by the number of lines rather than the file's size. */
export async function validateLines(source: LineSource, options: ValidationOptions = {}): Promise<ValidationResult> {
  try {
    return await validateSource(source, options);
  } finally {
    source.close?.();
  }
}

async function validateSource(source: LineSource, options: ValidationOptions): Promise<ValidationResult> {
  const limits = batchLimits(options.limits);
  const model = new BatchModel(limits, { appendOnly: true });
  const replaced: BatchDiagnostic[] = [];
  let info: LineSourceInfo;
  if (source.analyze && !options.onLine) {
    let index = 0;
    const compact = compactor();
    info = await source.analyze(limits, ({ facts, eolBytes, replacementAt }) => {
      model.append({ facts: compact(facts), eolBytes });
      if (replacementAt >= 0) replaced.push(notUtf8(index, replacementAt));
      index++;
    });
  } else {
    const registry = schemaRegistry();
    info = await source.read((line, index) => {
      const facts = analyzeLine(line.text, registry, limits);
      model.append({ facts, eolBytes: line.eol.length });
      const bad = line.text.indexOf('\uFFFD');
      if (bad >= 0) replaced.push(notUtf8(index, bad));
      options.onLine?.(line, index, facts);
    });
  }
  const isBatch = isBatchFile(model, source.name, detectionOf(options));
  // Cross-line problems take the few lines' text they need to place their ranges from the source.
  return finish(model, (line) => source.lineText?.(line), isBatch, options, info.validUtf8 ? [] : replaced);
}

/** Shares what many lines' facts hold alike (the same url and model; no problems), so a large
 *  file's model keeps one copy: each line's facts arrive as their own objects, e.g. from a worker. */
function compactor(): (facts: LineFacts) => LineFacts {
  const strings = new Map<string, string>();
  const shared = (value: string | undefined) => {
    if (value === undefined) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    if (strings.size < 10_000) strings.set(value, value);
    return value;
  };
  return (facts) => {
    facts.url = shared(facts.url);
    facts.model = shared(facts.model);
    if (facts.problems.length === 0) facts.problems = NO_PROBLEMS;
    return facts;
  };
}

const NO_PROBLEMS: LineFacts['problems'] = [];

function finish(
  model: BatchModel,
  textOf: LineTextSource,
  isBatch: boolean,
  options: ValidationOptions,
  faults: BatchDiagnostic[],
): ValidationResult {
  const provider = options.provider ?? DEFAULT_VALIDATION_SETTINGS.provider;
  const summary = model.summary(provider);
  if (!isBatch) return { isBatch, diagnostics: [], summary: { ...summary, isBatch, problems: 0, errors: 0, warnings: 0, infos: 0 } };
  let raw = model.diagnostics(textOf, provider);
  if (faults.length > 0) raw = [...raw, ...faults].sort((a, b) => a.line - b.line || a.start - b.start);
  const all = applySeverityOverrides(raw, options.severity ?? DEFAULT_VALIDATION_SETTINGS.severity);
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of all) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  const max = problemCap(options.maxProblems);
  return {
    isBatch,
    diagnostics: all.length > max ? all.slice(0, max) : all,
    summary: { ...summary, isBatch, problems: all.length, ...counts },
  };
}

function detectionOf(options: ValidationOptions): BatchDetection {
  return options.detection ?? DEFAULT_VALIDATION_SETTINGS.detection;
}

function problemCap(maxProblems: number | undefined): number {
  const max = maxProblems ?? DEFAULT_VALIDATION_SETTINGS.maxProblems;
  if (max === Infinity) return max;
  return Number.isFinite(max) && max >= 0 ? Math.floor(max) : DEFAULT_VALIDATION_SETTINGS.maxProblems;
}

/** An editor decodes files itself; a file read as bytes may not be UTF-8 at all. */
function notUtf8(line: number, at: number): BatchDiagnostic {
  return {
    line,
    start: at,
    end: at + 1,
    severity: 'error',
    code: 'invalid_json_line',
    param: null,
    message: 'This line has bytes that are not valid UTF-8 (shown as \uFFFD). Save the file as UTF-8: the API reads it as UTF-8.',
  };
}

/** A text already in memory (tests, one-off checks). */
export function textLineSource(name: string, text: string): LineSource {
  const lines = new LineOffsets();
  return {
    name,
    read: (onLine) =>
      settle(() => {
        lines.clear();
        let index = 0;
        let at = 0;
        const splitter = new LineSplitter();
        const emit = (line: SplitLine) => {
          lines.push(at, at + line.text.length);
          at += line.text.length + line.eol.length;
          onLine(line, index++);
        };
        splitter.push(text, emit);
        splitter.end(emit);
        return { validUtf8: true };
      }),
    lineText: (index) => (index < lines.count ? text.slice(lines.start(index), lines.end(index)) : undefined),
  };
}

/** Bytes in memory, e.g. an uploaded file (the emulator): split as bytes, each line decoded once
 *  as UTF-8 with a byte order mark kept in the text (the core reports it, as the API rejects it). */
export function bytesLineSource(name: string, bytes: Uint8Array): LineSource {
  return byteLineSource(name, () => memoryReader(bytes));
}

/** The bytes of a file or a buffer, read range by range; `analyze` decodes and analyses each line
 *  where it is read. A caller may analyse the ranges elsewhere (server/src/validateFile.ts hands
 *  them to worker threads) by giving `analyzeRanges`, which must hand over the lines of every
 *  range, in order. */
export interface ByteLineSourceOptions {
  /** Bytes per range (256 KB by default: small enough to share out evenly between threads). */
  rangeBytes?: number;
  analyzeRanges?: (
    reader: ByteReader,
    rangeBytes: number,
    limits: Readonly<BatchLimits>,
    take: (range: AnalyzedRange) => void,
  ) => Promise<void>;
}

/** The lines of one range of the input, analysed, with where each sits in the input. */
export interface AnalyzedRange {
  lines: AnalyzedLine[];
  /** For line i of the range: its first byte at 2i, the end of its text at 2i + 1. */
  positions: Float64Array;
  validUtf8: boolean;
}

export const DEFAULT_RANGE_BYTES = 256 << 10;

/** `open` gives a reader for each pass; `close`, if given, is called with it when it is done. */
export function byteLineSource(
  name: string,
  open: () => ByteReader,
  options: ByteLineSourceOptions = {},
  close?: (reader: ByteReader) => void,
): LineSource {
  const rangeBytes = Math.max(1, options.rangeBytes ?? DEFAULT_RANGE_BYTES);
  const lines = new LineOffsets();
  let reader: ByteReader | undefined;
  const done = () => {
    if (reader) close?.(reader);
    reader = undefined;
  };
  const start = () => {
    done();
    lines.clear();
    reader = open();
    return reader;
  };
  return {
    name,
    close: done,
    read: (onLine) =>
      settle(() => {
        const input = start();
        let validUtf8 = true;
        let index = 0;
        const buffer = readBuffer(rangeBytes);
        eachRange(input.size, rangeBytes, (from, to) =>
          forEachLineInRange(
            input,
            from,
            to,
            (bytes, begin, end, eolLength, position) => {
              lines.push(position, position + end - begin);
              const line = decodeLine(bytes, begin, end);
              if (!line.validUtf8) validUtf8 = false;
              onLine({ text: line.text, eol: eolOf(bytes, end, eolLength) }, index++);
            },
            buffer,
          ),
        );
        return { validUtf8 };
      }),
    analyze: async (limits, onLine) => {
      const input = start();
      let validUtf8 = true;
      const take = (range: AnalyzedRange) => {
        if (!range.validUtf8) validUtf8 = false;
        for (let i = 0; i < range.lines.length; i++) {
          lines.push(range.positions[2 * i], range.positions[2 * i + 1]);
          onLine(range.lines[i]);
        }
      };
      if (options.analyzeRanges) await options.analyzeRanges(input, rangeBytes, limits, take);
      else {
        const buffer = readBuffer(rangeBytes);
        eachRange(input.size, rangeBytes, (from, to) => take(analyzeRange(input, from, to, limits, buffer)));
      }
      return { validUtf8 };
    },
    lineText: (index) => {
      if (!reader || index >= lines.count) return undefined;
      const start = lines.start(index);
      const length = lines.end(index) - start;
      const bytes = Buffer.allocUnsafe(length);
      const read = reader.read(bytes, 0, length, start);
      return decodeLine(bytes, 0, read).text;
    },
  };
}

/** What `run` returns, or throws, as a promise. */
function settle<T>(run: () => T): Promise<T> {
  return new Promise((resolve) => resolve(run()));
}

/** The line break of `length` bytes at `bytes[at]`. */
function eolOf(bytes: Buffer, at: number, length: number): SplitLine['eol'] {
  if (length === 2) return '\r\n';
  if (length === 0) return '';
  return bytes[at] === 0x0d ? '\r' : '\n';
}

/** The ranges that tile an input of `size` bytes (one, empty, for an empty input). */
export function eachRange(size: number, rangeBytes: number, run: (from: number, to: number) => void): void {
  const count = rangeCount(size, rangeBytes);
  for (let k = 0; k < count; k++) run(k * rangeBytes, Math.min(size, (k + 1) * rangeBytes));
}

export function rangeCount(size: number, rangeBytes: number): number {
  return Math.max(1, Math.ceil(size / rangeBytes));
}

/** Decodes and analyses the lines that start in one range of the input (see forEachLineInRange).
 *  With `maxLineBytes`, a longer line stops it with an error (a worker with a small heap hands
 *  such a range back, for the main thread to analyse). */
export function analyzeRange(
  reader: ByteReader,
  from: number,
  to: number,
  limits: Readonly<BatchLimits>,
  buffer = readBuffer(to - from),
  maxLineBytes = Infinity,
): AnalyzedRange {
  const registry = schemaRegistry();
  const stretches = new Utf8Stretches();
  const lines: AnalyzedLine[] = [];
  let positions = new Float64Array(256);
  let validUtf8 = true;
  forEachLineInRange(
    reader,
    from,
    to,
    (bytes, start, end, eolLength, position, available) => {
      if (end - start > maxLineBytes) throw new Error(`a line of ${end - start} bytes, more than ${maxLineBytes}`);
      const knownUtf8 = stretches.known(bytes, start, end, position, available);
      const { validUtf8: valid, ...line } = analyzeLineBytes(bytes, start, end, eolLength, registry, limits, true, knownUtf8);
      if (!valid) validUtf8 = false;
      const i = lines.length;
      if (2 * i + 2 > positions.length) {
        const larger = new Float64Array(positions.length * 2);
        larger.set(positions);
        positions = larger;
      }
      positions[2 * i] = position;
      positions[2 * i + 1] = position + end - start;
      lines.push(line);
    },
    buffer,
  );
  return { lines, positions: positions.subarray(0, 2 * lines.length), validUtf8 };
}

/** Where each line of a pass starts and ends (UTF-16 offsets in a text, byte offsets in bytes). */
class LineOffsets {
  private offsets = new Float64Array(1024);
  count = 0;

  clear(): void {
    this.count = 0;
  }

  push(start: number, end: number): void {
    if (2 * this.count + 2 > this.offsets.length) {
      const larger = new Float64Array(this.offsets.length * 2);
      larger.set(this.offsets);
      this.offsets = larger;
    }
    this.offsets[2 * this.count] = start;
    this.offsets[2 * this.count + 1] = end;
    this.count++;
  }

  start(index: number): number {
    return this.offsets[2 * index];
  }

  end(index: number): number {
    return this.offsets[2 * index + 1];
  }
}
