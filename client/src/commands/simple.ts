/** The small commands: refresh, load more, copy id, show as JSON. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { batchAndApi, fresh, resolveBatch } from './batchArgument';

/** Batch Studio: Refresh Batches. Resolves to true when the list could be fetched. */
export const refreshBatches = (ctx: Ctx) => async (): Promise<boolean> => {
  const error = await ctx.explorer.state.refresh();
  // The tree shows the error item; a notification only when the tree is not in sight.
  if (error && !ctx.explorer.visible) ctx.ui.notify('error', vscode.l10n.t('Could not refresh the batch list: {0}', error));
  return error === undefined;
};

export const loadMoreBatches = (ctx: Ctx) => async (): Promise<boolean> => (await ctx.explorer.state.loadMore()) === undefined;

/** Batch Studio: Copy Batch ID. Resolves to the id copied. */
export const copyBatchId =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const batch = await resolveBatch(ctx, arg, vscode.l10n.t('Batch whose id to copy'));
    if (!batch) return undefined;
    await vscode.env.clipboard.writeText(batch.id);
    vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Copied {0}', batch.id)}`, 3000);
    return batch.id;
  };

/** Batch Studio: Show Batch as JSON — the batch object, fetched afresh, in a read-only JSON
 *  document (`batch-json:`) that follows the batch as the explorer refreshes it. Resolves to its URI. */
export const showBatchJson =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const found = await batchAndApi(ctx, arg, vscode.l10n.t('Batch to show as JSON'));
    if (!found) return undefined;
    const batch = await fresh(ctx, found.api, found.batch);
    const uri = ctx.explorer.json.show(batch);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
    return uri.toString();
  };

/** Batch Studio: Show Batch — the batch selected in the Batches view with its rows shown (a failed
 *  batch's errors first), as the notices' Show Batch button does. Resolves to its id. */
export const showBatch =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const found = await batchAndApi(ctx, arg, vscode.l10n.t('Batch to show'));
    if (!found) return undefined;
    if (!ctx.explorer.state.get(found.batch.id)) ctx.explorer.state.open(found.batch);
    await ctx.explorer.reveal(found.batch.id, true);
    return found.batch.id;
  };
