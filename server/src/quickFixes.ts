import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import type { FixData } from './core';
import { DIAGNOSTIC_SOURCE } from '../../common/src/protocol';

const MAX_CHOICES = 8;

/** Quick fixes built from each diagnostic's `data`, without validating again. */
export function quickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = (diagnostic.data ?? {}) as FixData;
    if (data.deleteLine) {
      const line = diagnostic.range.start.line;
      actions.push({
        title: 'Delete the blank line',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }] } },
      });
    }
    const replacements = data.replacements ?? [];
    replacements.slice(0, MAX_CHOICES).forEach((replacement, i) => {
      actions.push({
        title: `Change to ${replacement}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0 && replacements.length === 1,
        edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } },
      });
    });
  }
  return actions;
}
