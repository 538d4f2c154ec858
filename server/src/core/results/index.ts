/** A batch's results beside its requests: reading output and error lines, summarising replies,
 *  joining them by custom_id, and how they read in the editor. Pure. */
export { asObject, type Json, parseJsonLine } from './json';
export { type JoinedResults, type JoinOptions, joinResults, type RequestLine } from './join';
export { oneLine, promptOf, promptOfLine } from './prompt';
export { type Reply, type ReplyKind, summarizeReply, tokenUsage } from './reply';
export { inputNameOf, isResultFileName, resultFileNamesOf } from './resultFileNames';
export {
  findResult,
  type IndexedResult,
  KEPT_MESSAGE_CHARS,
  KEPT_REPLY_CHARS,
  type ResultFileIndex,
  ResultIndexBuilder,
} from './resultIndex';
export { isResultRecord, parseResultLine, type ResultLine, readResult, resultRecord } from './resultLine';
export {
  escapeMarkdown,
  failureText,
  notRunMarkdown,
  outcomeLabel,
  type ResultHoverContext,
  resultMarkdown,
  tokensText,
} from './resultText';
