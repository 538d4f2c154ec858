/** An edited request turned back into one batch file line, or the reason it cannot be. Pure: no
 *  editor types, so unit tests run it. */
import * as l10n from '@vscode/l10n';
import { compactRequest, separatorsOf } from '../../../common/src/requestText';

export type RequestLine = { ok: true; line: string } | { ok: false; reason: string };

/** `like`: the line as it was, whose separators (`": "` or `":"`) the new line keeps. */
export function requestToLine(text: string, like: string): RequestLine {
  if (text.trim() === '') return { ok: false, reason: l10n.t('The request is empty.') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: l10n.t('The request is not valid JSON: {0}.', describeSyntaxError(text, error)) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      reason: Array.isArray(value)
        ? l10n.t('A request must be one JSON object, but this is an array.')
        : value === null
          ? l10n.t('A request must be one JSON object, but this is null.')
          : l10n.t('A request must be one JSON object, but this is a {0}.', typeof value),
    };
  }
  return { ok: true, line: compactRequest(text, separatorsOf(like)) };
}

/** JSON.parse's complaint with a line and column instead of its character position. */
function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(.*?)(?:,)? in JSON at position (\d+)/.exec(message);
  const what = (match ? match[1] : message).replace(/\.$/, '');
  // JSON.parse's own words come from the runtime, in English.
  const hint = /control character/i.test(what) ? ' ' + l10n.t('(a line break or tab inside a string: write it as \\n or \\t)') : '';
  if (!match) return `${lowerFirst(what)}${hint}`;
  const before = text.slice(0, Number(match[2]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return l10n.t('{0} at line {1}, column {2}', `${lowerFirst(what)}${hint}`, line, column);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
