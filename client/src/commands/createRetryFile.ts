/** Batch Studio: Create Retry File — the requests of a finished batch that failed (per its output
 *  and error files), copied from the original input by custom_id into `<input>.retry.jsonl`. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Batch, BatchApi } from '../api/batchApi';
import { statusText } from '../batch/labels';
import { hasRun, isFinished, mayHaveUnrunRequests } from '../batch/lifecycle';
import type { Ctx } from '../ctx';
import { count } from '../util/display';
import { ResultCollector, type RetrySelection, RetrySelector, siblingPath, writeRetryFile } from '../retryFile';
import { fileExists } from '../util/fileExists';
import { batchAndApi, fresh } from './batchArgument';

/** The input file: the known one, else one the user points at (then remembered). */
async function inputOf(ctx: Ctx, batch: Batch, label: string): Promise<string | undefined> {
  const known = await ctx.inputFiles.locate(batch);
  if (known) return known;
  const uri = await ctx.ui.openFile({
    title: `Select the input file of batch '${label}'`,
    openLabel: 'Use as Input File',
    filters: { 'JSON Lines': ['jsonl'] },
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
    const found = await batchAndApi(ctx, arg, 'Finished batch to create a retry file for', hasRun);
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    if (!isFinished(batch)) {
      ctx.ui.notify('info', `Batch '${label}' is still ${statusText(batch.status)}; create a retry file once it has finished.`);
      return undefined;
    }
    if (!hasRun(batch)) {
      ctx.ui.notify('warning', `Batch '${label}' failed validation, so none of its requests ran. Fix the input file and submit it again.`, {
        title: 'Show Batch',
        run: () => ctx.explorer.reveal(batch.id, true),
      });
      return undefined;
    }

    const input = await inputOf(ctx, batch, label);
    if (!input) return undefined;
    const target = siblingPath(input, 'retry');
    if (await fileExists(target)) {
      const choice = await ctx.ui.modal('warning', `${path.basename(target)} already exists. Replace it?`, undefined, 'Replace');
      if (choice !== 'Replace') return undefined;
    }

    let selection: RetrySelection;
    try {
      selection = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Creating a retry file for '${label}'` },
        () => retryFromResults(api, batch, input, target),
      );
    } catch (error) {
      ctx.reportError(`Could not create the retry file for '${label}'`, error, api);
      return undefined;
    }

    if (selection.missing.length > 0) {
      ctx.ui.notify(
        'warning',
        `${count(selection.missing.length, 'failed request')} of '${label}' ${selection.missing.length === 1 ? 'is' : 'are'} not in ${path.basename(input)} (first: ${selection.missing[0]}); the file changed since it was submitted.`,
      );
    }
    if (selection.kept === 0) {
      ctx.ui.notify('info', `No request of batch '${label}' failed; there is nothing to retry.`);
      return undefined;
    }
    const failed = selection.kept - selection.unanswered;
    const parts = [
      failed > 0 ? `${failed} failed` : undefined,
      selection.unanswered > 0 ? `${selection.unanswered} never ran` : undefined,
    ].filter(Boolean);
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
    ctx.ui.notify('info', `Wrote ${count(selection.kept, 'request')} to ${path.basename(target)} (${parts.join(', ')}).`);
    return target;
  };
