/** Batch Studio: Download Output / Download Errors — saved beside the input file when it is known
 *  (`run.jsonl` → `run.output.jsonl`, `run.errors.jsonl`), else where the user says; then opened. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { statusText } from '../batch/labels';
import { isFinished } from '../batch/lifecycle';
import type { Ctx } from '../ctx';
import { size as fileSize } from '../util/display';
import { siblingPath } from '../retryFile';
import { fileExists } from '../util/fileExists';
import { batchAndApi, fresh } from './batchArgument';

export type DownloadKind = 'output' | 'errors';

/** Files larger than this are not opened in an editor automatically. */
const OPEN_LIMIT_BYTES = 50 * 1024 * 1024;

/** Where to write: beside the input file (asking before replacing), else a save dialog. */
async function target(ctx: Ctx, input: string | undefined, kind: DownloadKind, batchId: string): Promise<string | undefined> {
  if (input) {
    const beside = siblingPath(input, kind);
    if (!(await fileExists(beside))) return beside;
    // The buttons, compared by identity with the answer.
    const replace = vscode.l10n.t('Replace');
    const saveAs = vscode.l10n.t('Save As…');
    const choice = await ctx.ui.modal(
      'warning',
      vscode.l10n.t('{0} already exists. Replace it?', path.basename(beside)),
      undefined,
      replace,
      saveAs,
    );
    if (choice === replace) return beside;
    if (choice !== saveAs) return undefined;
  }
  const folder = input ? vscode.Uri.file(path.dirname(input)) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = input ? path.basename(siblingPath(input, kind)) : `${batchId}.${kind}.jsonl`;
  const uri = await ctx.ui.saveFile({
    title: kind === 'output' ? vscode.l10n.t('Save the output file of {0}', batchId) : vscode.l10n.t('Save the error file of {0}', batchId),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
  });
  if (uri && uri.scheme !== 'file') {
    ctx.ui.notify('error', vscode.l10n.t('Choose a location on disk.'));
    return undefined;
  }
  return uri?.fsPath;
}

/** Resolves to the path written, or undefined. */
export const download =
  (kind: DownloadKind) =>
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const output = kind === 'output';
    const found = await batchAndApi(
      ctx,
      arg,
      output ? vscode.l10n.t('Batch whose output file to download') : vscode.l10n.t('Batch whose error file to download'),
      (b) => Boolean(output ? b.output_file_id : b.error_file_id),
    );
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    const fileId = output ? batch.output_file_id : batch.error_file_id;
    if (!fileId) {
      const why = !isFinished(batch)
        ? vscode.l10n.t('it is {0}; files appear when it finishes', statusText(batch.status))
        : output
          ? vscode.l10n.t('no request succeeded')
          : vscode.l10n.t('no request failed');
      ctx.ui.notify(
        'info',
        output
          ? vscode.l10n.t("Batch '{0}' has no output file: {1}.", label, why)
          : vscode.l10n.t("Batch '{0}' has no error file: {1}.", label, why),
      );
      return undefined;
    }

    const file = await target(ctx, await ctx.inputFiles.locate(batch), kind, batch.id);
    if (!file) return undefined;
    const name = path.basename(file);
    let size: number;
    const abort = new AbortController();
    try {
      size = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', name), cancellable: true },
        async (progress, token) => {
          const cancelled = token.onCancellationRequested(() => abort.abort());
          try {
            return await api.download(fileId, file, abort.signal, (wait) => progress.report({ message: api.describeWait(wait) }));
          } finally {
            cancelled.dispose();
          }
        },
      );
    } catch (error) {
      if (abort.signal.aborted) {
        ctx.ui.notify('info', vscode.l10n.t('Download of {0} cancelled.', name));
        return undefined;
      }
      // Nothing was written (downloads go through a temporary file): trying again is safe.
      const retry = {
        title: vscode.l10n.t('Try Again'),
        run: () => vscode.commands.executeCommand(`batchStudio.download${output ? 'Output' : 'Errors'}`, batch.id),
      };
      ctx.output.error(`Downloading ${fileId} to ${file} failed: ${api.describe(error).message}`);
      const reason = api.describe(error).message;
      ctx.ui.notify(
        'error',
        output
          ? vscode.l10n.t("Could not download the output file of '{0}': {1} Nothing was saved.", label, reason)
          : vscode.l10n.t("Could not download the error file of '{0}': {1} Nothing was saved.", label, reason),
        retry,
      );
      return undefined;
    }

    const uri = vscode.Uri.file(file);
    if (size <= OPEN_LIMIT_BYTES) await vscode.window.showTextDocument(uri, { preview: false });
    else
      ctx.ui.notify(
        'info',
        vscode.l10n.t('Saved {0} ({1}).', name, fileSize(size)),
        { title: vscode.l10n.t('Open'), run: () => vscode.window.showTextDocument(uri) },
        { title: vscode.l10n.t('Reveal in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', uri) },
      );
    vscode.window.setStatusBarMessage(`$(cloud-download) ${vscode.l10n.t('Saved {0} ({1})', name, fileSize(size))}`, 5000);
    return file;
  };
