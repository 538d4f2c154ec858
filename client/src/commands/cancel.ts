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
    ? vscode.l10n.t("Batch '{0}' is already being cancelled.", label)
    : vscode.l10n.t(
        "Batch '{0}' is {1}; only batches that are validating, in progress or finalizing can be cancelled.",
        label,
        statusText(batch.status),
      );
}

/** Resolves to the batch's status afterwards, or undefined when nothing was done. */
export const cancelBatch =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const found = await batchAndApi(ctx, arg, vscode.l10n.t('Batch to cancel'), canCancel);
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    if (!canCancel(batch)) {
      ctx.ui.notify('info', refusal(label, batch));
      return undefined;
    }
    // The button, compared by identity with the answer.
    const cancel = vscode.l10n.t('Cancel Batch');
    const consequences = vscode.l10n.t(
      'Requests not yet processed will not run; results so far stay available in the output file. Cancelling can take up to 10 minutes.',
    );
    const choice = await ctx.ui.modal(
      'warning',
      vscode.l10n.t("Cancel batch '{0}'?", label),
      batch.request_counts?.total
        ? `${vscode.l10n.t('{0} done so far.', countsSummary(batch, displayLocale()))} ${consequences}`
        : consequences,
      cancel,
      { close: vscode.l10n.t('Keep Running') },
    );
    if (choice !== cancel) return undefined;
    try {
      // Retried after a transient failure, shown in the status bar; a 409 is a definite answer.
      const updated = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Cancelling '{0}'", label) },
        (progress) => api.cancel(batch.id, (wait) => progress.report({ message: api.describeWait(wait) })),
      );
      ctx.explorer.state.upsert(updated);
      ctx.ui.notify('info', vscode.l10n.t("Batch '{0}' is {1}.", label, statusText(updated.status)));
      return updated.status;
    } catch (error) {
      if (error instanceof ConflictError) {
        // It finished in the meantime: say so in words, and show its real status.
        const latest = await fresh(ctx, api, batch);
        ctx.ui.notify(
          'info',
          canCancel(latest)
            ? vscode.l10n.t("Batch '{0}' cannot be cancelled: {1}", label, api.describe(error).message)
            : refusal(label, latest),
        );
        return latest.status;
      }
      ctx.reportError(vscode.l10n.t("Could not cancel batch '{0}'", label), error, api);
      return undefined;
    }
  };
