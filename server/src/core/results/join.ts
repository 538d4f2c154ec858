/** A batch's requests joined with their results by custom_id: one row per request, in input order,
 *  then the results no request has; and the totals. Pure. */
import type { ResultRow, ResultStatus, ResultTotals } from '../../../../common/src/results';
import { oneLine } from './prompt';
import { findResult, type IndexedResult, type ResultFileIndex } from './resultIndex';
import { failureText } from './resultText';

/** A request line of the input: its 0-based line, custom_id and prompt. */
export interface RequestLine {
  line: number;
  customId: string;
  prompt: string;
}

export interface JoinOptions {
  /** Rows of failed and unrun requests only (the totals still count every request). */
  failuresOnly?: boolean;
  /** How many characters of the prompt and the reply a row keeps. */
  promptChars?: number;
  replyChars?: number;
}

export interface JoinedResults {
  rows: ResultRow[];
  totals: ResultTotals;
}

function statusOf(result: IndexedResult | undefined): ResultStatus {
  return !result ? 'not run' : result.succeeded ? 'succeeded' : 'failed';
}

/** `requests`: the input's request lines, or null when the input is not known (then every result
 *  is a row of its own). */
export function joinResults(
  requests: readonly RequestLine[] | null,
  indexes: readonly ResultFileIndex[],
  options: JoinOptions = {},
): JoinedResults {
  const promptChars = options.promptChars ?? 80;
  const replyChars = options.replyChars ?? 80;
  const totals: ResultTotals = {
    requests: requests?.length ?? 0,
    succeeded: 0,
    failed: 0,
    notRun: 0,
    unmatched: 0,
    tokens: { input: 0, output: 0, total: 0 },
    unreadableLines: indexes.reduce((sum, index) => sum + index.unreadable, 0),
  };
  const rows: ResultRow[] = [];
  const keep = (status: ResultStatus) => !options.failuresOnly || status !== 'succeeded';
  const row = (line: number | null, customId: string, prompt: string, result: IndexedResult | undefined): ResultRow => ({
    line,
    customId,
    status: statusOf(result),
    statusCode: result?.statusCode ?? null,
    error: result && !result.succeeded ? failureText(result) : null,
    prompt: oneLine(prompt, promptChars),
    reply: result ? oneLine(result.succeeded ? result.reply : (result.errorMessage ?? ''), replyChars) : '',
    tokens: result?.usage ?? null,
    result: result ? { uri: result.uri, line: result.line } : null,
  });
  const count = (status: ResultStatus) => {
    if (status === 'succeeded') totals.succeeded++;
    else if (status === 'failed') totals.failed++;
    else totals.notRun++;
  };

  const requested = new Set<string>();
  for (const request of requests ?? []) {
    requested.add(request.customId);
    const result = findResult(indexes, request.customId);
    const status = statusOf(result);
    count(status);
    if (keep(status)) rows.push(row(request.line, request.customId, request.prompt, result));
  }
  // Every result counts its tokens once, whichever request (if any) it answers.
  const seen = new Set<string>();
  for (const index of indexes) {
    for (const result of index.order) {
      if (seen.has(result.customId)) continue;
      seen.add(result.customId);
      if (result.usage) {
        totals.tokens.input += result.usage.input;
        totals.tokens.output += result.usage.output;
        totals.tokens.total += result.usage.total;
      }
      if (requests !== null && requested.has(result.customId)) continue;
      if (requests !== null) totals.unmatched++;
      else count(statusOf(result));
      if (keep(statusOf(result))) rows.push(row(null, result.customId, '', result));
    }
  }
  if (requests === null) totals.requests = totals.succeeded + totals.failed;
  return { rows, totals };
}
