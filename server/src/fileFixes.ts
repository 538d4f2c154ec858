/** Fix All of an open batch file as LSP edits: the core's changes (core/fixAll.ts) of the document
 *  as it is now, each changed line as one edit of the part that changed, runs of deleted lines as
 *  one edit each. */
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ValidationSettings } from '../../common/src/settings';
import { type BatchDocument, chosenFix, type DiagnosticCode, fixAll, type LineChange, type LineTextSource, validateModel } from './core';
import type { FileFix, FixContext } from './quickFixes';

export interface FixableDocument {
  document: BatchDocument;
  version: number;
  /** The version whose diagnostics were last published. */
  publishedVersion?: number;
}

/** Each document's file fixes, for its current version and settings: a light bulb asks again at
 *  each move of the cursor. */
const cache = new WeakMap<BatchDocument, { version: number; validation: ValidationSettings; fixes: Map<string, FileFix> }>();

/** What the code actions of an open document need: `request` for a request opened for editing,
 *  whose offsets are into its whole text and which has no Fix All. */
export function fixContext(uri: string, open: FixableDocument, validation: ValidationSettings, request: boolean): FixContext {
  const { document, version } = open;
  let text: TextDocument | undefined;
  return {
    uri,
    current: open.publishedVersion === version,
    positionAt: request
      ? (_, offset) => (text ??= TextDocument.create(uri, 'json', version, document.getText())).positionAt(offset)
      : (diagnostic, offset) => ({ line: diagnostic.range.start.line, character: offset }),
    fixAll: request
      ? undefined
      : (code) => {
          let cached = cache.get(document);
          if (cached?.version !== version || cached.validation !== validation)
            cache.set(document, (cached = { version, validation, fixes: new Map() }));
          let fix = cached.fixes.get(code ?? '');
          if (!fix) cached.fixes.set(code ?? '', (fix = fileFix(document, uri, validation, code)));
          return fix;
        },
  };
}

/** Every problem of the document with a safe preferred fix, or (`code`) those of one code with
 *  their preferred fixes; `uri` and `validation` as the document is validated with. */
export function fileFix(document: BatchDocument, uri: string, validation: ValidationSettings, code?: DiagnosticCode): FileFix {
  const { diagnostics } = validateModel(document.model, document.lineText, uri, { ...validation, maxProblems: Infinity });
  const anyPreferred = code !== undefined;
  const count = diagnostics.filter((d) => (code === undefined || d.code === code) && chosenFix(d, anyPreferred)).length;
  let edits: TextEdit[] | undefined;
  return {
    count,
    edits: () => {
      if (count === 0) return [];
      edits ??= textEdits(
        fixAll(document.model, document.lineText, diagnostics, { code, reported: (c) => validation.severity[c] !== 'off' }),
        document.lineText,
      );
      return edits;
    },
  };
}

function textEdits(changes: readonly LineChange[], textOf: LineTextSource): TextEdit[] {
  const edits: TextEdit[] = [];
  let deleting: { from: number; to: number } | undefined;
  const flush = () => {
    if (deleting)
      edits.push({ range: { start: { line: deleting.from, character: 0 }, end: { line: deleting.to, character: 0 } }, newText: '' });
    deleting = undefined;
  };
  for (const change of changes) {
    if (change.text === null) {
      if (deleting?.to === change.line) deleting.to++;
      else {
        flush();
        deleting = { from: change.line, to: change.line + 1 };
      }
      continue;
    }
    flush();
    edits.push(lineEdit(change.line, textOf(change.line) ?? '', change.text));
  }
  flush();
  return edits;
}

/** One edit that turns `before` into `after`: the part between what they share at either end
 *  (never splitting a surrogate pair), so the cursor and the rest of the line stay put. */
function lineEdit(line: number, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    range: { start: { line, character: start }, end: { line, character: before.length - end } },
    newText: after.slice(start, after.length - end),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
