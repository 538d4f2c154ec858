import { type CompletionItem, CompletionItemKind, type Hover, MarkupKind, type Position } from 'vscode-languageserver/node';
import { type BatchDocument, completionsAt, hoverAt } from './core';
import { toRange } from './lspDiagnostics';

/** Hover and completion over the core, for the line under the cursor. */
export function hover(document: BatchDocument, position: Position): Hover | null {
  const text = document.lineText(position.line);
  const info = text === undefined ? undefined : hoverAt(text, position.character);
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: toRange(position.line, info) } : null;
}

export function completions(document: BatchDocument, position: Position): CompletionItem[] {
  const text = document.lineText(position.line);
  if (text === undefined) return [];
  const summary = document.model.summary();
  return completionsAt(text, position.character, { fileModel: summary.model, fileEndpoint: summary.endpoint }).map((suggestion, i) => ({
    label: suggestion.label,
    kind: suggestion.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
    documentation: suggestion.documentation,
    sortText: String(i).padStart(4, '0'),
    textEdit: { range: toRange(position.line, suggestion.replace), newText: suggestion.insertText },
  }));
}
