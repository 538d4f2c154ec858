import { compactRequest } from '../../../common/src/requestText';
import { analyzeLine } from './analyzeLine';
import type { BatchModel, LineTextSource } from './batchModel';
import { customIdSpans } from './customIdSpan';
import { describeValue, quote } from './describe';
import { type BatchDiagnostic, DEFAULT_SEVERITY, type DiagnosticCode, type LineSpan } from './diagnostic';
import { findSyntaxError, isJsonBlank, LineLocator } from './locate';
import { type Provider, providerUrlProblem } from './providers';

/** The batch file a request was opened from (Edit Request), for the checks across its lines. */
export interface RequestOrigin {
  model: BatchModel;
  textOf: LineTextSource;
  /** The request's custom_id when it was opened: its own line still uses it. */
  originalId?: string;
}

/**
 * Checks one request written over several lines (a batch file's line, pretty-printed for
 * editing) as the API checks that line: the same schemas and messages, as one JSON value however
 * it is broken into lines. The diagnostics' `line` is 0 and their spans are offsets into the whole
 * text; `related` points into the batch file. With its origin, a custom_id another line of the
 * batch file uses is reported too. `provider`: whose urls the request may name.
 */
export function checkRequest(text: string, origin?: RequestOrigin, provider: Provider = 'openai'): BatchDiagnostic[] {
  const shapeProblem = checkShape(text);
  if (shapeProblem) return [shapeProblem];
  const facts = analyzeLine(text);
  const diagnostics: BatchDiagnostic[] = facts.problems.map((problem) => ({
    line: 0,
    severity: DEFAULT_SEVERITY[problem.code],
    ...problem,
  }));
  const urlProblem = facts.url === undefined ? undefined : providerUrlProblem(facts.url, provider);
  if (urlProblem)
    diagnostics.push({
      ...problem('unsupported_url', new LineLocator(text).value(['url']), urlProblem.message, 'url'),
      data: urlProblem.data,
    });
  const id = facts.customId;
  if (origin && id !== undefined) {
    const duplicate = duplicateOf(text, id, origin);
    if (duplicate) diagnostics.push(duplicate);
  }
  return diagnostics.sort((a, b) => a.start - b.start);
}

/** Text that is no JSON object gets one problem, worded for a request rather than a line. */
function checkShape(text: string): BatchDiagnostic | undefined {
  if (isJsonBlank(text)) {
    return problem(
      'invalid_json_line',
      { start: 0, end: 0 },
      'The request is empty. Write one JSON object: {"custom_id": ..., "method": "POST", "url": ..., "body": {...}}.',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const syntax = findSyntaxError(text, error instanceof Error ? error.message : '');
    return problem(
      'invalid_json_line',
      syntax,
      `This request is not valid JSON: ${syntax.what}. It is saved back as one line of the batch file, so it must be one complete JSON object.`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return problem(
      'invalid_json_line',
      new LineLocator(text).value([]),
      `A request must be a JSON object with custom_id, method, url and body, but this is ${describeValue(value)}.`,
    );
  }
  return undefined;
}

function duplicateOf(text: string, id: string, origin: RequestOrigin): BatchDiagnostic | undefined {
  const withId = origin.model.linesOfId(id);
  // The request's own line: the one that holds this very request (it was saved, or not edited
  // yet); else, while the id is the one it was opened with, one of the lines that have it.
  const request = compactRequest(text);
  const own = withId.findIndex((line) => compactRequest(origin.textOf(line) ?? '') === request);
  const others = own < 0 ? withId : withId.filter((_, i) => i !== own);
  const ownLineUnknown = own < 0 && id === origin.originalId;
  if (others.length === 0 || (ownLineUnknown && others.length === 1)) return undefined;
  const lines = ownLineUnknown ? withId : others;
  const span = new LineLocator(text).value(['custom_id']);
  const numbers = lines.map((line) => line + 1);
  const where = numbers.length === 1 ? `line ${numbers[0]}` : `lines ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
  const message = `custom_id ${quote(id)} is ${ownLineUnknown ? '' : 'already '}used on ${where} of the batch file. Each request needs its own custom_id, or its result cannot be matched to it.`;
  return {
    ...problem('duplicate_custom_id', span, message, 'custom_id'),
    related: lines.slice(0, 20).map((line) => ({
      line,
      ...(customIdSpans(origin.textOf(line) ?? '', id)?.value ?? { start: 0, end: 0 }),
      message: `custom_id ${quote(id)} on line ${line + 1}`,
    })),
  };
}

function problem(code: DiagnosticCode, span: LineSpan, message: string, param: string | null = null): BatchDiagnostic {
  return { line: 0, start: span.start, end: span.end, severity: DEFAULT_SEVERITY[code], code, param, message };
}
