import type { LineFacts } from './analyzeLine';
import { spliceMany } from './arrays';
import { quote } from './describe';
import { type BatchDiagnostic, DEFAULT_SEVERITY, type DiagnosticCode, type LineSpan } from './diagnostic';
import { EMBEDDINGS_ENDPOINT, isBatchEndpoint } from './endpoints';
import { type BatchLimits, DEFAULT_LIMITS } from './limits';
import { type JsonPath, LineLocator } from './locate';

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
  private readonly ids = new Map<string, Set<LineRecord>>();
  private readonly duplicatedIds = new Set<string>();
  private readonly urls = new Map<string, Set<LineRecord>>();
  private readonly models = new Map<string, Set<LineRecord>>();
  private readonly withProblems = new Set<LineRecord>();
  private readonly blanks = new Set<LineRecord>();
  private requestCount = 0;
  private byteCount = 0;
  private embeddingInputCount = 0;
  private batchLikeCount = 0;
  private objectLineCount = 0;

  /** `limits`: the file limits to check (the API's by default). */
  constructor(private readonly limits: Readonly<BatchLimits> = DEFAULT_LIMITS) {}

  get lineCount(): number {
    return this.records.length;
  }

  append(line: LineInput): void {
    this.replace(this.records.length, 0, [line]);
  }

  /** Replaces `deleteCount` lines from `start` with `lines`, as an edit does. */
  replace(start: number, deleteCount: number, lines: LineInput[]): LineRecord[] {
    const added: LineRecord[] = lines.map((line, i) => ({ index: start + i, facts: line.facts, eolBytes: line.eolBytes }));
    const removed = spliceMany(this.records, start, deleteCount, added);
    for (const record of removed) this.unindex(record);
    for (const record of added) this.index(record);
    if (removed.length !== added.length) {
      for (let i = start + added.length; i < this.records.length; i++) this.records[i].index = i;
    }
    return added;
  }

  /** True while the record is part of the file (an edit may have replaced it). */
  contains(record: LineRecord): boolean {
    return this.records[record.index] === record;
  }

  /** Gives a line of the file new facts. */
  update(record: LineRecord, facts: LineFacts): void {
    this.unindex(record);
    record.facts = facts;
    record.spans = undefined;
    this.index(record);
  }

  /** True when a line reads as a batch request. */
  looksLikeBatch(): boolean {
    return this.batchLikeCount > 0;
  }

  /** True when some line is a JSON object, so the content can speak for the file's kind. */
  hasObjectLines(): boolean {
    return this.objectLineCount > 0;
  }

  summary(): BatchSummary {
    return {
      requests: this.requestCount,
      bytes: this.byteCount,
      endpoint: this.fileEndpoint() ?? null,
      model: majority(this.models) ?? null,
      embeddingInputs: this.embeddingInputCount,
    };
  }

  /** All problems of the file, in line order. Cost grows with the number of problems, not lines. */
  diagnostics(textOf: LineTextSource): BatchDiagnostic[] {
    const out: BatchDiagnostic[] = [];
    const push = (record: LineRecord, code: DiagnosticCode, span: LineSpan, param: string | null, message: string, extra?: Partial<BatchDiagnostic>) =>
      out.push({ line: record.index, ...span, severity: DEFAULT_SEVERITY[code], code, param, message, ...extra });

    for (const record of this.withProblems) {
      for (const problem of record.facts.problems) out.push({ line: record.index, severity: DEFAULT_SEVERITY[problem.code], ...problem });
    }
    const lastLine = this.records.length - 1;
    for (const record of this.requestCount > 0 ? this.blanks : []) {
      if (record.index === lastLine) continue; // the empty line after the final line break
      push(record, 'blank_line', this.span(record, 'line', textOf), null,
        'This line is blank. Remove it: the API reads every line as a request, so a blank one is not valid JSON.',
        { data: { deleteLine: true } });
    }
    this.duplicateDiagnostics(textOf, push);
    this.mismatchDiagnostics(textOf, push);
    this.limitDiagnostics(textOf, push);
    return out.sort((a, b) => a.line - b.line || a.start - b.start);
  }

  private duplicateDiagnostics(textOf: LineTextSource, push: PushFn): void {
    for (const id of this.duplicatedIds) {
      const group = [...(this.ids.get(id) ?? [])].sort((a, b) => a.index - b.index);
      const first = group[0];
      const firstSpan = this.span(first, 'custom_id', textOf);
      const shown = quote(id);
      const taken = new Set<string>();
      for (const record of group.slice(1)) {
        const fresh = this.unusedId(id, taken);
        push(record, 'duplicate_custom_id', this.span(record, 'custom_id', textOf), 'custom_id',
          `custom_id ${shown} is already used on line ${first.index + 1}. Each request needs its own custom_id, or its result cannot be matched to it.`,
          {
            related: [{ line: first.index, ...firstSpan, message: `First use of custom_id ${shown}` }],
            data: { replacements: [JSON.stringify(fresh)] },
          });
      }
    }
  }

  private mismatchDiagnostics(textOf: LineTextSource, push: PushFn): void {
    const endpoint = this.fileEndpoint();
    if (endpoint !== undefined) {
      const count = this.urls.get(endpoint)?.size ?? 0;
      for (const [url, records] of this.urls) {
        if (url === endpoint || !isBatchEndpoint(url)) continue; // unsupported urls are reported per line
        for (const record of records) {
          push(record, 'invalid_url', this.span(record, 'url', textOf), 'url',
            `This request goes to ${quote(url)}, but the file's endpoint is ${endpoint} (${count} of ${this.requestCount} requests). A batch runs against a single endpoint.`,
            { data: { replacements: [JSON.stringify(endpoint)] } });
        }
      }
    }
    const model = majority(this.models);
    if (model !== undefined) {
      const count = this.models.get(model)?.size ?? 0;
      for (const [other, records] of this.models) {
        if (other === model) continue;
        for (const record of records) {
          push(record, 'mismatched_model', this.span(record, 'model', textOf), 'body.model',
            `This request uses model ${quote(other)}, but the file's model is ${quote(model)} (${count} of ${this.requestCount} requests). A batch must use one model throughout.`,
            { data: { replacements: [JSON.stringify(model)] } });
        }
      }
    }
  }

  private limitDiagnostics(textOf: LineTextSource, push: PushFn): void {
    const { requestsPerFile, fileBytes, embeddingInputsPerFile } = this.limits;
    const first = this.records[0];
    if (this.requestCount === 0 && first) {
      push(first, 'empty_file', EMPTY_SPAN, null,
        'This batch file has no requests. Add one JSON object per line: {"custom_id": ..., "method": "POST", "url": ..., "body": {...}}.');
      return;
    }
    if (this.requestCount > requestsPerFile) {
      let seen = 0;
      const over = this.records.find((r) => !r.facts.blank && ++seen > requestsPerFile);
      if (over) {
        push(over, 'too_many_requests', this.span(over, 'line', textOf), null,
          `The file has ${this.requestCount.toLocaleString('en-US')} requests; a batch may hold at most ${requestsPerFile.toLocaleString('en-US')}. This is the first request past the limit: split the file here.`);
      }
    }
    if (this.byteCount > fileBytes) {
      let bytes = 0;
      const over = this.records.find((r) => (bytes += r.facts.byteLength + r.eolBytes) > fileBytes);
      if (over) {
        push(over, 'file_too_large', this.span(over, 'line', textOf), null,
          `The file is ${megabytes(this.byteCount)} MB; the API accepts at most ${megabytes(fileBytes)} MB per batch file. This line crosses the limit: split the file before it.`);
      }
    }
    if (this.fileEndpoint() === EMBEDDINGS_ENDPOINT && this.embeddingInputCount > embeddingInputsPerFile) {
      let inputs = 0;
      const over = this.records.find((r) => r.facts.url === EMBEDDINGS_ENDPOINT && (inputs += r.facts.embeddingInputs) > embeddingInputsPerFile);
      if (over) {
        push(over, 'too_many_embedding_inputs', this.span(over, 'input', textOf), 'body.input',
          `The file sends ${this.embeddingInputCount.toLocaleString('en-US')} embedding inputs; an embeddings batch may send at most ${embeddingInputsPerFile.toLocaleString('en-US')} in all. The limit is passed on this line: split the file here.`);
      }
    }
  }

  private fileEndpoint(): string | undefined {
    return majority(this.urls, isBatchEndpoint);
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

  /** A custom_id no line uses and no other fix offers yet (`taken` collects those offered). */
  private unusedId(id: string, taken: Set<string>): string {
    for (let n = 2; ; n++) {
      const candidate = `${id}-${n}`;
      if (!this.ids.has(candidate) && !taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
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
    if (facts.customId !== undefined && addTo(this.ids, facts.customId, record) === 2) this.duplicatedIds.add(facts.customId);
    if (facts.url !== undefined) addTo(this.urls, facts.url, record);
    if (facts.model !== undefined) addTo(this.models, facts.model, record);
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
    if (facts.customId !== undefined && removeFrom(this.ids, facts.customId, record) < 2) this.duplicatedIds.delete(facts.customId);
    if (facts.url !== undefined) removeFrom(this.urls, facts.url, record);
    if (facts.model !== undefined) removeFrom(this.models, facts.model, record);
    if (facts.url === EMBEDDINGS_ENDPOINT) this.embeddingInputCount -= facts.embeddingInputs;
  }
}

type PushFn = (record: LineRecord, code: DiagnosticCode, span: LineSpan, param: string | null, message: string, extra?: Partial<BatchDiagnostic>) => void;

function addTo(map: Map<string, Set<LineRecord>>, key: string, record: LineRecord): number {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(record);
  return set.size;
}

function removeFrom(map: Map<string, Set<LineRecord>>, key: string, record: LineRecord): number {
  const set = map.get(key);
  if (!set) return 0;
  set.delete(record);
  if (set.size === 0) map.delete(key);
  return set.size;
}

/** The value most lines use; on a tie, the one that appears first in the file. */
function majority(map: Map<string, Set<LineRecord>>, accept: (value: string) => boolean = () => true): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  let bestFirstLine: number | undefined; // found only when a tie needs it
  for (const [value, records] of map) {
    if (!accept(value)) continue;
    if (records.size > bestCount) {
      best = value;
      bestCount = records.size;
      bestFirstLine = undefined;
    } else if (records.size === bestCount && best !== undefined) {
      bestFirstLine ??= firstLineOf(map.get(best));
      const firstLine = firstLineOf(records);
      if (firstLine < bestFirstLine) {
        best = value;
        bestFirstLine = firstLine;
      }
    }
  }
  return best;
}

function firstLineOf(records: Set<LineRecord> | undefined): number {
  let first = Infinity;
  for (const record of records ?? []) first = Math.min(first, record.index);
  return first;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
