/** A result file read once into what the editor shows of each result: by custom_id, small (the
 *  start of the reply, not the reply), with where its line is so the whole line can be read again.
 *  Pure: lines are fed in by whoever reads the file (an open document, a file streamed from disk). */
import type { TokenUsage } from '../../../../common/src/results';
import { customIdSpans } from '../customIdSpan';
import type { ReplyKind } from './reply';
import { oneLine } from './prompt';
import { parseResultLine } from './resultLine';

/** How much of a reply and of an error message each result keeps: enough for a table's column
 *  and a hint; hover reads the whole line again. */
export const KEPT_REPLY_CHARS = 160;
export const KEPT_MESSAGE_CHARS = 400;

export interface IndexedResult {
  customId: string;
  succeeded: boolean;
  statusCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** The start of the reply on one line ('' for a failure). */
  reply: string;
  replyKind: ReplyKind | null;
  cutOff: string | null;
  usage: TokenUsage | null;
  /** The result file and the 0-based line. */
  uri: string;
  line: number;
  /** The custom_id's string value on the line, in UTF-16 offsets: where a definition lands. */
  idStart: number;
  idEnd: number;
  /** The line's byte offset and length in the file, to read it again. */
  position: number;
  bytes: number;
}

export interface ResultFileIndex {
  uri: string;
  /** The first result of each custom_id. */
  byId: Map<string, IndexedResult>;
  /** Every result, in file order. */
  order: IndexedResult[];
  /** Lines that are neither blank nor a result line. */
  unreadable: number;
}

export class ResultIndexBuilder {
  private readonly index: ResultFileIndex;

  constructor(uri: string) {
    this.index = { uri, byId: new Map(), order: [], unreadable: 0 };
  }

  /** One line of the file, without its line break; `position` and `bytes`: where it is on disk. */
  add(text: string, line: number, position = 0, bytes = 0): void {
    if (text.trim() === '') return;
    const result = parseResultLine(text);
    if (!result) {
      this.index.unreadable++;
      return;
    }
    const span = customIdSpans(text, result.customId)?.value ?? { start: 0, end: 0 };
    const entry: IndexedResult = {
      customId: result.customId,
      succeeded: result.succeeded,
      statusCode: result.statusCode,
      errorCode: result.errorCode,
      errorMessage: result.errorMessage === null ? null : oneLine(result.errorMessage, KEPT_MESSAGE_CHARS),
      reply: result.reply ? oneLine(result.reply.text, KEPT_REPLY_CHARS) : '',
      replyKind: result.reply?.kind ?? null,
      cutOff: result.reply?.cutOff ?? null,
      usage: result.usage,
      uri: this.index.uri,
      line,
      idStart: span.start,
      idEnd: span.end,
      position,
      bytes,
    };
    this.index.order.push(entry);
    if (!this.index.byId.has(entry.customId)) this.index.byId.set(entry.customId, entry);
  }

  finish(): ResultFileIndex {
    return this.index;
  }
}

/** The result of a custom_id in the first of the files that has one (output files come first). */
export function findResult(indexes: readonly ResultFileIndex[], customId: string): IndexedResult | undefined {
  for (const index of indexes) {
    const found = index.byId.get(customId);
    if (found) return found;
  }
  return undefined;
}
