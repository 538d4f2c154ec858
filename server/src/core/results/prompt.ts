/** The prompt of a batch request, as text: what a person recognises a request by in a list of
 *  results. Pure; any shape gives some text ('' when there is none). */

import { formatCount } from '../../../../common/src/plural';
import { asObject, contentText, type Json, parseJsonLine } from './json';

/** A prompt part's text (`text`, `input_text`), or `[image]`. */
function promptPartText(part: Json | undefined): string {
  if (typeof part?.text === 'string') return part.text;
  return part?.type === 'image_url' || part?.type === 'input_image' ? '[image]' : '';
}

/** The last user message (the question asked), else the last message. */
function conversationText(messages: unknown[]): string {
  const items = messages.map(asObject);
  const user = [...items].reverse().find((m) => m?.role === 'user');
  return contentText((user ?? items[items.length - 1])?.content, promptPartText, ' ');
}

/** A string, the first of several strings (`+N more`), or a token array's length. */
function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input) || input.length === 0) return '';
  if (typeof input[0] === 'number') return `[${formatCount(input.length)} tokens]`;
  const first = inputText(input[0]);
  return input.length > 1 ? `${first} (+${formatCount(input.length - 1)} more)` : first;
}

/** The prompt of a request row (`{custom_id, method, url, body}`) by what its body holds:
 *  `messages` (chat), `input` (responses: text or items; embeddings, moderations), `prompt`
 *  (completions, images). */
export function promptOf(row: unknown): string {
  const body = asObject(asObject(row)?.body);
  if (!body) return '';
  if (Array.isArray(body.messages)) return conversationText(body.messages);
  if (body.input !== undefined) {
    const input = body.input;
    if (Array.isArray(input) && input.some((item) => asObject(item) && ('role' in asObject(item)! || 'content' in asObject(item)!)))
      return conversationText(input);
    return inputText(input);
  }
  if (body.prompt !== undefined) return inputText(body.prompt);
  return typeof body.instructions === 'string' ? body.instructions : '';
}

/** The prompt of a request line's text, or '' when the line is not JSON. */
export function promptOfLine(line: string): string {
  try {
    return promptOf(parseJsonLine(line));
  } catch {
    return '';
  }
}

/** Text on one line, at most `max` characters: runs of white space become one space, and a cut is
 *  marked with `…`. Only the start of a long text is looked at. */
export function oneLine(text: string, max: number): string {
  const head = text.length > max * 2 + 32 ? text.slice(0, max * 2 + 32) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  if (flat.length <= max && head === text) return flat;
  let cut = flat.slice(0, Math.max(0, Math.min(flat.length, max - 1)));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1); // never half a surrogate pair
  return `${cut.trimEnd()}…`;
}
