/** The diagnostic codes and their default severities: a public contract (the Problems panel, the
 *  CLI's output, `batchStudio.validation.severity`). package.json's severity setting and the
 *  README's "Diagnostic codes" table must list exactly these (test/unit/common.test.ts checks). */

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
  'other_provider_format',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What `batchStudio.validation.severity` (and the CLI's `--severity`) may set a code to. */
export const SEVERITY_SETTINGS = [...SEVERITIES, 'off'] as const;
export type SeveritySetting = (typeof SEVERITY_SETTINGS)[number];

export const DEFAULT_SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
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
  other_provider_format: 'error',
};

export function isDiagnosticCode(value: unknown): value is DiagnosticCode {
  return typeof value === 'string' && (DIAGNOSTIC_CODES as readonly string[]).includes(value);
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}
