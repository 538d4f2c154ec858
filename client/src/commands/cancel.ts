/** Batch Studio: Cancel Batch — after a modal confirmation; finished batches are refused. */
import { ConflictError } from 'openai';
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import { countsSummary, statusText } from '../batch/labels';
import { canCancel } from '../batch/lifecycle';
import type { Ctx } from '../ctx';
import { displayLocale } from '../util/display';
import { batchAndApi, fresh } from './batchArgument';

function refusal(label: string, batch: Batch): string {
  return batch.status === 'cancelling'
    ? `Batch '${label}' is already being cancelled.`
    : `Batch '${label}' is ${statusText(batch.status)}; only batches that are validating, in progress or finalizing can be cancelled.`;
}

/** Resolves to the batch's status afterwards, or undefined when nothing was done. */
export const cancelBatch =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const found = await batchAndApi(ctx, arg, 'Batch to cancel', canCancel);
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    if (!canCancel(batch)) {
      ctx.ui.notify('info', refusal(label, batch));
      return undefined;
    }
    const choice = await ctx.ui.modal(
      'warning',
      `Cancel batch '${label}'?`,
      `${batch.request_counts?.total ? `${countsSummary(batch, displayLocale())} done so far. ` : ''}Requests not yet processed will not run; results so far stay available in the output file. Cancelling can take up to 10 minutes.`,
      'Cancel Batch',
      { close: 'Keep Running' },
    );
    if (choice !== 'Cancel Batch') return undefined;
    try {
      // Retried after a transient failure, shown in the status bar; a 409 is a definite answer.
      const updated = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Cancelling '${label}'` },
        (progress) => api.cancel(batch.id, (wait) => progress.report({ message: api.describeWait(wait) })),
      );
      ctx.explorer.state.upsert(updated);
      ctx.ui.notify('info', `Batch '${label}' is ${statusText(updated.status)}.`);
      return updated.status;
    } catch (error) {
      if (error instanceof ConflictError) {
        // It finished in the meantime: say so in words, and show its real status.
        const latest = await fresh(ctx, api, batch);
        ctx.ui.notify(
          'info',
          canCancel(latest) ? `Batch '${label}' cannot be cancelled: ${api.describe(error).message}` : refusal(label, latest),
        );
        return latest.status;
      }
      ctx.reportError(`Could not cancel batch '${label}'`, error, api);
      return undefined;
    }
  };
