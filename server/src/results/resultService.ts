/** A batch's results beside its requests, over LSP: the marker at the end of each request line
 *  (inlay hints), the result in the hover of a custom_id, Go to Definition from a request to its
 *  result line and back, and the joined table Show Results asks for (batchStudio/results). Result
 *  files are found by name and by the user's links (ResultPairs) and read once per version
 *  (ResultReader); when one changes, the client is told which inputs to look at again. */
import * as path from 'node:path';
import {
  type CancellationToken,
  type Hover,
  type InlayHint,
  type InlayHintLabelPart,
  type Location,
  LSPErrorCodes,
  MarkupKind,
  type Position,
  type Range,
  ResponseError,
} from 'vscode-languageserver/node';
import type { ResultLinksParams, ResultsAnswer, ResultsParams } from '../../../common/src/protocol';
import { throwIfCancelled } from '../cancellation';
import { type BatchDocument, customIdSpans } from '../core';
import {
  escapeMarkdown,
  findResult,
  isResultFileName,
  joinResults,
  notRunMarkdown,
  oneLine,
  outcomeLabel,
  parseResultLine,
  promptOfLine,
  type ResultFileIndex,
  resultMarkdown,
  resultRecord,
} from '../core/results';
import { firstLine } from './fileLines';
import { ResultPairs } from './resultPairs';
import { filePath, type OpenDocuments, type OpenText, type RequestPlace, ResultReader } from './resultReader';

/** How many characters of a prompt and a reply a row of the table carries. */
const ROW_PROMPT_CHARS = 60;
const ROW_REPLY_CHARS = 60;

export interface ResultServiceEvents {
  /** Inputs whose results may read differently now. */
  resultsChanged(inputs: string[]): void;
}

/** The file's name as a person reads it, from its URI. */
export function fileName(uri: string): string {
  const file = filePath(uri);
  if (file !== undefined) return path.basename(file);
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The custom_id under the cursor (on its key or its value), and where its value is. */
function customIdAt(document: BatchDocument, position: Position): { id: string; range: Range } | undefined {
  const id = document.model.factsOf(position.line)?.customId;
  const text = document.lineText(position.line);
  if (id === undefined || text === undefined) return undefined;
  const spans = customIdSpans(text, id);
  if (!spans || position.character < spans.key.start || position.character > spans.value.end) return undefined;
  return { id, range: lineRange(position.line, spans.value.start, spans.value.end) };
}

export class ResultService {
  private readonly reader: ResultReader;
  private readonly pairs: ResultPairs;

  constructor(
    private readonly openDocument: OpenDocuments,
    private readonly events: ResultServiceEvents,
  ) {
    this.reader = new ResultReader(openDocument);
    this.pairs = new ResultPairs((uri) => this.reader.exists(uri));
  }

  /** batchStudio/resultLinks. */
  setLinks(params: ResultLinksParams | undefined): void {
    const changed = this.pairs.setLinks(params);
    if (changed.length > 0) this.events.resultsChanged(changed);
  }

  /** Files created, changed or deleted on disk: what was read of them is read again when next
   *  needed, and the inputs they belong to are announced. */
  filesChanged(uris: readonly string[]): void {
    const inputs = new Set<string>();
    for (const uri of uris) {
      if (typeof uri !== 'string') continue;
      this.reader.forget(uri);
      for (const input of this.pairs.affectedInputs(uri)) inputs.add(input);
    }
    if (inputs.size > 0) this.events.resultsChanged([...inputs]);
  }

  /** A result file: named like one, linked as one, or holding result lines. */
  isResultDocument(uri: string, document: BatchDocument): boolean {
    if (isResultFileName(uri) || this.pairs.isLinkedResult(uri)) return true;
    for (let line = 0; line < document.lineCount; line++) {
      const text = document.lineText(line) ?? '';
      if (text.trim() !== '') return resultRecord(text) !== undefined;
    }
    return false;
  }

  private async indexes(files: readonly string[]): Promise<ResultFileIndex[]> {
    return (await Promise.all(files.map((file) => this.reader.resultIndex(file)))).filter((i): i is ResultFileIndex => i !== undefined);
  }

  /** A marker at the end of each request line in `range` of an input whose results are there. */
  async inlayHints(uri: string, open: OpenText, range: Range): Promise<InlayHint[]> {
    const { document } = open;
    if (this.isResultDocument(uri, document)) return [];
    const files = await this.pairs.resultFilesOf(uri);
    if (files.length === 0) return [];
    const indexes = await this.indexes(files);
    const names = files.map(fileName);
    const model = document.model;
    const hints: InlayHint[] = [];
    const last = Math.min(range.end.line, document.lineCount - 1);
    for (let line = Math.max(0, range.start.line); line <= last; line++) {
      const id = model.factsOf(line)?.customId;
      if (id === undefined) continue;
      const result = findResult(indexes, id);
      const part: InlayHintLabelPart = {
        value: outcomeLabel(result),
        tooltip: {
          kind: MarkupKind.Markdown,
          value: result ? resultMarkdown(result, { fileName: fileName(result.uri), maxReplyChars: 300 }) : notRunMarkdown(names),
        },
      };
      if (result) part.location = { uri: result.uri, range: lineRange(result.line, result.idStart, result.idEnd) };
      hints.push({ position: { line, character: (document.lineText(line) ?? '').length }, label: [part], paddingLeft: true });
    }
    return hints;
  }

  /** The hover section of a custom_id: in an input, its result; in a result file, its request
   *  and the result read whole. */
  async hover(uri: string, open: OpenText, position: Position): Promise<Hover | null> {
    const at = customIdAt(open.document, position);
    if (!at) return null;
    const markdown = this.isResultDocument(uri, open.document)
      ? await this.requestHover(uri, open.document.lineText(position.line) ?? '', position.line, at.id)
      : await this.resultHover(uri, at.id);
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: at.range } : null;
  }

  private async resultHover(input: string, id: string): Promise<string | undefined> {
    const files = await this.pairs.resultFilesOf(input);
    if (files.length === 0) return undefined;
    const result = findResult(await this.indexes(files), id);
    if (!result) return notRunMarkdown(files.map(fileName));
    const text = await this.reader.lineText(result.uri, result.line, result.position, result.bytes);
    const line = text === undefined ? undefined : parseResultLine(text);
    return resultMarkdown(result, { fileName: fileName(result.uri), line: line?.customId === id ? line : undefined });
  }

  private async requestHover(resultUri: string, text: string, line: number, id: string): Promise<string | undefined> {
    const parsed = parseResultLine(text);
    const own = findResult([this.ownIndex(resultUri, text, line)], id);
    const parts: string[] = [];
    const input = await this.pairs.inputOf(resultUri);
    const place = input === undefined ? undefined : await this.requestPlace(input, id);
    if (input !== undefined && place) {
      const prompt = oneLine(place.prompt, 200);
      parts.push(
        `**Request** — ${escapeMarkdown(fileName(input))}, line ${place.line + 1}${prompt ? `\n\n> ${escapeMarkdown(prompt)}` : ''}`,
      );
    } else {
      parts.push(
        input === undefined
          ? '**Request**: the input file is not known. Download results beside their input (`run.jsonl` → `run.output.jsonl`), or use **Link Results File…** on the input.'
          : `**Request**: no line of ${escapeMarkdown(fileName(input))} has this custom_id.`,
      );
    }
    if (own) parts.push(resultMarkdown(own, { fileName: fileName(resultUri), line: parsed }));
    return parts.join('\n\n---\n\n');
  }

  /** This one line as a result (its index entry), without reading the rest of its file. */
  private ownIndex(uri: string, text: string, line: number): ResultFileIndex {
    const index: ResultFileIndex = { uri, byId: new Map(), order: [], unreadable: 0 };
    const parsed = parseResultLine(text);
    if (!parsed) return index;
    const spans = customIdSpans(text, parsed.customId)?.value ?? { start: 0, end: 0 };
    const entry = {
      customId: parsed.customId,
      succeeded: parsed.succeeded,
      statusCode: parsed.statusCode,
      errorCode: parsed.errorCode,
      errorMessage: parsed.errorMessage,
      reply: parsed.reply?.text ?? '',
      replyKind: parsed.reply?.kind ?? null,
      cutOff: parsed.reply?.cutOff ?? null,
      usage: parsed.usage,
      uri,
      line,
      idStart: spans.start,
      idEnd: spans.end,
      position: 0,
      bytes: 0,
    };
    index.byId.set(entry.customId, entry);
    index.order.push(entry);
    return index;
  }

  /** Go to Definition on a custom_id: from a request to its result line, from a result to its request. */
  async definition(uri: string, open: OpenText, position: Position): Promise<Location[]> {
    const at = customIdAt(open.document, position);
    if (!at) return [];
    if (this.isResultDocument(uri, open.document)) {
      const input = await this.pairs.inputOf(uri);
      const place = input === undefined ? undefined : await this.requestPlace(input, at.id);
      return input !== undefined && place ? [{ uri: input, range: lineRange(place.line, place.start, place.end) }] : [];
    }
    const files = await this.pairs.resultFilesOf(uri);
    if (files.length === 0) return [];
    const result = findResult(await this.indexes(files), at.id);
    return result ? [{ uri: result.uri, range: lineRange(result.line, result.idStart, result.idEnd) }] : [];
  }

  /** The first request line of an input with the custom_id. */
  private async requestPlace(input: string, id: string): Promise<RequestPlace | undefined> {
    const open = this.openDocument(input);
    if (open) {
      const line = open.document.model.linesOfId(id)[0];
      const text = line === undefined ? undefined : open.document.lineText(line);
      const span = text === undefined ? undefined : customIdSpans(text, id)?.value;
      return line !== undefined && text !== undefined && span ? { line, ...span, prompt: promptOfLine(text) } : undefined;
    }
    return (await this.reader.inputRequests(input))?.firstUse.get(id);
  }

  /** batchStudio/results: the requests of the input joined with the results. `uri` is an input or
   *  one of its result files. */
  async results(params: ResultsParams, token?: CancellationToken): Promise<ResultsAnswer> {
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const exists = await this.reader.exists(uri);
    throwIfCancelled(token);
    if (!exists)
      throw new ResponseError(
        LSPErrorCodes.RequestFailed,
        `${fileName(uri) || 'the file'} is not there (or not a file on disk): there are no results to show.`,
      );
    let input: string | undefined = uri;
    let files: string[] = [];
    if (await this.looksLikeResults(uri)) {
      input = await this.pairs.inputOf(uri);
      files = input === undefined ? [uri] : await this.pairs.resultFilesOf(input);
      if (!files.includes(uri)) files.push(uri);
    } else {
      files = await this.pairs.resultFilesOf(uri);
    }
    throwIfCancelled(token);
    const [requests, indexes] = await Promise.all([
      input === undefined ? undefined : this.reader.inputRequests(input),
      this.indexes(files),
    ]);
    throwIfCancelled(token);
    const joined = joinResults(requests?.requests ?? null, indexes, {
      failuresOnly: params.failuresOnly === true,
      promptChars: ROW_PROMPT_CHARS,
      replyChars: ROW_REPLY_CHARS,
    });
    return { inputUri: requests ? (input ?? null) : null, resultUris: indexes.map((i) => i.uri), ...joined };
  }

  /** A result file by name or link, or by its first line (open or on disk). */
  private async looksLikeResults(uri: string): Promise<boolean> {
    if (isResultFileName(uri) || this.pairs.isLinkedResult(uri)) return true;
    const open = this.openDocument(uri);
    if (open) return this.isResultDocument(uri, open.document);
    const file = filePath(uri);
    const first = file === undefined ? undefined : await firstLine(file, 1 << 20);
    return first !== undefined && resultRecord(first) !== undefined;
  }
}

/** Definitions of a custom_id with its result added: the id's first use when that is another
 *  line (a duplicate), then the result line (or, in a result file, the request). */
export function withResultDefinitions(own: Location | null, position: Position, fromResults: Location[]): Location | Location[] | null {
  if (fromResults.length === 0) return own;
  return [...(own && own.range.start.line !== position.line ? [own] : []), ...fromResults];
}
