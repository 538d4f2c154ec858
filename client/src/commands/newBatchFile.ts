/** Batch Studio: New Batch File — pick the endpoint and model, get a first request to type over. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { pickEndpointAndModel } from './pickEndpointAndModel';

/** `folder`: the Explorer folder it was run on; the file is then named and placed there (saved on
 *  first save, not before). Without one, an untitled JSON Lines document. Resolves to its URI. */
export const newBatchFile =
  (ctx: Ctx) =>
  async (folder?: unknown): Promise<string | undefined> => {
    const target = folder instanceof vscode.Uri ? await fileInFolder(ctx, folder) : null;
    if (target === undefined) return undefined;
    const choice = await pickEndpointAndModel(ctx.ui, await ctx.server.authoringCatalog());
    if (!choice) return undefined;
    const template = await ctx.server.requestTemplate(undefined, choice);
    if (!template) return undefined;
    const document = target
      ? await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }))
      : await vscode.workspace.openTextDocument({ language: 'jsonl' });
    if (document.languageId !== 'jsonl') await vscode.languages.setTextDocumentLanguage(document, 'jsonl');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // The final line break keeps the file as the API wants it; the tab stops start at the id.
    await editor.insertSnippet(new vscode.SnippetString(`${template.snippet}\n`), new vscode.Position(0, 0));
    return document.uri.toString();
  };

/** A file name in `folder` asked of the user (a free one offered); undefined when dismissed. */
async function fileInFolder(ctx: Ctx, folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  let suggested = 'batch.jsonl';
  for (let n = 2; await exists(vscode.Uri.joinPath(folder, suggested)); n++) suggested = `batch-${n}.jsonl`;
  const problem = async (value: string) => {
    if (!/^[^/\\]+\.jsonl$/.test(value.trim())) return vscode.l10n.t('A file name ending in .jsonl');
    return (await exists(vscode.Uri.joinPath(folder, value.trim()))) ? vscode.l10n.t('{0} is there already', value.trim()) : undefined;
  };
  const name = await ctx.ui.input({
    title: vscode.l10n.t('New Batch File'),
    prompt: vscode.l10n.t('File name in {0}', path.basename(folder.path) || folder.path),
    value: suggested,
    valueSelection: [0, suggested.length - '.jsonl'.length],
    validateInput: problem,
  });
  // Checked again: a test answers without the input box.
  return name !== undefined && (await problem(name)) === undefined ? vscode.Uri.joinPath(folder, name.trim()) : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
