import { formatCount } from '../../../common/src/plural';
import type { LineFacts } from './analyzeLine';
import { spliceMany } from './arrays';
import { quote } from './describe';
import { type BatchDiagnostic, DEFAULT_SEVERITY, type DiagnosticCode, type LineSpan } from './diagnostic';
import { EMBEDDINGS_ENDPOINT } from './endpoints';
import { type BatchLimits, DEFAULT_LIMITS } from './limits';
import { type JsonPath, LineLocator } from './locate';
import { CustomIdSequence } from './nextCustomId';
import { FORMAT_KEY, OTHER_FORMATS, type OtherFormat, otherFormatMessage } from './otherProviderFormat';
import { acceptsUrl, batchOf, type Provider, providerLimits, providerUrlProblem } from './providers';

/** One line of the file as the cross-line checks see it. */
export interface LineRecord {
  index: number;
  facts: LineFacts;
  /** Size of the line break that ends the line (0 for the last line). */
  eolBytes: number;
  /** Spans found on demand for cross-line problems; valid as long as the line is unchanged. */
  spans?: Partial<Record<LocatedField, LineSpan>>;
}

export interface LineInput {
  facts: LineFacts;
  eolBytes: number;
}

/** Text of a line by number, or undefined when it is not at hand (the CLI's first pass). */
export type LineTextSource = (line: number) => string | undefined;

export interface BatchSummary {
  requests: number;
  bytes: number;
  endpoint: string | null;
  model: string | null;
  embeddingInputs: number;
}

type LocatedField = 'custom_id' | 'url' | 'model' | 'input' | 'line';
const fieldPaths: Record<Exclude<LocatedField, 'line'>, JsonPath> = {
  custom_id: ['custom_id'],
  url: ['url'],
  model: ['body', 'model'],
  input: ['body', 'input'],
};

const EMPTY_SPAN: LineSpan = { start: 0, end: 0 };

/** The whole file's state: line facts in order plus the indexes the cross-line rules need
 *  (custom_ids, endpoints, models, sizes), all updated per changed line, never rebuilt. */
export class BatchModel {
  private readonly records: LineRecord[] = [];
  /** The line of each custom_id, or its lines when it is used more than once (a set only then:
   *  one per id would be most of a large file's model). */
  private readonly ids = new Map<string, LineRecord | Set<LineRecord>>();
  private readonly duplicatedIds = new Set<string>();
  private readonly urls: ValueIndex;
  private readonly models: ValueIndex;
  private readonly withProblems = new Set<LineRecord>();
  private readonly blanks = new Set<LineRecord>();
  /** The lines in each other provider's format (none in an OpenAI file). */
  private readonly otherFormatLines = new Map<OtherFormat, Set<LineRecord>>();
  private requestCount = 0;
  private byteCount = 0;
  private embeddingInputCount = 0;
  private batchLikeCount = 0;
  private objectLineCount = 0;

  /** `limits`: the file limits to check (the API's by default). `appendOnly`: the model of one pass
   *  over a file, which only ever appends lines, and keeps less per line for it (an edit still
   *  works, it just costs a pass over the lines first). */
  constructor(
    private readonly limits: Readonly<BatchLimits> = DEFAULT_LIMITS,
    options: { appendOnly?: boolean } = {},
  ) {
    const records = () => this.records;
    this.urls = new ValueIndex((facts) => facts.url, !options.appendOnly, records);
    this.models = new ValueIndex((facts) => facts.model, !options.appendOnly, records);
  }

  get lineCount(): number {
    return this.records.length;
  }

  /** A line's facts (0-based), as last analysed. */
  factsOf(line: number): LineFacts | undefined {
    return this.records[line]?.facts;
  }

  /** The lines that use `id` as their custom_id, in order. */
  linesOfId(id: string): number[] {
    return linesOf(this.ids.get(id))
      .map((record) => record.index)
      .sort((a, b) => a - b);
  }

  append(line: LineInput): void {
    const record: LineRecord = { index: this.records.length, facts: line.facts, eolBytes: line.eolBytes };
    this.records.push(record);
    this.index(record);
  }

  /** Replaces `deleteCount` lines from `start` with `lines`, as an edit does. */
  replace(start: number, deleteCount: number, lines: LineInput[]): LineRecord[] {
    if (deleteCount > 0 || start < this.records.length) this.editing();
    const added: LineRecord[] = lines.map((line, i) => ({ index: start + i, facts: line.facts, eolBytes: line.eolBytes }));
    const removed = spliceMany(this.records, start, deleteCount, added);
    for (const record of removed) this.unindex(record);
    for (const record of added) this.index(record);
    if (removed.length !== added.length) {
      for (let i = start + added.length; i < this.records.length; i++) this.records[i].index = i;
    }
    return added;
  }

  /** An appending model is being edited after all: its indexes keep lines from now on. */
  private editing(): void {
    this.urls.keepAllLines();
    this.models.keepAllLines();
  }

  /** True while the record is part of the file (an edit may have replaced it). */
  contains(record: LineRecord): boolean {
    return this.records[record.index] === record;
  }

  /** Gives a line of the file new facts. */
  update(record: LineRecord, facts: LineFacts): void {
    this.editing();
    this.unindex(record);
    record.facts = facts;
    record.spans = undefined;
    this.index(record);
  }

  /** True when a line reads as a batch request, or the file is another provider's batch file. */
  looksLikeBatch(): boolean {
    return this.batchLikeCount > 0 || this.otherFormat() !== undefined;
  }

  /** The other provider's format most of the file's JSON object lines are in, if any. */
  otherFormat(): OtherFormat | undefined {
    for (const format of OTHER_FORMATS) if ((this.otherFormatLines.get(format)?.size ?? 0) * 2 > this.objectLineCount) return format;
    return undefined;
  }

  /** True when some line is a JSON object, so the content can speak for the file's kind. */
  hasObjectLines(): boolean {
    return this.objectLineCount > 0;
  }

  /** `provider`: whose endpoints the file's endpoint is chosen from. */
  summary(provider: Provider = 'openai'): BatchSummary {
    return {
      requests: this.requestCount,
      bytes: this.byteCount,
      endpoint: this.fileEndpoint(provider) ?? null,
      model: this.models.majority() ?? null,
      embeddingInputs: this.embeddingInputCount,
    };
  }

  /** Every custom_id the file uses, each once (for the id a new request gets). */
  customIds(): IterableIterator<string> {
    return this.ids.keys();
  }

  /** All problems of the file, in line order, by the provider's rules (urls, limits); a file in
   *  another provider's format has that one problem. Cost grows with the number of problems, not lines. */
  diagnostics(textOf: LineTextSource, provider: Provider = 'openai'): BatchDiagnostic[] {
    const format = this.otherFormat();
    if (format) return [this.otherFormatDiagnostic(format, textOf)];
    const out: BatchDiagnostic[] = [];
    const push: PushFn = (record, code, span, param, message, extra) =>
      void out.push({ line: record.index, ...span, severity: DEFAULT_SEVERITY[code], code, param, message, ...extra });

    for (const record of this.withProblems) {
      for (const problem of record.facts.problems) out.push({ line: record.index, severity: DEFAULT_SEVERITY[problem.code], ...problem });
    }
    const lastLine = this.records.length - 1;
    for (const record of this.requestCount > 0 ? this.blanks : []) {
      if (record.index === lastLine) continue; // the empty line after the final line break
      push(
        record,
        'blank_line',
        this.span(record, 'line', textOf),
        null,
        'This line is blank. Remove it: the API reads every line as a request, so a blank one is not valid JSON.',
        { data: { deleteLine: true } },
      );
    }
    this.urlDiagnostics(textOf, push, provider);
    this.duplicateDiagnostics(textOf, push);
    this.mismatchDiagnostics(textOf, push, provider);
    this.limitDiagnostics(textOf, push, provider);
    return out.sort((a, b) => a.line - b.line || a.start - b.start);
  }

  /** On the first line in the format, at the key that gives it away. */
  private otherFormatDiagnostic(format: OtherFormat, textOf: LineTextSource): BatchDiagnostic {
    let first: LineRecord | undefined;
    let count = 0;
    for (const record of this.otherFormatLines.get(format) ?? []) {
      count++;
      if (!first || record.index < first.index) first = record;
    }
    const line = first?.index ?? 0;
    const text = textOf(line);
    const span = text === undefined ? EMPTY_SPAN : new LineLocator(text.replace(/^\uFEFF/, ' ')).key([FORMAT_KEY[format]]);
    const code = 'other_provider_format';
    return {
      line,
      ...span,
      severity: DEFAULT_SEVERITY[code],
      code,
      param: null,
      message: otherFormatMessage(format, count, this.objectLineCount),
    };
  }

  /** Urls that another provider runs and this one does not (`/chat/completions` for OpenAI); urls
   *  that no provider runs are reported with the line's own problems. */
  private urlDiagnostics(textOf: LineTextSource, push: PushFn, provider: Provider): void {
    for (const url of this.urls.values()) {
      const problem = providerUrlProblem(url, provider);
      if (!problem) continue;
      for (const record of this.urls.linesOf(url))
        push(record, 'unsupported_url', this.span(record, 'url', textOf), 'url', problem.message, { data: problem.data });
    }
  }

  private duplicateDiagnostics(textOf: LineTextSource, push: PushFn): void {
    if (this.duplicatedIds.size === 0) return;
    const later: { id: string; record: LineRecord; first: LineRecord }[] = [];
    for (const id of this.duplicatedIds) {
      const group = linesOf(this.ids.get(id)).sort((a, b) => a.index - b.index);
      for (const record of group.slice(1)) later.push({ id, record, first: group[0] });
    }
    // Each later use gets its own fresh id in the file's numbering (`req-41` after `req-40`),
    // handed out in line order, so applying every fix leaves no id used twice.
    later.sort((a, b) => a.record.index - b.record.index);
    const fresh = new CustomIdSequence(this.ids.keys(), (id) => this.ids.has(id));
    for (const { id, record, first } of later) {
      const shown = quote(id);
      push(
        record,
        'duplicate_custom_id',
        this.span(record, 'custom_id', textOf),
        'custom_id',
        `custom_id ${shown} is already used on line ${first.index + 1}. Each request needs its own custom_id, or its result cannot be matched to it.`,
        {
          related: [{ line: first.index, ...this.span(first, 'custom_id', textOf), message: `First use of custom_id ${shown}` }],
          data: { replacements: [JSON.stringify(fresh.nextFor(id))] },
        },
      );
    }
  }

  private mismatchDiagnostics(textOf: LineTextSource, push: PushFn, provider: Provider): void {
    const endpoint = this.fileEndpoint(provider);
    if (endpoint !== undefined) {
      const count = this.urls.count(endpoint);
      for (const url of this.urls.values()) {
        if (url === endpoint || !acceptsUrl(provider, url)) continue; // unsupported urls are reported per line
        for (const record of this.urls.linesOf(url)) {
          push(
            record,
            'invalid_url',
            this.span(record, 'url', textOf),
            'url',
            `This request goes to ${quote(url)}, but the file's endpoint is ${endpoint} (${formatCount(count)} of ${formatCount(this.requestCount)} requests). A batch runs against a single endpoint.`,
            { data: { replacements: [JSON.stringify(endpoint)] } },
          );
        }
      }
    }
    const model = this.models.majority();
    if (model !== undefined) {
      const count = this.models.count(model);
      for (const other of this.models.values()) {
        if (other === model) continue;
        for (const record of this.models.linesOf(other)) {
          push(
            record,
            'mismatched_model',
            this.span(record, 'model', textOf),
            'body.model',
            `This request uses model ${quote(other)}, but the file's model is ${quote(model)} (${formatCount(count)} of ${formatCount(this.requestCount)} requests). A batch must use one model throughout.`,
            { data: { replacements: [JSON.stringify(model)] } },
          );
        }
      }
    }
  }

  private limitDiagnostics(textOf: LineTextSource, push: PushFn, provider: Provider): void {
    const { requestsPerFile, fileBytes, embeddingInputsPerFile } = providerLimits(this.limits, provider);
    const first = this.records[0];
    if (this.requestCount === 0 && first) {
      push(
        first,
        'empty_file',
        EMPTY_SPAN,
        null,
        'This batch file has no requests. Add one JSON object per line: {"custom_id": ..., "method": "POST", "url": ..., "body": {...}}.',
      );
      return;
    }
    if (this.requestCount > requestsPerFile) {
      let seen = 0;
      const over = this.records.find((r) => !r.facts.blank && ++seen > requestsPerFile);
      if (over) {
        push(
          over,
          'too_many_requests',
          this.span(over, 'line', textOf),
          null,
          `The file has ${formatCount(this.requestCount)} requests; ${batchOf(provider)} may hold at most ${formatCount(requestsPerFile)}. This is the first request past the limit: Split into Batches (a quick fix here, or the command) writes it as parts that each fit.`,
        );
      }
    }
    if (this.byteCount > fileBytes) {
      let bytes = 0;
      const over = this.records.find((r) => (bytes += r.facts.byteLength + r.eolBytes) > fileBytes);
      if (over) {
        push(
          over,
          'file_too_large',
          this.span(over, 'line', textOf),
          null,
          `The file is ${megabytes(this.byteCount)} MB; the API accepts at most ${megabytes(fileBytes)} MB per batch file. This line crosses the limit: Split into Batches (a quick fix here, or the command) writes it as parts that each fit.`,
        );
      }
    }
    if (this.fileEndpoint(provider) === EMBEDDINGS_ENDPOINT && this.embeddingInputCount > embeddingInputsPerFile) {
      let inputs = 0;
      const over = this.records.find(
        (r) => r.facts.url === EMBEDDINGS_ENDPOINT && (inputs += r.facts.embeddingInputs) > embeddingInputsPerFile,
      );
      if (over) {
        push(
          over,
          'too_many_embedding_inputs',
          this.span(over, 'input', textOf),
          'body.input',
          `The file sends ${formatCount(this.embeddingInputCount)} embedding inputs; an embeddings batch may send at most ${formatCount(embeddingInputsPerFile)} in all. The limit is passed on this line: Split into Batches (a quick fix here, or the command) writes it as parts that each fit.`,
        );
      }
    }
  }

  private fileEndpoint(provider: Provider): string | undefined {
    return this.urls.majority((url) => acceptsUrl(provider, url));
  }

  private span(record: LineRecord, field: LocatedField, textOf: LineTextSource): LineSpan {
    const cached = record.spans?.[field];
    if (cached) return cached;
    const text = textOf(record.index);
    if (text === undefined) return EMPTY_SPAN;
    this.locate(record, text);
    return record.spans?.[field] ?? EMPTY_SPAN;
  }

  /** Finds and keeps every span a cross-line problem may need on this line. */
  private locate(record: LineRecord, text: string): void {
    const locator = new LineLocator(text.replace(/^\uFEFF/, ' '));
    const spans: Partial<Record<LocatedField, LineSpan>> = { line: { start: 0, end: text.length } };
    if (!record.facts.blank) for (const [field, path] of Object.entries(fieldPaths)) spans[field as LocatedField] = locator.value(path);
    record.spans = spans;
  }

  /** Keeps the spans of a line whose text will not be at hand later (the CLI's second pass
   *  calls this for the lines a first `diagnostics` call asked for). */
  rememberSpans(line: number, text: string): void {
    const record = this.records[line];
    if (record && !record.spans) this.locate(record, text);
  }

  private index(record: LineRecord): void {
    const { facts } = record;
    this.byteCount += facts.byteLength + record.eolBytes;
    if (facts.blank) {
      this.blanks.add(record);
      return;
    }
    this.requestCount++;
    if (facts.looksLikeBatch) this.batchLikeCount++;
    if (facts.isObject) this.objectLineCount++;
    if (facts.problems.length > 0) this.withProblems.add(record);
    if (facts.otherFormat !== undefined) {
      let lines = this.otherFormatLines.get(facts.otherFormat);
      if (!lines) this.otherFormatLines.set(facts.otherFormat, (lines = new Set()));
      lines.add(record);
    }
    if (facts.customId !== undefined && addId(this.ids, facts.customId, record) === 2) this.duplicatedIds.add(facts.customId);
    if (facts.url !== undefined) this.urls.add(facts.url, record);
    if (facts.model !== undefined) this.models.add(facts.model, record);
    if (facts.url === EMBEDDINGS_ENDPOINT) this.embeddingInputCount += facts.embeddingInputs;
  }

  private unindex(record: LineRecord): void {
    const { facts } = record;
    this.byteCount -= facts.byteLength + record.eolBytes;
    if (facts.blank) {
      this.blanks.delete(record);
      return;
    }
    this.requestCount--;
    if (facts.looksLikeBatch) this.batchLikeCount--;
    if (facts.isObject) this.objectLineCount--;
    this.withProblems.delete(record);
    if (facts.otherFormat !== undefined) this.otherFormatLines.get(facts.otherFormat)?.delete(record);
    if (facts.customId !== undefined && removeId(this.ids, facts.customId, record) < 2) this.duplicatedIds.delete(facts.customId);
    if (facts.url !== undefined) this.urls.remove(facts.url, record);
    if (facts.model !== undefined) this.models.remove(facts.model, record);
    if (facts.url === EMBEDDINGS_ENDPOINT) this.embeddingInputCount -= facts.embeddingInputs;
  }
}

type PushFn = (
  record: LineRecord,
  code: DiagnosticCode,
  span: LineSpan,
  param: string | null,
  message: string,
  extra?: Partial<BatchDiagnostic>,
) => void;

function linesOf(entry: LineRecord | Set<LineRecord> | undefined): LineRecord[] {
  if (entry === undefined) return [];
  return entry instanceof Set ? [...entry] : [entry];
}

function addId(map: Map<string, LineRecord | Set<LineRecord>>, key: string, record: LineRecord): number {
  const entry = map.get(key);
  if (entry === undefined) {
    map.set(key, record);
    return 1;
  }
  if (entry instanceof Set) return entry.add(record).size;
  if (entry === record) return 1;
  map.set(key, new Set([entry, record]));
  return 2;
}

function removeId(map: Map<string, LineRecord | Set<LineRecord>>, key: string, record: LineRecord): number {
  const entry = map.get(key);
  if (entry === undefined) return 0;
  if (!(entry instanceof Set)) {
    if (entry !== record) return 1;
    map.delete(key);
    return 0;
  }
  entry.delete(record);
  if (entry.size === 1) map.set(key, entry.values().next().value as LineRecord);
  else if (entry.size === 0) map.delete(key);
  return entry.size;
}

/** The lines that use each value of a field (a url, a model), for the majority and the lines
 *  that differ from it: how many use each value and the first of them, and their lines. An
 *  editor's model keeps each value's lines in a set, so an edit costs no pass over the file. The
 *  model of one pass over a file only appends, and keeps no set: a set per value would be a large
 *  file's biggest structure, while only the few lines of minority values are ever asked for, all
 *  found in one pass over the lines when they are. */
class ValueIndex {
  private readonly groups = new Map<string, { count: number; first: LineRecord; lines?: Set<LineRecord> }>();
  /** An appending index's lines of each value, found when first asked for. */
  private found: Map<string, LineRecord[]> | undefined;

  constructor(
    private readonly valueOf: (facts: LineFacts) => string | undefined,
    private keepLines: boolean,
    private readonly records: () => readonly LineRecord[],
  ) {}

  add(value: string, record: LineRecord): void {
    this.found = undefined;
    const group = this.groups.get(value);
    if (!group) {
      this.groups.set(value, { count: 1, first: record, lines: this.keepLines ? new Set([record]) : undefined });
      return;
    }
    group.count++;
    group.lines?.add(record);
  }

  remove(value: string, record: LineRecord): void {
    if (!this.keepLines) throw new Error('a line removed from an appending index');
    this.found = undefined;
    const group = this.groups.get(value);
    if (!group?.lines?.delete(record)) return;
    group.count--;
    if (group.count === 0) this.groups.delete(value);
  }

  values(): IterableIterator<string> {
    return this.groups.keys();
  }

  count(value: string): number {
    return this.groups.get(value)?.count ?? 0;
  }

  firstLine(value: string): number {
    const group = this.groups.get(value);
    if (!group) return Infinity;
    if (!group.lines) return group.first.index; // appended in order: the first is the lowest
    let first = Infinity;
    for (const record of group.lines) first = Math.min(first, record.index);
    return first;
  }

  linesOf(value: string): Iterable<LineRecord> {
    const group = this.groups.get(value);
    if (!group) return [];
    if (group.lines) return group.lines;
    if (!this.found) {
      // Every value's lines but the largest group's, in one pass: those are the ones asked for.
      let largest: string | undefined;
      for (const [candidate, { count }] of this.groups) if (largest === undefined || count > this.count(largest)) largest = candidate;
      this.found = new Map([...this.groups.keys()].filter((v) => v !== largest).map((v) => [v, []]));
      for (const record of this.records()) {
        const of = this.valueOf(record.facts);
        if (of !== undefined) this.found.get(of)?.push(record);
      }
    }
    return this.found.get(value) ?? this.records().filter((record) => this.valueOf(record.facts) === value);
  }

  /** Makes an appending index keep each value's lines from now on, as an editor's does: called
   *  before the first edit, while the indexed lines are the model's lines. */
  keepAllLines(): void {
    if (this.keepLines) return;
    this.keepLines = true;
    this.found = undefined;
    for (const group of this.groups.values()) group.lines = new Set();
    for (const record of this.records()) {
      const value = this.valueOf(record.facts);
      if (value !== undefined) this.groups.get(value)?.lines?.add(record);
    }
  }

  /** The value most lines use (of those `accept`ed); on a tie, the one that appears first. */
  majority(accept: (value: string) => boolean = () => true): string | undefined {
    let best: string | undefined;
    let bestCount = 0;
    let bestFirstLine: number | undefined; // found only when a tie needs it
    for (const [value, { count }] of this.groups) {
      if (!accept(value)) continue;
      if (count > bestCount) {
        best = value;
        bestCount = count;
        bestFirstLine = undefined;
      } else if (count === bestCount && best !== undefined) {
        bestFirstLine ??= this.firstLine(best);
        const firstLine = this.firstLine(value);
        if (firstLine < bestFirstLine) {
          best = value;
          bestFirstLine = firstLine;
        }
      }
    }
    return best;
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
