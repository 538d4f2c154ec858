/** Finds a request's line again in its batch file, which may have changed since the request was
 *  opened for editing. Pure: no editor types, so unit tests run it. */
import * as l10n from '@vscode/l10n';

export interface Lines {
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** What was opened: the line's text then, where it was, and its custom_id if it had one. */
export interface OpenedRequest {
  text: string;
  line: number;
  customId?: string;
}

export type FoundLine =
  /** `changed`: the line holds other text than was opened (found by its custom_id). */
  { kind: 'found'; line: number; changed: boolean } | { kind: 'missing'; reason: string };

/**
 * The line that holds the request: where it was if its text is unchanged; else the nearest line
 * with that same text (lines above were added or removed); else, marked `changed` (its text was
 * edited in the batch file meanwhile), the line where it was if that still has its custom_id, or
 * the one line with its custom_id. Missing, with the reason a user can act on, when none of these
 * is certain.
 */
export function findRequestLine(lines: Lines, opened: OpenedRequest, fileName: string): FoundLine {
  if (opened.line < lines.lineCount && lines.lineAt(opened.line) === opened.text)
    return { kind: 'found', line: opened.line, changed: false };
  const moved = nearestWithText(lines, opened);
  if (moved !== undefined) return { kind: 'found', line: moved, changed: false };
  const id = opened.customId;
  if (id === undefined) {
    return {
      kind: 'missing',
      reason: l10n.t(
        'Line {0} of {1} changed since this request was opened, and the request has no custom_id to find it by.',
        opened.line + 1,
        fileName,
      ),
    };
  }
  // Where it was (followed as lines above come and go), the line still has its id.
  if (opened.line < lines.lineCount && customIdOf(lines.lineAt(opened.line)) === id)
    return { kind: 'found', line: opened.line, changed: true };
  const withId = linesWithId(lines, id);
  const shown = JSON.stringify(id);
  if (withId.length === 1) return { kind: 'found', line: withId[0], changed: true };
  if (withId.length === 0)
    return {
      kind: 'missing',
      reason: l10n.t('The request {0} is no longer in {1}: its line was deleted or its custom_id changed.', shown, fileName),
    };
  return {
    kind: 'missing',
    reason: l10n.t(
      "custom_id {0} is now used on lines {1} of {2}, so this request's line is not certain. Make the ids unique there, then save again.",
      shown,
      withId.map((line) => line + 1).join(', '),
      fileName,
    ),
  };
}

/** Lines with exactly `opened.text`, the nearest to where it was. */
function nearestWithText(lines: Lines, opened: OpenedRequest): number | undefined {
  const center = Math.min(opened.line, lines.lineCount - 1);
  for (let distance = 0; center - distance >= 0 || center + distance < lines.lineCount; distance++) {
    const before = center - distance;
    const after = center + distance;
    if (before >= 0 && lines.lineAt(before) === opened.text) return before;
    if (after < lines.lineCount && lines.lineAt(after) === opened.text) return after;
  }
  return undefined;
}

/** The lines whose custom_id is `id` (those that spell it as JSON.stringify does). */
export function linesWithId(lines: Lines, id: string): number[] {
  const needle = JSON.stringify(id);
  const found: number[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineAt(line);
    if (!text.includes(needle) || customIdOf(text) !== id) continue;
    found.push(line);
  }
  return found;
}

/** The custom_id of a line, if it is a JSON object with a string one. */
export function customIdOf(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const id = (value as Record<string, unknown>).custom_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
