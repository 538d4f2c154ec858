import { parseTree, type Node, type ParseError, ParseErrorCode, parse } from 'jsonc-parser';
import { formatCount } from '../../../common/src/plural';
import type { LineSpan } from './diagnostic';

export type JsonPath = (string | number)[];

/** The value at `path` inside a parsed JSON value, or undefined. */
export function valueAtPath(value: unknown, path: JsonPath): unknown {
  let node = value;
  for (const segment of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

/** Finds spans inside one line of JSON. Only lines that need a position pay for the tree. */
export class LineLocator {
  private tree: Node | undefined | null = null;

  constructor(private readonly text: string) {}

  private root(): Node | undefined {
    if (this.tree === null) {
      try {
        this.tree = parseTree(this.text, [], { disallowComments: true }) ?? undefined;
      } catch {
        this.tree = undefined; // nested too deeply for the recursive parser: whole-line ranges
      }
    }
    return this.tree;
  }

  /** The span of the value at `path`, or of the nearest ancestor that exists. */
  value(path: JsonPath): LineSpan {
    const node = this.nearest(path);
    return node ? { start: node.offset, end: node.offset + node.length } : this.wholeLine();
  }

  /** The span of the key that holds `path` (e.g. `"temprature"`), else of the value. */
  key(path: JsonPath): LineSpan {
    const node = this.nearest(path);
    const property = node?.parent;
    if (node && property?.type === 'property' && property.children?.[1] === node) {
      const keyNode = property.children[0];
      return { start: keyNode.offset, end: keyNode.offset + keyNode.length };
    }
    return node ? { start: node.offset, end: node.offset + node.length } : this.wholeLine();
  }

  /** Where a missing member of the object at `path` belongs: the object's key, or its `{`. */
  owner(path: JsonPath): LineSpan {
    const node = this.nearest(path);
    if (path.length > 0 && node?.parent?.type === 'property') return this.key(path);
    return node ? { start: node.offset, end: node.offset + 1 } : this.wholeLine();
  }

  /** The object at `path` as it is written, for edits that add or remove members; undefined
   *  when there is no object there. */
  object(path: JsonPath): WrittenObject | undefined {
    let node = this.root();
    for (const segment of path) node = node && childAt(node, segment);
    if (node?.type !== 'object') return undefined;
    const members: WrittenMember[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (typeof key?.value !== 'string') continue;
      members.push({
        key: key.value,
        start: property.offset,
        end: property.offset + property.length,
        keyEnd: key.offset + key.length,
        valueStart: value?.offset ?? key.offset + key.length,
      });
    }
    return { start: node.offset, end: node.offset + node.length, members };
  }

  /** The text of a span of the line. */
  slice(span: LineSpan): string {
    return this.text.slice(span.start, span.end);
  }

  private nearest(path: JsonPath): Node | undefined {
    let node = this.root();
    for (const segment of path) {
      const child = node && childAt(node, segment);
      if (!child) break;
      node = child;
    }
    return node;
  }

  private wholeLine(): LineSpan {
    const start = this.text.length - this.text.trimStart().length;
    return { start, end: Math.max(start, this.text.trimEnd().length) };
  }
}

/** An object in the line: from its `{` to after its `}`, and its members in order. */
export interface WrittenObject extends LineSpan {
  members: WrittenMember[];
}

/** `"key": value` in the line: [start, end) covers the key to the end of the value. */
export interface WrittenMember extends LineSpan {
  key: string;
  keyEnd: number;
  valueStart: number;
}

/** The value under `segment`; for a key that occurs twice, the last, as JSON.parse keeps it. */
function childAt(node: Node, segment: string | number): Node | undefined {
  if (typeof segment === 'number') return node.type === 'array' ? node.children?.[segment] : undefined;
  if (node.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const property of node.children ?? []) {
    if (property.children?.[0]?.value === segment) found = property.children[1];
  }
  return found;
}

const syntaxErrorText: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'an unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'a malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'a missing property name (keys must be double-quoted strings)',
  [ParseErrorCode.ValueExpected]: 'a missing value',
  [ParseErrorCode.ColonExpected]: "a missing ':' after the key",
  [ParseErrorCode.CommaExpected]: "a missing ','",
  [ParseErrorCode.CloseBraceExpected]: "a missing '}'",
  [ParseErrorCode.CloseBracketExpected]: "a missing ']'",
  [ParseErrorCode.EndOfFileExpected]: 'extra text after the end of the JSON object',
  [ParseErrorCode.InvalidCommentToken]: 'a comment (JSON has no comments)',
  [ParseErrorCode.UnexpectedEndOfComment]: 'an unfinished comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'an unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'an unfinished number',
  [ParseErrorCode.InvalidUnicode]: 'an invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'an invalid escape sequence',
  [ParseErrorCode.InvalidCharacter]: 'a control character inside a string (escape it, e.g. \\n)',
};

export interface SyntaxProblem extends LineSpan {
  what: string;
}

/** Where and why a line that JSON.parse rejected is not JSON. */
export function findSyntaxError(text: string, parseMessage: string): SyntaxProblem {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // Nested too deeply for the recursive parser: say where the nesting went past MAX_NESTING.
    const deep = tooDeepAt(text);
    if (deep !== undefined) return { start: deep, end: deep + 1, what: `nesting deeper than ${formatCount(MAX_NESTING)} levels` };
    errors.length = 0;
  }
  // The recursive parser takes JavaScript's whitespace (U+00A0, U+FEFF, \v, ...) for JSON's.
  const space = foreignWhitespaceAt(text);
  if (space !== undefined && !(errors[0] && errors[0].offset < space)) {
    return {
      start: space,
      end: space + 1,
      what: `${whitespaceName(text.charCodeAt(space))}, which JSON does not allow (its only whitespace is space, tab, CR and LF)`,
    };
  }
  const first = errors[0];
  if (first) {
    const start = Math.min(first.offset, Math.max(0, text.length - 1));
    const comma = trailingCommaBefore(text, start);
    if (comma !== undefined && (first.error === ParseErrorCode.PropertyNameExpected || first.error === ParseErrorCode.ValueExpected)) {
      return { start: comma, end: comma + 1, what: 'a trailing comma' };
    }
    const end = Math.min(text.length, start + Math.max(1, first.length));
    return { start, end, what: syntaxErrorText[first.error] ?? 'invalid JSON' };
  }
  const position = /position (\d+)/.exec(parseMessage);
  const at = position ? Math.min(Number(position[1]), Math.max(0, text.length - 1)) : 0;
  return { start: at, end: Math.min(text.length, at + 1), what: 'invalid JSON' };
}

/** The offset of a `,` that directly precedes the `}` or `]` at `offset`, if there is one. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}

/** How deep a line may nest before a syntax error is placed where it went deeper (the recursive
 *  parser that places the others overflows somewhere past this, depending on the stack). */
export const MAX_NESTING = 1000;

/** The offset of the `{` or `[` that opens level MAX_NESTING + 1 (outside strings), if any. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  return firstOutsideStrings(text, (c) => {
    if (c === 0x7b || c === 0x5b) return ++depth > MAX_NESTING;
    if (c === 0x7d || c === 0x5d) depth--;
    return false;
  });
}

/** The offset of the first character outside JSON strings for which `found` holds, if any. */
function firstOutsideStrings(text: string, found: (code: number, at: number) => boolean): number | undefined {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (found(c, i)) return i;
  }
  return undefined;
}

/** JSON's whitespace: space, tab, LF and CR (RFC 8259). JavaScript's trim() and \s take many more. */
export function isJsonBlank(text: string): boolean {
  return /^[ \t\n\r]*$/.test(text);
}

/** The offset of the first character outside strings that JavaScript takes for whitespace and JSON
 *  does not (U+00A0, U+FEFF, \v, U+2028, ...), if any. */
export function foreignWhitespaceAt(text: string): number | undefined {
  return firstOutsideStrings(text, (c, i) => c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && /\s/.test(text[i]));
}

const WHITESPACE_NAMES: Record<number, string> = {
  0x0b: 'a vertical tab (\\v)',
  0x0c: 'a form feed (\\f)',
  0xa0: 'U+00A0 (no-break space)',
  0x1680: 'U+1680 (Ogham space mark)',
  0x2028: 'U+2028 (line separator)',
  0x2029: 'U+2029 (paragraph separator)',
  0x202f: 'U+202F (narrow no-break space)',
  0x205f: 'U+205F (medium mathematical space)',
  0x3000: 'U+3000 (ideographic space)',
  0xfeff: 'U+FEFF (byte order mark, zero-width no-break space)',
};

/** A whitespace character JSON does not allow, named for a message. */
export function whitespaceName(code: number): string {
  return WHITESPACE_NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')} (a Unicode space)`;
}
