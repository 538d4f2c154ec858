/** The prompt of a batch request, as text: what a person recognises a request by in a list of
 *  results. Pure; any shape gives some text ('' when there is none). */

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A message's content: a string, or its text parts (`text`, `input_text`) joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const p = object(part);
      if (typeof p?.text === 'string') return p.text;
      return p?.type === 'image_url' || p?.type === 'input_image' ? '[image]' : '';
    })
    .filter(Boolean)
    .join(' ');
}

/** The last user message (the question asked), else the last message. */
function conversationText(messages: unknown[]): string {
  const items = messages.map(object);
  const user = [...items].reverse().find((m) => m?.role === 'user');
  return contentText((user ?? items[items.length - 1])?.content);
}

/** A string, the first of several strings (`+N more`), or a token array's length. */
function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input) || input.length === 0) return '';
  if (typeof input[0] === 'number') return `[${input.length.toLocaleString('en-US')} tokens]`;
  const first = inputText(input[0]);
  return input.length > 1 ? `${first} (+${(input.length - 1).toLocaleString('en-US')} more)` : first;
}

/** The prompt of a request row (`{custom_id, method, url, body}`) by what its body holds:
 *  `messages` (chat), `input` (responses: text or items; embeddings, moderations), `prompt`
 *  (completions, images). */
export function promptOf(row: unknown): string {
  const body = object(object(row)?.body);
  if (!body) return '';
  if (Array.isArray(body.messages)) return conversationText(body.messages);
  if (body.input !== undefined) {
    const input = body.input;
    if (Array.isArray(input) && input.some((item) => object(item) && ('role' in object(item)! || 'content' in object(item)!)))
      return conversationText(input);
    return inputText(input);
  }
  if (body.prompt !== undefined) return inputText(body.prompt);
  return typeof body.instructions === 'string' ? body.instructions : '';
}

/** The prompt of a request line's text, or '' when the line is not JSON. */
export function promptOfLine(line: string): string {
  try {
    return promptOf(JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line));
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
