/** Navigation in a batch file over the core: a document symbol per request (Outline, breadcrumbs,
 *  Go to Symbol), Go to Definition of a custom_id (its first use) and Find All References (every
 *  use). */
import { type DocumentSymbol, type Location, type Position, SymbolKind } from 'vscode-languageserver/node';
import { type BatchDocument, customIdUsesAt, requestSymbols } from './core';
import { toRange } from './lspDiagnostics';

export function documentSymbols(document: BatchDocument): DocumentSymbol[] {
  return requestSymbols(document.model, document.lineText).map((symbol) => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: SymbolKind.Object,
    range: toRange(symbol.line, symbol.range),
    selectionRange: toRange(symbol.line, symbol.selection),
  }));
}

/** The first line that uses the custom_id under the cursor. */
export function definition(document: BatchDocument, uri: string, position: Position): Location | null {
  const first = customIdUsesAt(document.model, document.lineText, position.line, position.character)?.uses[0];
  return first ? { uri, range: toRange(first.line, first) } : null;
}

/** Every line that uses the custom_id under the cursor; without the first use (its definition)
 *  unless `includeDeclaration`. */
export function references(document: BatchDocument, uri: string, position: Position, includeDeclaration: boolean): Location[] | null {
  const found = customIdUsesAt(document.model, document.lineText, position.line, position.character);
  if (!found) return null;
  return found.uses.slice(includeDeclaration ? 0 : 1).map((use) => ({ uri, range: toRange(use.line, use) }));
}
