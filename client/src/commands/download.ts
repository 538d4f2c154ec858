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
    const choice = await ctx.ui.modal('warning', `${path.basename(beside)} already exists. Replace it?`, undefined, 'Replace', 'Save As…');
    if (choice === 'Replace') return beside;
    if (choice !== 'Save As…') return undefined;
  }
  const folder = input ? vscode.Uri.file(path.dirname(input)) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = input ? path.basename(siblingPath(input, kind)) : `${batchId}.${kind}.jsonl`;
  const uri = await ctx.ui.saveFile({
    title: `Save the ${kind === 'output' ? 'output' : 'error'} file of ${batchId}`,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    filters: { 'JSON Lines': ['jsonl'] },
  });
  if (uri && uri.scheme !== 'file') {
    ctx.ui.notify('error', 'Choose a location on disk.');
    return undefined;
  }
  return uri?.fsPath;
}

/** Resolves to the path written, or undefined. */
export const download =
  (kind: DownloadKind) =>
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const what = kind === 'output' ? 'output' : 'error';
    const found = await batchAndApi(ctx, arg, `Batch whose ${what} file to download`, (b) =>
      Boolean(kind === 'output' ? b.output_file_id : b.error_file_id),
    );
    if (!found) return undefined;
    const { api } = found;
    const batch = await fresh(ctx, api, found.batch);
    const label = ctx.explorer.state.labelOf(batch);
    const fileId = kind === 'output' ? batch.output_file_id : batch.error_file_id;
    if (!fileId) {
      const why = !isFinished(batch)
        ? `it is ${statusText(batch.status)}; files appear when it finishes`
        : kind === 'output'
          ? 'no request succeeded'
          : 'no request failed';
      ctx.ui.notify('info', `Batch '${label}' has no ${what} file: ${why}.`);
      return undefined;
    }

    const file = await target(ctx, await ctx.inputFiles.locate(batch), kind, batch.id);
    if (!file) return undefined;
    const name = path.basename(file);
    let size: number;
    const abort = new AbortController();
    try {
      size = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading ${name}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return api.download(fileId, file, abort.signal, (wait) => progress.report({ message: api.describeWait(wait) }));
        },
      );
    } catch (error) {
      if (abort.signal.aborted) {
        ctx.ui.notify('info', `Download of ${name} cancelled.`);
        return undefined;
      }
      // Nothing was written (downloads go through a temporary file): trying again is safe.
      const retry = {
        title: 'Try Again',
        run: () => vscode.commands.executeCommand(`batchStudio.download${kind === 'output' ? 'Output' : 'Errors'}`, batch.id),
      };
      ctx.output.error(`Downloading ${fileId} to ${file} failed: ${api.describe(error).message}`);
      ctx.ui.notify('error', `Could not download the ${what} file of '${label}': ${api.describe(error).message} Nothing was saved.`, retry);
      return undefined;
    }

    const uri = vscode.Uri.file(file);
    if (size <= OPEN_LIMIT_BYTES) await vscode.window.showTextDocument(uri, { preview: false });
    else
      ctx.ui.notify(
        'info',
        `Saved ${name} (${fileSize(size)}).`,
        { title: 'Open', run: () => vscode.window.showTextDocument(uri) },
        { title: 'Reveal in Explorer', run: () => vscode.commands.executeCommand('revealInExplorer', uri) },
      );
    vscode.window.setStatusBarMessage(`$(cloud-download) Saved ${name} (${fileSize(size)})`, 5000);
    return file;
  };
