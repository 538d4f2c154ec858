import { findNodeAtLocation, parseTree, type Node, type ParseError, ParseErrorCode, parse } from 'jsonc-parser';
import type { LineSpan } from './diagnostic';

export type JsonPath = (string | number)[];

/** Finds spans inside one line of JSON. Only lines that need a position pay for the tree. */
export class LineLocator {
  private tree: Node | undefined | null = null;

  constructor(private readonly text: string) {}

  private root(): Node | undefined {
    if (this.tree === null) this.tree = parseTree(this.text, [], { disallowComments: true }) ?? undefined;
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

  private nearest(path: JsonPath): Node | undefined {
    const root = this.root();
    if (!root) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
      if (node) return node;
    }
    return undefined;
  }

  private wholeLine(): LineSpan {
    const start = this.text.length - this.text.trimStart().length;
    return { start, end: Math.max(start, this.text.trimEnd().length) };
  }
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
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const start = Math.min(first.offset, Math.max(0, text.length - 1));
    const end = Math.min(text.length, start + Math.max(1, first.length));
    return { start, end, what: syntaxErrorText[first.error] ?? 'invalid JSON' };
  }
  // jsonc-parser accepted what JSON.parse did not (e.g. a trailing comma): use JSON.parse's position.
  const position = /position (\d+)/.exec(parseMessage);
  const trailingComma = /,\s*[}\]]/.exec(text);
  if (trailingComma) return { start: trailingComma.index, end: trailingComma.index + 1, what: 'a trailing comma' };
  const at = position ? Math.min(Number(position[1]), Math.max(0, text.length - 1)) : 0;
  return { start: at, end: Math.min(text.length, at + 1), what: 'invalid JSON' };
}
