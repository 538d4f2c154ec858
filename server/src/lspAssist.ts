import {
  type CompletionItem,
  CompletionItemKind,
  type Hover,
  InsertTextFormat,
  MarkupKind,
  type Position,
} from 'vscode-languageserver/node';
import type { BatchDetection, Provider } from '../../common/src/settings';
import { type BatchDocument, completionsAt, hoverAt, nextCustomId, snippetText } from './core';
import { toRange } from './lspDiagnostics';

export interface AssistOptions {
  /** `batchStudio.models`. */
  userModels?: readonly string[];
  /** `batchStudio.validation.detection`: `never` offers no whole requests. */
  detection?: BatchDetection;
  /** Whether the client takes snippets (`completionItem.snippetSupport`); otherwise plain text. */
  snippets?: boolean;
  /** The validation provider (`batchStudio.validation.provider`): on Azure, `model` names a deployment. */
  provider?: Provider;
}

/** Hover and completion over the core, for the line under the cursor. */
export function hover(document: BatchDocument, position: Position, options: AssistOptions = {}): Hover | null {
  const text = document.lineText(position.line);
  const context = {
    fileEndpoint: document.model.summary(options.provider).endpoint,
    userModels: options.userModels,
    provider: options.provider,
  };
  const info = text === undefined ? undefined : hoverAt(text, position.character, context);
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: toRange(position.line, info) } : null;
}

const KINDS = { property: CompletionItemKind.Property, value: CompletionItemKind.Value, request: CompletionItemKind.Snippet } as const;

export function completions(document: BatchDocument, position: Position, options: AssistOptions = {}): CompletionItem[] {
  const text = document.lineText(position.line);
  if (text === undefined) return [];
  const model = document.model;
  const summary = model.summary(options.provider);
  // A whole request suits a file that is, or may become, a batch file: not one of another kind.
  let customId: string | undefined;
  const offerRequests =
    options.detection !== 'never' && (options.detection === 'always' || model.looksLikeBatch() || !model.hasObjectLines());
  const suggestions = completionsAt(text, position.character, {
    fileModel: summary.model,
    fileEndpoint: summary.endpoint,
    userModels: options.userModels,
    provider: options.provider,
    nextCustomId: () => (customId ??= nextCustomId(model.customIds())),
    offerRequests,
  });
  return suggestions.map((suggestion, i) => {
    const asSnippet = suggestion.snippet === true && options.snippets === true;
    return {
      label: suggestion.label,
      kind: KINDS[suggestion.kind],
      detail: suggestion.detail,
      documentation: suggestion.documentation ? { kind: MarkupKind.Markdown, value: suggestion.documentation } : undefined,
      sortText: String(i).padStart(4, '0'),
      filterText: suggestion.filterText,
      insertTextFormat: asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: {
        range: toRange(position.line, suggestion.replace),
        newText: asSnippet || suggestion.snippet !== true ? suggestion.insertText : snippetText(suggestion.insertText),
      },
    };
  });
}

/** One hover of two: `extra` (a request's result) below `base`, over the range of either. */
export function appendHover(base: Hover | null, extra: Hover | null): Hover | null {
  if (!extra || !base) return base ?? extra;
  const text = (hover: Hover) => (typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');
  return { contents: { kind: MarkupKind.Markdown, value: `${text(base)}\n\n---\n\n${text(extra)}` }, range: base.range ?? extra.range };
}
