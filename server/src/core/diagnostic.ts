/** The diagnostics the core produces. Positions are UTF-16 offsets within one line, so a
 *  diagnostic stays valid while lines above it are inserted or deleted; the adapters turn
 *  (line, start, end) into editor ranges in one place each. */

export const DIAGNOSTIC_CODES = [
  'invalid_json_line',
  'missing_required_parameter',
  'invalid_type',
  'invalid_value',
  'unsupported_url',
  'invalid_url',
  'duplicate_custom_id',
  'mismatched_model',
  'streaming_unsupported',
  'unknown_parameter',
  'blank_line',
  'empty_file',
  'too_many_requests',
  'file_too_large',
  'too_many_embedding_inputs',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type Severity = 'error' | 'warning' | 'info';

export const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = {
  invalid_json_line: 'error',
  missing_required_parameter: 'error',
  invalid_type: 'error',
  invalid_value: 'error',
  unsupported_url: 'error',
  invalid_url: 'error',
  duplicate_custom_id: 'error',
  mismatched_model: 'error',
  streaming_unsupported: 'error',
  unknown_parameter: 'warning',
  blank_line: 'warning',
  empty_file: 'error',
  too_many_requests: 'error',
  file_too_large: 'error',
  too_many_embedding_inputs: 'error',
};

/** A span inside one line: [start, end) in UTF-16 code units. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface RelatedLocation extends LineSpan {
  line: number;
  message: string;
}

/** What a quick fix needs, without validating again. */
export interface FixData {
  /** Replace the span with this JSON text (e.g. a suggested key or value). */
  replacements?: string[];
  /** The allowed values, when the fault is a value outside an enum. */
  allowed?: unknown[];
  /** For blank lines: the whole line may be deleted. */
  deleteLine?: boolean;
}

export interface BatchDiagnostic extends LineSpan {
  /** 0-based line number. */
  line: number;
  severity: Severity;
  code: DiagnosticCode;
  /** The parameter at fault in the API's notation (`custom_id`, `body.messages[0].role`), or null. */
  param: string | null;
  message: string;
  related?: RelatedLocation[];
  data?: FixData;
}

export function isDiagnosticCode(value: unknown): value is DiagnosticCode {
  return typeof value === 'string' && (DIAGNOSTIC_CODES as readonly string[]).includes(value);
}
