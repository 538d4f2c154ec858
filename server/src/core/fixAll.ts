/** Fix All: every problem of a file that has an obvious, safe repair, repaired at once. Per line,
 *  the preferred fixes are made, and the line is checked again for what they uncover (`"3"`
 *  becomes 3, which may then be clamped) or what could not be made alongside; blank lines are
 *  deleted; duplicate custom_ids are renumbered in the file's numbering, each to an id of its own,
 *  as is an id that a fix turned into a string and that another request already has. Only the
 *  lines with problems are analysed again; the rest of the file is read through the model. */
import { analyzeLine } from './analyzeLine';
import type { BatchModel, LineTextSource } from './batchModel';
import type { BatchDiagnostic, DiagnosticCode, LineEdit } from './diagnostic';
import { LineLocator } from './locate';
import { CustomIdSequence } from './nextCustomId';
import { applyLineEdits, chosenFix, conflicts } from './problemFixes';
import type { LineProblem } from './schemaProblems';

/** A line's new text, or null to delete the line with its line break. */
export interface LineChange {
  line: number;
  text: string | null;
}

export interface FixAllOptions {
  /** Only the problems of this code, each with its preferred fix ("Fix all problems of this
   *  kind"); by default, every problem whose preferred fix may be applied unseen. */
  code?: DiagnosticCode;
  /** Whether problems of a code are reported at all (their severity is not `off`): problems found
   *  on a fixed line are fixed only if they are. Every code by default. */
  reported?: (code: DiagnosticCode) => boolean;
}

/** How often a line is fixed and checked again, at most. */
const MAX_ROUNDS = 4;

/** The changes that fix the file's `diagnostics` (all of them: no cap), in line order. */
export function fixAll(
  model: BatchModel,
  textOf: LineTextSource,
  diagnostics: readonly BatchDiagnostic[],
  options: FixAllOptions = {},
): LineChange[] {
  const inScope = (code: DiagnosticCode) => (options.code === undefined || code === options.code) && (options.reported?.(code) ?? true);
  const choose = (problem: LineProblem) => (inScope(problem.code) ? chosenFix(problem, options.code !== undefined) : undefined);

  const byLine = new Map<number, BatchDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    if (!inScope(diagnostic.code)) continue;
    const list = byLine.get(diagnostic.line);
    if (list) list.push(diagnostic);
    else byLine.set(diagnostic.line, [diagnostic]);
  }

  const changes = new Map<number, string | null>();
  const renumber = new Map<number, string>();
  /** Lines whose custom_id a fix made a string (`4` → `"4"`), which another line may have. */
  const newIds = new Map<number, string>();
  for (const [line, problems] of byLine) {
    const text = textOf(line);
    if (text === undefined) continue;
    if (problems.some((problem) => problem.code === 'blank_line' && chosenFix(problem, options.code !== undefined)?.deleteLine)) {
      changes.set(line, null);
      continue;
    }
    const duplicate = problems.find((problem) => problem.code === 'duplicate_custom_id');
    const fresh = duplicate && chosenFix(duplicate, options.code !== undefined)?.edits[0]?.newText;
    if (fresh !== undefined) renumber.set(line, fresh);
    const fixed = fixLine(
      text,
      problems.filter((problem) => problem !== duplicate),
      choose,
    );
    if (fixed.text === text) continue;
    changes.set(line, fixed.text);
    if (model.factsOf(line)?.customId === undefined && fixed.customId !== undefined) newIds.set(line, fixed.customId);
  }

  // Renumbering: the fresh ids the duplicates' fixes offer are unique across the file; an id a fix
  // made a string keeps its value unless another request (or an earlier such line) has it.
  if (newIds.size > 0 && inScope('duplicate_custom_id')) {
    const sequence = new CustomIdSequence(model.customIds());
    for (const id of renumber.values()) sequence.take(JSON.parse(id) as string);
    for (const [line, id] of [...newIds].sort((a, b) => a[0] - b[0])) {
      if (!sequence.take(id)) renumber.set(line, JSON.stringify(sequence.nextFor(id)));
    }
  }
  for (const [line, id] of renumber) {
    const text = changes.get(line) ?? textOf(line);
    if (text === null || text === undefined) continue;
    const renamed = withCustomId(text, id);
    if (renamed !== undefined) changes.set(line, renamed);
  }
  return [...changes].map(([line, text]) => ({ line, text })).sort((a, b) => a.line - b.line);
}

/** The line with its problems' chosen fixes made, as many as fit together, then checked again and
 *  fixed again, until nothing is left to fix; with its custom_id when it was checked again. */
function fixLine(
  text: string,
  problems: readonly LineProblem[],
  choose: (problem: LineProblem) => { edits: LineEdit[] } | undefined,
): { text: string; customId?: string } {
  let current = text;
  let found = problems;
  let customId: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const accepted: LineEdit[] = [];
    for (const problem of found) {
      const fix = choose(problem);
      if (fix && !fix.edits.some((edit) => accepted.some((other) => conflicts(edit, other)))) accepted.push(...fix.edits);
    }
    if (accepted.length === 0) break;
    current = applyLineEdits(current, accepted);
    const facts = analyzeLine(current);
    found = facts.problems;
    customId = facts.customId;
  }
  return { text: current, customId };
}

/** The line with its custom_id's value replaced by `idJson`. */
function withCustomId(text: string, idJson: string): string | undefined {
  const locator = new LineLocator(text.replace(/^\uFEFF/, ' '));
  const object = locator.object([]);
  if (!object?.members.some((member) => member.key === 'custom_id')) return undefined;
  const span = locator.value(['custom_id']);
  return applyLineEdits(text, [{ ...span, newText: idJson }]);
}
