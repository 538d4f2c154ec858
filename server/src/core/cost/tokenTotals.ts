/** A file's token counts: the sum of its requests'. */
import type { RequestTokens } from './requestTokens';

export interface TokenTotals {
  /** Lines counted as requests. */
  requests: number;
  inputTokens: number;
  /** Null when any request sets no cap on its output. */
  maxOutputTokens: number | null;
  uncountedParts: number;
}

export function emptyTotals(): TokenTotals {
  return { requests: 0, inputTokens: 0, maxOutputTokens: 0, uncountedParts: 0 };
}

/** Adds one line's count (nothing for a line that is no request) to `totals`. */
export function addTokens(totals: TokenTotals, tokens: RequestTokens | undefined): void {
  if (!tokens) return;
  totals.requests++;
  totals.inputTokens += tokens.input;
  totals.maxOutputTokens = totals.maxOutputTokens === null || tokens.maxOutput === null ? null : totals.maxOutputTokens + tokens.maxOutput;
  totals.uncountedParts += tokens.uncounted;
}
