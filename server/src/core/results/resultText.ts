/** How a result reads in the editor: the marker at the end of a request's line, and the hover on
 *  its custom_id. Pure. */
import { formatCount } from '../../../../common/src/plural';
import type { TokenUsage } from '../../../../common/src/results';
import { oneLine } from './prompt';
import type { Reply } from './reply';
import type { IndexedResult } from './resultIndex';
import type { ResultLine } from './resultLine';

/** What went wrong, in a word: the error's code, else its message, else the lack of a response. */
export function failureText(result: Pick<IndexedResult, 'errorCode' | 'errorMessage' | 'statusCode'>): string {
  return (
    result.errorCode ?? (result.errorMessage ? oneLine(result.errorMessage, 60) : result.statusCode === null ? 'no response' : 'failed')
  );
}

/** The marker after a request line: `✓ 200 · 1,234 tok`, `✗ 429 rate_limit_exceeded`,
 *  `✗ batch_expired`, `not run`. */
export function outcomeLabel(result: IndexedResult | undefined): string {
  if (!result) return 'not run';
  if (result.succeeded) return `✓ ${result.statusCode ?? 200}${result.usage ? ` · ${formatCount(result.usage.total)} tok` : ''}`;
  return `✗ ${result.statusCode !== null ? `${result.statusCode} ` : ''}${failureText(result)}`;
}

export function tokensText(usage: TokenUsage): string {
  if (usage.output === 0 && usage.input === usage.total) return `${formatCount(usage.total)} tokens`;
  return `${formatCount(usage.total)} tokens (${formatCount(usage.input)} in, ${formatCount(usage.output)} out)`;
}

/** Markdown's special characters escaped: file names and replies show as they are. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** A reply as a Markdown block quote, at most `maxChars` of it. */
function quote(text: string, maxChars: number): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return cut
    .split(/\r\n|\r|\n/)
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
}

export interface ResultHoverContext {
  /** Where the result is, as the user reads it: `run.output.jsonl`, line 12 (1-based). */
  fileName: string;
  /** The result line read whole again, for the whole reply; the index's summary otherwise. */
  line?: ResultLine;
  /** The most of a reply shown. */
  maxReplyChars?: number;
}

function replyText(reply: Reply, maxChars: number): string {
  const more = reply.choices ? ` (the first of ${reply.choices} choices)` : '';
  const cut = reply.cutOff ? `\n\n_Stopped early: \`${escapeMarkdown(reply.cutOff)}\`._` : '';
  if (reply.kind === 'text') return `${quote(reply.text, maxChars)}${more ? `\n\n_${more.trim()}_` : ''}${cut}`;
  if (reply.kind === 'refusal') return `Refused:\n\n${quote(reply.text, maxChars)}${cut}`;
  return `${escapeMarkdown(reply.text.length > maxChars ? `${reply.text.slice(0, maxChars)}…` : reply.text)}${more}${cut}`;
}

/** The hover section of a request no result file answers. */
export function notRunMarkdown(resultFiles: readonly string[]): string {
  const files = resultFiles.map((f) => `\`${f}\``).join(', ');
  return `**Result: not run** — no line of ${files} has this custom_id: the request did not run (the batch expired or was cancelled first), or its result is in a file not downloaded beside this one.`;
}

/** The hover section of a request's result: how it went, the reply or the error, the tokens. */
export function resultMarkdown(result: IndexedResult, context: ResultHoverContext): string {
  const where = `${escapeMarkdown(context.fileName)}, line ${result.line + 1}`;
  const max = context.maxReplyChars ?? 2000;
  const parts: string[] = [];
  if (result.succeeded) {
    parts.push(`**Result: ✓ ${result.statusCode ?? 200}** — ${where}`);
    const reply = context.line?.reply;
    if (reply) parts.push(replyText(reply, max));
    else if (result.reply)
      parts.push(result.replyKind === 'text' || result.replyKind === 'refusal' ? quote(result.reply, max) : escapeMarkdown(result.reply));
  } else {
    const code = result.statusCode !== null ? `${result.statusCode} ` : '';
    parts.push(`**Result: ✗ ${escapeMarkdown(code + failureText(result))}** — ${where}`);
    const message = context.line?.errorMessage ?? result.errorMessage;
    if (message) parts.push(quote(message, max));
  }
  if (result.usage) parts.push(`Tokens: ${tokensText(result.usage)}`);
  return parts.join('\n\n');
}
