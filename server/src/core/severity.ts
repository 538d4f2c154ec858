import { type BatchDiagnostic, isDiagnosticCode, type Severity } from './diagnostic';

export type SeveritySetting = Severity | 'off';

/** The user's per-code severities (`batchStudio.validation.severity`): change or drop diagnostics. */
export function applySeverityOverrides(
  diagnostics: BatchDiagnostic[],
  overrides: Readonly<Record<string, unknown>> | undefined,
): BatchDiagnostic[] {
  if (!overrides) return diagnostics;
  const valid = Object.entries(overrides).filter(
    (entry): entry is [string, SeveritySetting] => isDiagnosticCode(entry[0]) && ['error', 'warning', 'info', 'off'].includes(String(entry[1])),
  );
  if (valid.length === 0) return diagnostics;
  const table = new Map(valid);
  const out: BatchDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = table.get(diagnostic.code);
    if (setting === 'off') continue;
    out.push(setting ? { ...diagnostic, severity: setting } : diagnostic);
  }
  return out;
}
