import { type Diagnostic, DiagnosticSeverity, type Position, type Range } from 'vscode-languageserver';
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

/** A span of offsets into a text of several lines (a request opened for editing) as a range. */
export function toTextRange(text: { positionAt(offset: number): Position }, span: LineSpan): Range {
  return { start: text.positionAt(span.start), end: text.positionAt(span.end) };
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
    // The span as offsets too: quick fixes place their other edits by it (quickFixes.ts).
    data: { param: diagnostic.param, span: { start: diagnostic.start, end: diagnostic.end }, ...diagnostic.data },
  };
}
