/** One line of a batch file, counted: its input tokens in its model's encoding, the most output
 *  tokens it allows, and the parts that could not be counted. Depends on the line's text alone, so
 *  a count is kept per line text and reused while other lines change. */
import { encodingOf, type EncodingName } from './encodings';
import { endpointKind } from './endpointKind';
import { inputTokens, type TextCounter } from './inputTokens';
import { maxOutputTokens } from './outputCap';

export interface RequestTokens {
  encoding: EncodingName;
  input: number;
  /** Null when the request sets no cap on its output; 0 when its endpoint produces none. */
  maxOutput: number | null;
  /** Parts whose tokens are not in `input`: images at high or auto detail, audio, files. */
  uncounted: number;
}

/** The counter of each encoding (loaded when first asked for). */
export type CounterOf = (encoding: EncodingName) => TextCounter;

const BOM = '\uFEFF';

/** The tokens of one line, or undefined for a line that is no request: blank, not JSON, or without
 *  a url the Batch API's endpoints end with and an object `body`. */
export function lineTokens(line: string, counterOf: CounterOf): RequestTokens | undefined {
  if (line.trim() === '') return undefined;
  let row: unknown;
  try {
    row = JSON.parse(line.startsWith(BOM) ? line.slice(1) : line);
  } catch {
    return undefined;
  }
  return requestTokens(row, counterOf);
}

/** The tokens of one parsed batch row (`{custom_id, method, url, body}`). */
export function requestTokens(row: unknown, counterOf: CounterOf): RequestTokens | undefined {
  if (!isObject(row) || typeof row.url !== 'string' || !isObject(row.body)) return undefined;
  const kind = endpointKind(row.url);
  if (!kind) return undefined;
  const model = typeof row.body.model === 'string' ? row.body.model : undefined;
  const encoding = encodingOf(model);
  const { tokens, uncounted } = inputTokens(kind, row.body, counterOf(encoding));
  return { encoding, input: tokens, maxOutput: maxOutputTokens(kind, row.body), uncounted };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
