/** Which batch a command is about. Its argument is a tree item (context menus), a batch id
 *  (notification buttons, other commands, tests) or nothing (the palette, a keybinding): then the
 *  batch selected in the tree, else one the user picks from the loaded list. */
import * as vscode from 'vscode';
import type { Batch, BatchApi } from '../api/batchApi';
import { pickDescription } from '../batch/labels';
import type { Ctx } from '../ctx';
import { isBatchNode } from '../explorer/batchTree';
import { displayLocale } from '../util/display';

/** The batch, or undefined when there is none (the user has been told why) or none was picked.
 *  `filter` narrows the choice offered; a batch named by the argument is taken as it is. */
export async function resolveBatch(
  ctx: Ctx,
  arg: unknown,
  placeHolder: string,
  filter: (batch: Batch) => boolean = () => true,
): Promise<Batch | undefined> {
  const { state } = ctx.explorer;
  let id = isBatchNode(arg) ? arg.id : typeof arg === 'string' && arg ? arg : undefined;
  if (!id && arg === undefined) id = ctx.explorer.selectedBatchId();
  if (id) {
    const known = state.get(id);
    if (known) return known;
    const connection = await state.connection();
    return connection.kind === 'ready' ? connection.api.retrieve(id) : undefined;
  }
  await state.ensureLoaded();
  const candidates = state.list.items.filter(filter);
  if (candidates.length === 0) {
    ctx.ui.notify(
      'info',
      state.list.loaded
        ? vscode.l10n.t('No batch to choose from.')
        : vscode.l10n.t('The batch list could not be loaded; open the Batches view to see why.'),
    );
    return undefined;
  }
  const items = candidates.map((batch) => ({
    label: state.labelOf(batch),
    description: pickDescription(batch, displayLocale()),
    detail: batch.id,
    batch,
  }));
  return (await ctx.ui.pick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.batch;
}

/** The batch a command acts on, and the API to act with; undefined when either is missing (the
 *  user has been told why). */
export async function batchAndApi(
  ctx: Ctx,
  arg: unknown,
  placeHolder: string,
  filter?: (batch: Batch) => boolean,
): Promise<{ batch: Batch; api: BatchApi } | undefined> {
  const api = await ctx.requireApi();
  if (!api) return undefined;
  let batch: Batch | undefined;
  try {
    batch = await resolveBatch(ctx, arg, placeHolder, filter);
  } catch (error) {
    ctx.reportError(
      typeof arg === 'string' && arg ? vscode.l10n.t('Could not find batch {0}', arg) : vscode.l10n.t('Could not find the batch'),
      error,
      api,
    );
    return undefined;
  }
  return batch ? { batch, api } : undefined;
}

/** The latest state of a batch (tree items may be a few seconds old); the known one on failure. */
export async function fresh(ctx: Ctx, api: BatchApi, batch: Batch): Promise<Batch> {
  try {
    const latest = await api.retrieve(batch.id);
    ctx.explorer.state.upsert(latest);
    return latest;
  } catch {
    return batch;
  }
}
