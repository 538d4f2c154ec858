import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import type { BatchDiagnostic, LineSpan, Severity } from './core';
import { DIAGNOSTIC_SOURCE } from '../../common/src/protocol';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The one place where the core's (line, offset) spans become LSP ranges. */
export function toRange(line: number, span: LineSpan): Range {
  return { start: { line, character: span.start }, end: { line, character: span.end } };
}

export function toLspDiagnostic(diagnostic: BatchDiagnostic, uri: string): Diagnostic {
  return {
    range: toRange(diagnostic.line, diagnostic),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    relatedInformation: diagnostic.related?.map((related) => ({
      location: { uri, range: toRange(related.line, related) },
      message: related.message,
    })),
    data: { param: diagnostic.param, ...diagnostic.data },
  };
}
