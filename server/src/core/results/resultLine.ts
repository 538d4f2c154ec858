/** One line of a batch's output or error file — `{id, custom_id, response: {status_code, body},
 *  error}` — read for what a person wants from it: did the request succeed, what came back, what
 *  went wrong, how many tokens. Pure; a line of any other shape is undefined, never an exception. */
import type { TokenUsage } from '../../../../common/src/results';
import { asObject, type Json, parseJsonLine } from './json';
import { type Reply, summarizeReply, tokenUsage } from './reply';

export interface ResultLine {
  customId: string;
  /** A 200 response without an `error`. */
  succeeded: boolean;
  /** `response.status_code`; null when the line has no response (an expired or cancelled request). */
  statusCode: number | null;
  /** What went wrong: the error's `code` (else its `type`), from the line's `error` or the response body's. */
  errorCode: string | null;
  errorMessage: string | null;
  /** What the response body holds, summarised; null without a body. */
  reply: Reply | null;
  usage: TokenUsage | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The record of a result line, when the line is one: a JSON object with a string `custom_id` and
 *  a `response` or an `error` (how the analysis tells an output file from an input file, too). */
export function resultRecord(line: string): Json | undefined {
  if (!line.includes('"custom_id"')) return undefined; // most non-result lines cost no parse
  let value: unknown;
  try {
    value = parseJsonLine(line);
  } catch {
    return undefined;
  }
  const record = asObject(value);
  return record && isResultRecord(record) ? record : undefined;
}

export function isResultRecord(record: Json): boolean {
  return typeof record.custom_id === 'string' && ('response' in record || 'error' in record);
}

/** The line read as a result, or undefined when it is not one. */
export function parseResultLine(line: string): ResultLine | undefined {
  const record = resultRecord(line);
  return record && readResult(record);
}

export function readResult(record: Json): ResultLine {
  const response = asObject(record.response);
  const lineError = asObject(record.error);
  const statusCode = typeof response?.status_code === 'number' && Number.isFinite(response.status_code) ? response.status_code : null;
  const body = response && 'body' in response ? response.body : undefined;
  const bodyError = asObject(asObject(body)?.error);
  const succeeded = !lineError && statusCode === 200;
  // A failed response carries its error in the body; an unrun request in the line's own `error`.
  const error = lineError ?? (succeeded ? undefined : bodyError);
  return {
    customId: record.custom_id as string,
    succeeded,
    statusCode,
    errorCode: error ? (text(error.code) ?? text(error.type)) : null,
    errorMessage: error ? text(error.message) : null,
    reply: body === undefined || body === null || (!succeeded && bodyError) ? null : summarizeReply(body),
    usage: tokenUsage(body),
  };
}
