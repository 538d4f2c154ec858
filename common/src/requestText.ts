/** A batch request's two forms: one line of a batch file, and pretty-printed for editing (Edit
 *  Request). Only whitespace between tokens changes: keys, strings (with their escapes) and
 *  numbers are copied as written, so a request opened and saved unchanged gives back its line. */

/** What a line writes after `:` and `,` between tokens: `": "` and `", "` as Python's json.dumps
 *  does, or nothing as JSON.stringify does. */
export interface Separators {
  colon: string;
  comma: string;
}

export const COMPACT: Separators = { colon: ':', comma: ',' };

/** A text with its whitespace between tokens removed, and where each of its characters came from. */
export interface CompactText {
  text: string;
  /** The offset in the original text of each character of `text`. */
  offsets: number[];
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isLineBreak = (c: string) => c === '\n' || c === '\r';

/**
 * Removes the whitespace between tokens; the text need not be valid JSON. A line break inside a
 * string (not valid JSON either) is dropped, so the result is always one line, with the string's
 * problem still there to report.
 */
export function compactWithOffsets(text: string): CompactText {
  const out: string[] = [];
  const offsets: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (isLineBreak(c)) continue;
      out.push(c);
      offsets.push(i);
      if (c === '\\' && i + 1 < text.length && !isLineBreak(text[i + 1])) {
        out.push(text[++i]);
        offsets.push(i);
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (isSpace(c)) continue;
    if (c === '"') inString = true;
    out.push(c);
    offsets.push(i);
  }
  return { text: out.join(''), offsets };
}

/** The text of `compactWithOffsets`, with `separators` after each `:` and `,` between tokens. */
export function compactRequest(text: string, separators: Separators = COMPACT): string {
  const { text: compact } = compactWithOffsets(text);
  if (separators.colon === ':' && separators.comma === ',') return compact;
  let out = '';
  for (const token of tokens(compact)) out += token === ':' ? separators.colon : token === ',' ? separators.comma : token;
  return out;
}

/** The separators a line uses, judged by its first `:` and `,` between tokens. */
export function separatorsOf(line: string): Separators {
  let colon: string | undefined;
  let comma: string | undefined;
  let inString = false;
  for (let i = 0; i < line.length && (colon === undefined || comma === undefined); i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === ':' && colon === undefined) {
      colon = line[i + 1] === ' ' ? ': ' : ':';
    } else if (c === ',' && comma === undefined) {
      comma = line[i + 1] === ' ' ? ', ' : ',';
    }
  }
  colon ??= comma === ', ' ? ': ' : ':';
  comma ??= colon === ': ' ? ', ' : ',';
  return { colon, comma };
}

/** Arrays of numbers, booleans and null, and short arrays of strings, stay on one line. */
const INLINE_ARRAY_CHARS = 80;

/** The request pretty-printed: an object's members one per line, indented by two spaces; arrays
 *  of scalars on one line while short (numbers always). Undefined when `line` is not JSON. */
export function formatRequest(line: string): string | undefined {
  try {
    JSON.parse(line);
  } catch {
    return undefined;
  }
  const list = [...tokens(compactWithOffsets(line).text)];
  let at = 0;
  const indent = (depth: number) => '  '.repeat(depth);

  const value = (depth: number): string => {
    const token = list[at++];
    if (token === '{') {
      if (list[at] === '}') return (at++, '{}');
      const members: string[] = [];
      for (;;) {
        const key = list[at++];
        at++; // ':'
        members.push(`${indent(depth + 1)}${key}: ${value(depth + 1)}`);
        if (list[at++] !== ',') break; // '}'
      }
      return `{\n${members.join(',\n')}\n${indent(depth)}}`;
    }
    if (token === '[') {
      if (list[at] === ']') return (at++, '[]');
      const inline = inlineArray(list, at);
      if (inline) {
        at = inline.end;
        return inline.text;
      }
      const items: string[] = [];
      for (;;) {
        items.push(`${indent(depth + 1)}${value(depth + 1)}`);
        if (list[at++] !== ',') break; // ']'
      }
      return `[\n${items.join(',\n')}\n${indent(depth)}]`;
    }
    return token;
  };
  return value(0);
}

/** An array of scalars starting at `start` (after its `[`) written on one line, with the index
 *  after its `]`; undefined when it holds an object or array, or is too long for one line. */
function inlineArray(list: string[], start: number): { text: string; end: number } | undefined {
  const items: string[] = [];
  let allNumbers = true;
  let at = start;
  for (;;) {
    const token = list[at++];
    if (token === '{' || token === '[') return undefined;
    items.push(token);
    if (token.startsWith('"') || token === 'true' || token === 'false' || token === 'null') allNumbers = false;
    if (list[at++] !== ',') break;
  }
  const text = `[${items.join(', ')}]`;
  return allNumbers || text.length <= INLINE_ARRAY_CHARS ? { text, end: at } : undefined;
}

/** The tokens of compact JSON text: strings with their quotes, punctuation, and literal runs. */
function* tokens(compact: string): Generator<string> {
  for (let i = 0; i < compact.length;) {
    const c = compact[i];
    if (c === '"') {
      let end = i + 1;
      while (end < compact.length && compact[end] !== '"') end += compact[end] === '\\' ? 2 : 1;
      yield compact.slice(i, end + 1);
      i = end + 1;
    } else if ('{}[],:'.includes(c)) {
      yield c;
      i++;
    } else {
      let end = i + 1;
      while (end < compact.length && !'{}[],:"'.includes(compact[end])) end++;
      yield compact.slice(i, end);
      i = end;
    }
  }
}
