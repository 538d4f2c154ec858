/** Batch Studio: Add Request — a whole request with the next custom_id in the file's numbering, the
 *  file's endpoint and model, and its required fields to type over. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { pickEndpointAndModel } from './pickEndpointAndModel';

/** On a blank line, there; otherwise on a new line below the cursor's. Resolves to the new id. */
export const addRequest = (ctx: Ctx) => async (): Promise<string | undefined> => {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'jsonl') {
    ctx.ui.notify('info', vscode.l10n.t('Add Request works in a batch file (.jsonl): open one, or run New Batch File.'));
    return undefined;
  }
  const uri = editor.document.uri;
  let template = await ctx.server.requestTemplate(uri);
  if (!template) {
    // A file without an endpoint and model yet (empty, or only broken lines): ask for them.
    const choice = await pickEndpointAndModel(ctx.ui, await ctx.server.authoringCatalog(uri));
    if (!choice) return undefined;
    template = await ctx.server.requestTemplate(uri, choice);
    if (!template) return undefined;
  }
  const line = editor.document.lineAt(editor.selection.active.line);
  const snippet = new vscode.SnippetString(line.isEmptyOrWhitespace ? template.snippet : `\n${template.snippet}`);
  const at = line.isEmptyOrWhitespace ? line.range : line.range.end;
  if (!(await editor.insertSnippet(snippet, at))) return undefined;
  return template.customId;
};
