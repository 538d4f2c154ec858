import type { LineSpan } from './diagnostic';
import { LineLocator } from './locate';

/** Where a line's top-level `"custom_id": "..."` is: the key and the string value. */
export interface CustomIdSpans {
  key: LineSpan;
  value: LineSpan;
}

const KEY = '"custom_id"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The spans of the custom_id of a line whose facts hold `id`, cheaply: a scan of the line's top
 * level that jumps over strings, and stops at the key (custom_id usually comes first, so a line
 * costs a few characters, not a parse). A line the scan cannot read plainly (the key written with
 * escapes, a key given twice) is located with the parser instead, so the answer is always the
 * custom_id JSON.parse reads, or undefined when the line has no string custom_id equal to `id`.
 */
export function customIdSpans(text: string, id: string): CustomIdSpans | undefined {
  const found = scan(text);
  if (found && readString(text, found.value) === id) return found;
  const locator = new LineLocator(text.replace(/^\uFEFF/, ' '));
  const value = locator.value(['custom_id']);
  if (readString(text, value) !== id) return undefined;
  return { key: locator.key(['custom_id']), value };
}

function scan(text: string): CustomIdSpans | undefined {
  let depth = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      if (depth === 1 && end - i === KEY.length && text.startsWith(KEY, i)) {
        const colon = skipSpace(text, end);
        if (text[colon] !== ':') return undefined;
        const start = skipSpace(text, colon + 1);
        if (text.charCodeAt(start) !== QUOTE) return undefined;
        const valueEnd = stringEnd(text, start);
        return valueEnd < 0 ? undefined : { key: { start: i, end }, value: { start, end: valueEnd } };
      }
      i = end;
    } else {
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) depth--;
      i++;
    }
  }
  return undefined;
}

/** The offset just past the string that opens at `start`, or -1 when it does not close. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}

function readString(text: string, span: LineSpan): string | undefined {
  if (text.charCodeAt(span.start) !== QUOTE) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(span.start, span.end));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
