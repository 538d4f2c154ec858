/** Batch Studio: Create Retry File — the requests of a finished batch that failed (per its output
 *  and error files), copied from the original input by custom_id into `<input>.retry.jsonl`. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Batch, BatchApi } from '../api/batchApi';
import { statusText } from '../batch/labels';
import { hasRun, isFinished, mayHaveUnrunRequests } from '../batch/lifecycle';
import type { Ctx } from '../ctx';
import { number, requestCount } from '../util/display';
import { ResultCollector, type RetrySelection, RetrySelector, siblingPath, writeRetryFile } from '../retryFile';
import { fileExists } from '../util/fileExists';
import { batchAndApi, fresh } from './batchArgument';

/** The input file: the known one, else one the user points at (then remembered). */
async function inputOf(ctx: Ctx, batch: Batch, label: string): Promise<string | undefined> {
  const known = await ctx.inputFiles.locate(batch);
  if (known) return known;
  const uri = await ctx.ui.openFile({
    title: vscode.l10n.t("Select the input file of batch '{0}'", label),
    openLabel: vscode.l10n.t('Use as Input File'),
    filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
  });
  if (!uri || uri.scheme !== 'file') return undefined;
  await ctx.inputFiles.remember(batch.id, uri.fsPath);
  return uri.fsPath;
}

/** Streams the result files, then the input, writing the kept lines through a temporary file. */
async function retryFromResults(api: BatchApi, batch: Batch, input: string, target: string): Promise<RetrySelection> {
  const results = new ResultCollector();
  for (const fileId of [batch.error_file_id, batch.output_file_id]) {
    if (fileId) await api.forEachLine(fileId, (line) => results.add(line));
  }
  // Requests that never ran (batch expired or cancelled before reaching them) need sending again too.
  const selector = new RetrySelector(results, mayHaveUnrunRequests(batch));
  return writeRetryFile(input, target, selector);
}

/** Resolves to the retry file's path, or undefined when none was written. */
export const createRetryFile =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const found = await batchAndApi(ctx, arg, vscode.l10n.t('Finished batch to create a retry file for'), hasRun);
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    if (!isFinished(batch)) {
      ctx.ui.notify(
        'info',
        vscode.l10n.t("Batch '{0}' is still {1}; create a retry file once it has finished.", label, statusText(batch.status)),
      );
      return undefined;
    }
    if (!hasRun(batch)) {
      const message = vscode.l10n.t(
        "Batch '{0}' failed validation, so none of its requests ran. Fix the input file and submit it again.",
        label,
      );
      ctx.ui.notify('warning', message, {
        title: vscode.l10n.t('Show Batch'),
        run: () => ctx.explorer.reveal(batch.id, true),
      });
      return undefined;
    }

    const input = await inputOf(ctx, batch, label);
    if (!input) return undefined;
    const target = siblingPath(input, 'retry');
    if (await fileExists(target)) {
      const replace = vscode.l10n.t('Replace');
      const choice = await ctx.ui.modal(
        'warning',
        vscode.l10n.t('{0} already exists. Replace it?', path.basename(target)),
        undefined,
        replace,
      );
      if (choice !== replace) return undefined;
    }

    let selection: RetrySelection;
    try {
      selection = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Creating a retry file for '{0}'", label) },
        () => retryFromResults(api, batch, input, target),
      );
    } catch (error) {
      ctx.reportError(vscode.l10n.t("Could not create the retry file for '{0}'", label), error, api);
      return undefined;
    }

    if (selection.missing.length > 0) {
      ctx.ui.notify(
        'warning',
        selection.missing.length === 1
          ? vscode.l10n.t(
              "1 failed request of '{0}' is not in {1} (first: {2}); the file changed since it was submitted.",
              label,
              path.basename(input),
              selection.missing[0],
            )
          : vscode.l10n.t(
              "{0} failed requests of '{1}' are not in {2} (first: {3}); the file changed since it was submitted.",
              number(selection.missing.length),
              label,
              path.basename(input),
              selection.missing[0],
            ),
      );
    }
    if (selection.kept === 0) {
      ctx.ui.notify('info', vscode.l10n.t("No request of batch '{0}' failed; there is nothing to retry.", label));
      return undefined;
    }
    const failed = selection.kept - selection.unanswered;
    const parts = [
      failed > 0 ? vscode.l10n.t('{0} failed', number(failed)) : undefined,
      selection.unanswered > 0 ? vscode.l10n.t('{0} never ran', number(selection.unanswered)) : undefined,
    ].filter(Boolean);
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
    ctx.ui.notify('info', vscode.l10n.t('Wrote {0} to {1} ({2}).', requestCount(selection.kept), path.basename(target), parts.join(', ')));
    return target;
  };
