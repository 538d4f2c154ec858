/** A batch's results joined with its requests by custom_id, as the server answers
 *  `batchStudio/results` and the Show Results view shows them. Types only: shared by the core that
 *  computes them, the server that sends them and the client that renders them. */

/** What became of one request: it got a 200 response, it got an error (a non-200 response or an
 *  `error` without one, e.g. `batch_expired`), or no result file has a line for it. */
export type ResultStatus = 'succeeded' | 'failed' | 'not run';

/** Tokens a result's `usage` reports (`prompt_tokens`/`completion_tokens` or `input_tokens`/`output_tokens`). */
export interface TokenUsage {
  input: number;
  output: number;
  total: number;
}

/** Where a result line is: its file and its 0-based line. */
export interface ResultPlace {
  uri: string;
  line: number;
}

export interface ResultRow {
  /** The request's 0-based line in the input; null for a result whose custom_id no input line has
   *  (the input changed since it was submitted, or is not known). */
  line: number | null;
  customId: string;
  status: ResultStatus;
  /** The response's HTTP status; null when there was none (not run, or an error without a response). */
  statusCode: number | null;
  /** A failed request's error code (`rate_limit_exceeded`, `batch_expired`), else its message. */
  error: string | null;
  /** The start of the request's prompt, on one line ('' when the input is not known). */
  prompt: string;
  /** The start of the reply, on one line: what the model wrote, or what came back (`embedding of
   *  1,536 dimensions`); for a failure, the error's message. */
  reply: string;
  tokens: TokenUsage | null;
  result: ResultPlace | null;
}

export interface ResultTotals {
  /** Request lines of the input (lines with a custom_id). */
  requests: number;
  succeeded: number;
  failed: number;
  notRun: number;
  /** Results whose custom_id no input line has. */
  unmatched: number;
  /** Every result's usage added up. */
  tokens: TokenUsage;
  /** Lines of the result files that are not result lines (not JSON, no custom_id): skipped. */
  unreadableLines: number;
}
