/** Reads result files and inputs for the results features, from the document the client synced
 *  when the server has it (its text may be unsaved), else from disk; each read kept until the
 *  document's version or the file's modification time and size change. */
import { fileURLToPath } from 'node:url';
import { type BatchDocument, customIdSpans } from '../core';
import { parseJsonLine, promptOf, type RequestLine, type ResultFileIndex, ResultIndexBuilder } from '../core/results';
import { diskStamp, forEachFileLine, readLineAt } from './fileLines';

/** An open document as the server keeps it. */
export interface OpenText {
  document: BatchDocument;
  version: number;
}

export type OpenDocuments = (uri: string) => OpenText | undefined;

/** A request line: where its custom_id's value is (a definition's target), and its prompt. */
export interface RequestPlace {
  line: number;
  start: number;
  end: number;
  prompt: string;
}

/** The requests of an input file: its lines with a custom_id, and where each id is first used. */
export interface InputRequests {
  uri: string;
  requests: RequestLine[];
  firstUse: Map<string, RequestPlace>;
}

/** How much of each prompt is kept, raw (a row shows less, on one line). */
const KEPT_PROMPT_CHARS = 400;

/** The path of a `file:` URI, or undefined for any other. */
export function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** How many files of each kind are kept read: an input's result files and a few more. */
const KEPT_FILES = 8;

/** The last files read, by URI, each with the version it was read at; the least recently used
 *  goes first when there are too many. */
class StampedCache<T> {
  private readonly entries = new Map<string, { stamp: string; value: Promise<T> }>();

  get(key: string, stamp: string, build: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry?.stamp === stamp) {
      this.entries.set(key, entry);
      return entry.value;
    }
    const value = build();
    this.entries.set(key, { stamp, value });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= KEPT_FILES) break;
      this.entries.delete(oldest);
    }
    // A failed read is not kept: the next ask tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

function parseRequest(text: string): { customId: string; row: unknown } | undefined {
  if (!text.includes('"custom_id"')) return undefined;
  try {
    const row = parseJsonLine(text);
    const id = row !== null && typeof row === 'object' ? (row as { custom_id?: unknown }).custom_id : undefined;
    return typeof id === 'string' ? { customId: id, row } : undefined;
  } catch {
    return undefined;
  }
}

class InputBuilder {
  readonly value: InputRequests;

  constructor(uri: string) {
    this.value = { uri, requests: [], firstUse: new Map() };
  }

  add(text: string, line: number): void {
    const request = parseRequest(text);
    if (!request) return;
    const prompt = promptOf(request.row).slice(0, KEPT_PROMPT_CHARS);
    this.value.requests.push({ line, customId: request.customId, prompt });
    if (!this.value.firstUse.has(request.customId)) {
      const span = customIdSpans(text, request.customId)?.value ?? { start: 0, end: 0 };
      this.value.firstUse.set(request.customId, { line, ...span, prompt });
    }
  }
}

export class ResultReader {
  private readonly results = new StampedCache<ResultFileIndex>();
  private readonly inputs = new StampedCache<InputRequests>();

  constructor(private readonly openDocument: OpenDocuments) {}

  /** Identifies the version read: the open document's, else the file's on disk; undefined when
   *  there is neither (or when a `file:` document's file was deleted). */
  async stamp(uri: string): Promise<string | undefined> {
    const open = this.openDocument(uri);
    const path = filePath(uri);
    // A file deleted on disk is gone, even while a tab still shows it.
    const disk = path === undefined ? undefined : await diskStamp(path);
    if (path !== undefined && disk === undefined) return undefined;
    return open ? `document:${open.version}` : disk;
  }

  async exists(uri: string): Promise<boolean> {
    return (await this.stamp(uri)) !== undefined;
  }

  /** The results of a file, or undefined when it does not exist. */
  async resultIndex(uri: string): Promise<ResultFileIndex | undefined> {
    const stamp = await this.stamp(uri);
    if (stamp === undefined) return undefined;
    return this.results.get(uri, stamp, async () => {
      const builder = new ResultIndexBuilder(uri);
      await this.eachLine(uri, (text, line, position, bytes) => builder.add(text, line, position, bytes));
      return builder.finish();
    });
  }

  /** The requests of an input file, or undefined when it does not exist. */
  async inputRequests(uri: string): Promise<InputRequests | undefined> {
    const stamp = await this.stamp(uri);
    if (stamp === undefined) return undefined;
    return this.inputs.get(uri, stamp, async () => {
      const builder = new InputBuilder(uri);
      await this.eachLine(uri, (text, line) => builder.add(text, line));
      return builder.value;
    });
  }

  /** One line's text again: from the open document, else from disk where it was. */
  async lineText(uri: string, line: number, position: number, bytes: number): Promise<string | undefined> {
    const open = this.openDocument(uri);
    if (open) return open.document.lineText(line);
    const path = filePath(uri);
    return path === undefined ? undefined : readLineAt(path, position, bytes);
  }

  forget(uri: string): void {
    this.results.forget(uri);
    this.inputs.forget(uri);
  }

  private async eachLine(uri: string, onLine: (text: string, line: number, position: number, bytes: number) => void): Promise<void> {
    const open = this.openDocument(uri);
    if (open) {
      const { document } = open;
      for (let line = 0; line < document.lineCount; line++) onLine(document.lineText(line) ?? '', line, 0, 0);
      return;
    }
    const path = filePath(uri);
    if (path !== undefined) await forEachFileLine(path, onLine);
  }
}
