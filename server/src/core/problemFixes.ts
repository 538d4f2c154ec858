/** The fixes of one problem, from its `data`, in the order the editor offers them (the preferred
 *  one first), and which of them may be applied without the user looking: by Fix All and on save. */
import type { DiagnosticCode, FixData, LineEdit, LineSpan } from './diagnostic';

export interface ProblemFix {
  title: string;
  /** Edits of the problem's line (of the whole text, for a request opened for editing). */
  edits: LineEdit[];
  /** Deletes the problem's whole line with its line break (a blank line); `edits` is empty. */
  deleteLine?: boolean;
  /** The one obvious repair (at most one fix of a problem is preferred). */
  preferred: boolean;
  /** Preferred, and safe to apply unseen: Fix All and `editor.codeActionsOnSave` apply these. */
  unattended: boolean;
}

/** Codes whose fix picks between two requests the API would run (the file's endpoint or model in
 *  place of another one): preferred as a quick fix, but never applied unseen. */
const CHOICES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['invalid_url', 'mismatched_model']);

/** Replacements offered at most, of a choice among many values. */
const MAX_CHOICES = 8;

export function problemFixes(problem: LineSpan & { code: DiagnosticCode; data?: FixData }): ProblemFix[] {
  const data = problem.data ?? {};
  const fixes: Omit<ProblemFix, 'unattended'>[] = [];
  if (data.deleteLine) fixes.push({ title: 'Delete the blank line', edits: [], deleteLine: true, preferred: true });
  for (const fix of data.fixes ?? []) fixes.push({ title: fix.title, edits: fix.edits, preferred: fix.preferred === true });
  const replacements = data.replacements ?? [];
  // A single replacement is the obvious repair, unless another fix is (removing an unknown key
  // that cannot be renamed, removing `stream`).
  const replacementPreferred = replacements.length === 1 && !fixes.some((fix) => fix.preferred);
  for (const replacement of replacements.slice(0, MAX_CHOICES)) {
    fixes.push({
      title: `Change to ${replacement}`,
      edits: [{ start: problem.start, end: problem.end, newText: replacement }],
      preferred: replacementPreferred,
    });
  }
  let preferredSeen = false;
  const ordered = fixes.map((fix) => {
    const preferred = fix.preferred && !preferredSeen;
    if (preferred) preferredSeen = true;
    return { ...fix, preferred, unattended: preferred && !CHOICES.has(problem.code) };
  });
  return [...ordered.filter((fix) => fix.preferred), ...ordered.filter((fix) => !fix.preferred)];
}

/** The fix Fix All applies to a problem: its preferred one, if that may be applied unseen (or,
 *  when `anyPreferred`, for "Fix all problems of this kind", if there is one at all). */
export function chosenFix(problem: LineSpan & { code: DiagnosticCode; data?: FixData }, anyPreferred = false): ProblemFix | undefined {
  const fix = problemFixes(problem)[0];
  return fix?.preferred && (anyPreferred || fix.unattended) ? fix : undefined;
}

/** `text` with the edits made; the edits must not overlap (see `conflicts`). */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** Two edits that cannot both be made: they overlap, or start at one place (two insertions there
 *  would have no order). */
export function conflicts(a: LineEdit, b: LineEdit): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}
