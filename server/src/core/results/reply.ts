/** What a response body of a batch endpoint holds, as a person reads it: the text the model wrote
 *  (chat completions, responses, completions), or a description of what came back where there is
 *  no text (an embedding's length, a moderation's verdict, images); and the tokens its `usage`
 *  reports. Pure; any shape is summarised somehow, nothing throws. */
import { formatCount, plural } from '../../../../common/src/plural';
import type { TokenUsage } from '../../../../common/src/results';
import { asObject, contentText, type Json } from './json';

export type ReplyKind = 'text' | 'refusal' | 'tool_calls' | 'embedding' | 'moderation' | 'image' | 'empty' | 'other';

export interface Reply {
  kind: ReplyKind;
  /** The reply's text, whole; for kinds without text, what came back (`embedding of 1,536 dimensions`). */
  text: string;
  /** Why the reply stopped, when not of its own accord: `length`, `content_filter`, `max_output_tokens`. */
  cutOff?: string;
  /** How many choices came back, when more than one (`n`); `text` is the first's. */
  choices?: number;
}

/** A reply part's text, or its refusal. */
function replyPartText(part: Json | undefined): string {
  return typeof part?.text === 'string' ? part.text : typeof part?.refusal === 'string' ? part.refusal : '';
}

function callText(name: unknown, args: unknown): string {
  return `${typeof name === 'string' ? name : 'a function'}(${typeof args === 'string' ? args : ''})`;
}

function calls(descriptions: string[]): Reply {
  return { kind: 'tool_calls', text: `calls ${descriptions.join(', ')}` };
}

export function summarizeReply(body: unknown): Reply {
  const b = asObject(body);
  if (!b) return { kind: 'other', text: typeof body === 'string' ? body : (JSON.stringify(body) ?? '') };
  if (Array.isArray(b.choices)) return choicesReply(b.choices);
  if (Array.isArray(b.output) || b.object === 'response') return responseReply(b);
  if (Array.isArray(b.data)) {
    const data = b.data.map(asObject);
    if (data.some((d) => d && 'embedding' in d)) return embeddingReply(data);
    if (data.some((d) => d && ('b64_json' in d || 'url' in d))) return { kind: 'image', text: plural(data.length, 'image') };
  }
  if (Array.isArray(b.results)) return moderationReply(b.results);
  return { kind: 'other', text: JSON.stringify(b) };
}

/** Chat completions (`message`) and completions (`text`): the first choice. */
function choicesReply(choices: unknown[]): Reply {
  const first = asObject(choices[0]);
  const more = choices.length > 1 ? { choices: choices.length } : {};
  const finish = typeof first?.finish_reason === 'string' && !['stop', 'tool_calls', 'function_call'].includes(first.finish_reason);
  const cutOff = finish ? { cutOff: first.finish_reason as string } : {};
  if (!first) return { kind: 'empty', text: 'no choices', ...more };
  if (typeof first.text === 'string') return { kind: first.text.trim() ? 'text' : 'empty', text: first.text, ...cutOff, ...more };
  const message = asObject(first.message);
  const content = contentText(message?.content, replyPartText, '\n');
  if (content.trim()) return { kind: 'text', text: content, ...cutOff, ...more };
  if (typeof message?.refusal === 'string' && message.refusal) return { kind: 'refusal', text: message.refusal, ...cutOff, ...more };
  const toolCalls = Array.isArray(message?.tool_calls) ? message.tool_calls.map(asObject) : [];
  if (toolCalls.length > 0) {
    const described = toolCalls.map((call) => {
      const fn = asObject(call?.function);
      return callText(fn?.name, fn?.arguments);
    });
    return { ...calls(described), ...cutOff, ...more };
  }
  const legacyCall = asObject(message?.function_call);
  if (legacyCall) return { ...calls([callText(legacyCall.name, legacyCall.arguments)]), ...cutOff, ...more };
  return { kind: 'empty', text: 'an empty reply', ...cutOff, ...more };
}

/** The Responses API: the text of its `output_text` parts, else its refusals, function calls. */
function responseReply(body: Json): Reply {
  const items = Array.isArray(body.output) ? body.output.map(asObject) : [];
  const texts: string[] = [];
  const refusals: string[] = [];
  const called: string[] = [];
  for (const item of items) {
    if (!item) continue;
    if (item.type === 'function_call') called.push(callText(item.name, item.arguments));
    for (const part of Array.isArray(item.content) ? item.content.map(asObject) : []) {
      if (part?.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
      else if (part?.type === 'refusal' && typeof part.refusal === 'string') refusals.push(part.refusal);
    }
  }
  const reason = asObject(body.incomplete_details)?.reason;
  const cutOff = typeof reason === 'string' ? { cutOff: reason } : {};
  if (texts.join('').trim()) return { kind: 'text', text: texts.join('\n'), ...cutOff };
  if (typeof body.output_text === 'string' && body.output_text.trim()) return { kind: 'text', text: body.output_text, ...cutOff };
  if (refusals.length > 0) return { kind: 'refusal', text: refusals.join('\n'), ...cutOff };
  if (called.length > 0) return { ...calls(called), ...cutOff };
  return { kind: 'empty', text: 'an empty reply', ...cutOff };
}

/** A vector's length: an array's, or a base64 string's float32 count. */
function dimensions(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding !== 'string') return undefined;
  const padding = embedding.endsWith('==') ? 2 : embedding.endsWith('=') ? 1 : 0;
  return Math.floor(((embedding.length * 3) / 4 - padding) / 4);
}

function embeddingReply(data: (Json | undefined)[]): Reply {
  const lengths = [...new Set(data.map((d) => dimensions(d?.embedding)).filter((n): n is number => n !== undefined))];
  const size =
    lengths.length === 1
      ? ` of ${formatCount(lengths[0])} dimensions`
      : lengths.length > 1
        ? ` of ${lengths.map((n) => formatCount(n)).join(', ')} dimensions`
        : '';
  return { kind: 'embedding', text: data.length === 1 ? `embedding${size}` : `${formatCount(data.length)} embeddings${size}` };
}

function moderationReply(results: unknown[]): Reply {
  const flagged = new Set<string>();
  let anyFlagged = false;
  for (const result of results.map(asObject)) {
    if (result?.flagged !== true) continue;
    anyFlagged = true;
    for (const [category, on] of Object.entries(asObject(result.categories) ?? {})) if (on === true) flagged.add(category);
  }
  return { kind: 'moderation', text: anyFlagged ? `flagged${flagged.size ? `: ${[...flagged].join(', ')}` : ''}` : 'not flagged' };
}

function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The body's `usage`: chat and completions (`prompt_tokens`, `completion_tokens`), embeddings
 *  (`prompt_tokens` only), the Responses API and images (`input_tokens`, `output_tokens`). */
export function tokenUsage(body: unknown): TokenUsage | null {
  const usage = asObject(asObject(body)?.usage);
  if (!usage) return null;
  const input = tokens(usage.prompt_tokens) ?? tokens(usage.input_tokens);
  const output = tokens(usage.completion_tokens) ?? tokens(usage.output_tokens);
  const total = tokens(usage.total_tokens) ?? (input ?? 0) + (output ?? 0);
  if (input === undefined && output === undefined && tokens(usage.total_tokens) === undefined) return null;
  return { input: input ?? 0, output: output ?? 0, total };
}
