/** Code actions: each diagnostic's quick fixes, built from its `data` without validating again
 *  (core/problemFixes.ts), "Fix all N <code> problems in the file" beside the fixes of a code that
 *  occurs more than once, and the file's Fix All (`source.fixAll`, for `editor.codeActionsOnSave`). */
import { type CodeAction, CodeActionKind, type Diagnostic, type Position, type Range, type TextEdit } from 'vscode-languageserver';
import { partFileName } from '../../common/src/partFiles';
import { plural } from '../../common/src/plural';
import { DIAGNOSTIC_SOURCE } from '../../common/src/protocol';
import {
  type BatchLimits,
  type BatchModel,
  type DiagnosticCode,
  type FixData,
  isDiagnosticCode,
  type LineEdit,
  type LineSpan,
  type ProblemFix,
  problemFixes,
} from './core';

/** The kind of Batch Studio's Fix All, under `source.fixAll` (what `codeActionsOnSave` asks for). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.batchStudio`;

/** The kinds the server's code actions have, for its capabilities. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND];

/** Fixes of many problems at once, as edits of the document as it is now. */
export interface FileFix {
  /** How many problems the edits fix. */
  count: number;
  /** The edits, made when first asked for: a count alone decides whether the action is offered. */
  edits(): TextEdit[];
}

export interface FixContext {
  uri: string;
  /** True when the diagnostics' data is of the document as it is now (no edit since they were
   *  published): edits beside the problem's own span are placed by offsets of that text. */
  current: boolean;
  /** Where an offset of a diagnostic's data is: a character of its line, or of the whole text for
   *  a request opened for editing. */
  positionAt(diagnostic: Diagnostic, offset: number): Position;
  /** Fix All of the file as it is now: every problem with a safe preferred fix, or those of one
   *  code with their preferred fixes; undefined where there is none (a request being edited). */
  fixAll?(code?: DiagnosticCode): FileFix | undefined;
  /** Whether splitting the file into parts repairs this file-limit problem (see splitRepairs);
   *  without it, Split into Batches is not offered. */
  splitsFile?: (diagnostic: Diagnostic) => boolean;
}

/** The problems of a file over a batch's limits, which Split into Batches repairs. */
const SPLIT_CODES: ReadonlySet<string> = new Set<DiagnosticCode>(['too_many_requests', 'file_too_large', 'too_many_embedding_inputs']);

/** The client command that splits a file (client/src/commands/splitIntoBatches.ts): it takes the URI. */
export const SPLIT_COMMAND = 'batchStudio.splitIntoBatches';

/** Which of an open document's limit problems a split repairs: a file over its request, byte or
 *  embedding-input limit; not one request with more inputs than a request may carry (the same
 *  code, on a line whose own inputs exceed that limit), which every part would still have. */
export function splitRepairs(model: BatchModel, limits: Readonly<BatchLimits>): (diagnostic: Diagnostic) => boolean {
  return (diagnostic) =>
    diagnostic.code !== 'too_many_embedding_inputs' ||
    (model.factsOf(diagnostic.range.start.line)?.embeddingInputs ?? 0) <= limits.embeddingInputsPerRequest;
}

/** Split into Batches, as one action for the file-limit problems among `diagnostics` that a split
 *  repairs (none when there are none). Not preferred: it writes new files rather than fix this one. */
export function splitActions(
  diagnostics: readonly Diagnostic[],
  uri: string,
  splitsFile: (diagnostic: Diagnostic) => boolean,
): CodeAction[] {
  const repaired = diagnostics.filter(
    (d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && SPLIT_CODES.has(d.code) && splitsFile(d),
  );
  if (repaired.length === 0) return [];
  const name = fileNameOf(uri);
  const title = `Split into batches that fit: ${partFileName(name, 1, 2)}, ${partFileName(name, 2, 2)}, …`;
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: repaired, command: { title, command: SPLIT_COMMAND, arguments: [uri] } }];
}

/** `only`: the kinds asked for (CodeActionContext.only); all but Fix All when absent, as editors
 *  ask for source actions by name. */
export function codeActions(diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, context: FixContext): CodeAction[] {
  const actions: CodeAction[] = [];
  if (!only || only.some((kind) => within(CodeActionKind.QuickFix, kind))) {
    actions.push(...quickFixes(diagnostics, context));
    if (context.splitsFile) actions.push(...splitActions(diagnostics, context.uri, context.splitsFile));
  }
  if (only?.some((kind) => within(FIX_ALL_KIND, kind))) {
    const fix = context.fixAll?.();
    if (fix && fix.count > 0) {
      actions.push({
        title: `Fix all: ${plural(fix.count, 'problem')} with an obvious repair`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [context.uri]: fix.edits() } },
      });
    }
  }
  return actions;
}

/** The actions for a file the server has no document of (one too large to sync, whose problems
 *  come from disk): Split into Batches on its limit problems. */
export function diskFileActions(diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, uri: string): CodeAction[] {
  if (only && !only.some((kind) => within(CodeActionKind.QuickFix, kind))) return [];
  return splitActions(diagnostics, uri, () => true);
}

/** True when an action of `kind` is one of `requested` (`source.fixAll` takes `source.fixAll.batchStudio`). */
function within(kind: string, requested: string): boolean {
  return kind === requested || kind.startsWith(`${requested}.`);
}

function quickFixes(diagnostics: readonly Diagnostic[], context: FixContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const fixedCodes = new Map<DiagnosticCode, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isDiagnosticCode(diagnostic.code)) continue;
    const data = (diagnostic.data ?? {}) as FixData & { span?: LineSpan };
    const span = data.span ?? { start: diagnostic.range.start.character, end: diagnostic.range.end.character };
    let offered = false;
    for (const fix of problemFixes({ code: diagnostic.code, ...span, data })) {
      const edits = toEdits(fix, diagnostic, span, context);
      if (!edits) continue;
      offered = true;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: { changes: { [context.uri]: edits } },
      });
    }
    if (offered) fixedCodes.set(diagnostic.code, [...(fixedCodes.get(diagnostic.code) ?? []), diagnostic]);
  }
  for (const [code, fixed] of fixedCodes) {
    const all = context.fixAll?.(code);
    if (!all || all.count < 2) continue;
    actions.push({
      title: `Fix all ${all.count} ${code} problems in the file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: fixed,
      edit: { changes: { [context.uri]: all.edits() } },
    });
  }
  return actions;
}

/** The fix's edits as LSP edits: its problem's own span is the diagnostic's range (which the editor
 *  keeps in place as the text changes); other edits need `current` data. */
function toEdits(fix: ProblemFix, diagnostic: Diagnostic, span: LineSpan, context: FixContext): TextEdit[] | undefined {
  if (fix.deleteLine) {
    const line = diagnostic.range.start.line;
    return [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }];
  }
  const own = (edit: LineEdit) => edit.start === span.start && edit.end === span.end;
  if (!context.current && !fix.edits.every(own)) return undefined;
  return fix.edits.map((edit) => ({ range: own(edit) ? diagnostic.range : rangeOf(edit, diagnostic, context), newText: edit.newText }));
}

function rangeOf(edit: LineEdit, diagnostic: Diagnostic, context: FixContext): Range {
  return { start: context.positionAt(diagnostic, edit.start), end: context.positionAt(diagnostic, edit.end) };
}

/** The last segment of a URI, decoded (as it is when it is not valid percent-encoding). */
function fileNameOf(uri: string): string {
  const segment = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
