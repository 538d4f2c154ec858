/** Batch Studio: Open Batch by ID — a pasted batch id, shown in the Batches view (expanded) even
 *  when the loaded pages do not reach it; it stays there, refreshed with the list. */
import * as l10n from '@vscode/l10n';
import type { Ctx } from '../ctx';

/** `batch_abc`, `"batch_abc"`, `https://platform.openai.com/batches/batch_abc` → `batch_abc`. */
export function batchIdFrom(text: string): string {
  const trimmed = text.trim().replace(/^["'`]|["'`]$/g, '');
  const fromUrl = /\/batches\/([^/?#\s]+)/.exec(trimmed);
  return (fromUrl ? fromUrl[1] : trimmed).trim();
}

/** Resolves to the batch's id once it is shown, or undefined. An argument skips the prompt. */
export const openBatchById =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const api = await ctx.requireApi();
    if (!api) return undefined;
    const typed =
      typeof arg === 'string'
        ? arg
        : await ctx.ui.input({
            title: l10n.t('Open Batch by ID'),
            prompt: l10n.t('The id of a batch of this account, e.g. batch_abc123 (a link to the batch works too).'),
            placeHolder: 'batch_…',
            validateInput: (value) => (/\s/.test(batchIdFrom(value)) || !batchIdFrom(value) ? l10n.t('Paste one batch id.') : undefined),
          });
    if (typed === undefined) return undefined;
    const id = batchIdFrom(typed);
    if (!id) return undefined;
    let batch;
    try {
      batch = await api.retrieve(id);
    } catch (error) {
      ctx.reportError(l10n.t('Could not open batch {0}', id), error, api);
      return undefined;
    }
    ctx.explorer.state.open(batch);
    await ctx.explorer.reveal(batch.id, true);
    return batch.id;
  };
