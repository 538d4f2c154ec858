/** Edit Request: opens a request line of a batch file as formatted JSON in its own tab; saving it
 *  writes it back as that line (see editRequest/requestFileSystem.ts). */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { looksLikeRequestLine } from '../editRequest/editRequestAction';

/** From a code action: the batch file and the 0-based line; from the palette or the editor's
 *  context menu: the active editor's line. Resolves to the request document's URI. */
export const editRequest =
  (ctx: Ctx) =>
  async (uri?: unknown, line?: unknown): Promise<string | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const batch = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!batch || batch.languageId !== 'jsonl') {
      ctx.ui.notify(
        'info',
        vscode.l10n.t('Edit Request works on a line of a batch file (.jsonl): put the cursor on a request and run it again.'),
      );
      return undefined;
    }
    const index = typeof line === 'number' ? line : editor?.document === batch ? editor.selection.active.line : 0;
    if (index < 0 || index >= batch.lineCount || !looksLikeRequestLine(batch.lineAt(index).text)) {
      ctx.ui.notify(
        'info',
        vscode.l10n.t(
          'Line {0} of {1} is not a request: put the cursor on a request line and run Edit Request again.',
          index + 1,
          batch.fileName.split(/[\\/]/).pop() ?? '',
        ),
      );
      return undefined;
    }
    const requestUri = ctx.requests.open(batch, index);
    let document = await vscode.workspace.openTextDocument(requestUri);
    if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return requestUri.toString();
  };
