import { type BatchDiagnostic, isDiagnosticCode, isSeveritySetting, type SeveritySetting } from './diagnostic';

export type { SeveritySetting };

/** The user's per-code severities (`batchStudio.validation.severity`, the CLI's `--severity`):
 *  change or drop diagnostics. Unknown codes and values are ignored. */
export function applySeverityOverrides(
  diagnostics: BatchDiagnostic[],
  overrides: Readonly<Record<string, unknown>> | undefined,
): BatchDiagnostic[] {
  if (!overrides) return diagnostics;
  const valid = Object.entries(overrides).filter(
    (entry): entry is [string, SeveritySetting] => isDiagnosticCode(entry[0]) && isSeveritySetting(entry[1]),
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
