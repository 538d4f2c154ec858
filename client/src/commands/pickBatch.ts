/** Shared by the commands that act on one batch. */
import type { Batch, BatchApi } from '../api/batchApi';
import type { Ctx } from '../ctx';

/** The latest state of a batch (tree items may be a few seconds old); the known one on failure. */
export async function fresh(ctx: Ctx, api: BatchApi, batch: Batch): Promise<Batch> {
  try {
    const latest = await api.retrieve(batch.id);
    ctx.explorer.upsert(latest);
    return latest;
  } catch {
    return batch;
  }
}

/** The batch a command is about, and the API to act on it with; undefined when either is missing
 *  (the user has been told why). */
export async function batchAndApi(ctx: Ctx, arg: unknown, placeHolder: string, filter?: (batch: Batch) => boolean): Promise<{ batch: Batch; api: BatchApi } | undefined> {
  const api = await ctx.requireApi();
  if (!api) return undefined;
  let batch: Batch | undefined;
  try {
    batch = await ctx.explorer.resolveBatch(arg, placeHolder, filter);
  } catch (error) {
    ctx.reportError(`Could not find batch ${typeof arg === 'string' ? arg : ''}`.trim(), error, api);
    return undefined;
  }
  return batch ? { batch, api } : undefined;
}
