/** Batch Studio: Submit Batch — ask the language server to validate the file exactly as the
 *  Problems panel shows it, then upload it and create the batch; if creating fails, delete the
 *  upload again. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import type { ValidateFileResult } from '../../../common/src/protocol';
import type { Batch, BatchApi, BatchEndpoint } from '../api/batchApi';
import { type SubmitJob, submitFile } from '../api/submitFlow';
import type { Ctx } from '../ctx';
import { activeUnsyncedFile, isUnsyncedTabFile } from '../diskFiles/tabs';
import { count, size } from '../util/display';
import { openAtLine } from '../util/openAtLine';
import { estimateForPrompt } from './submitEstimate';

/** Metadata values are limited to 512 characters. */
const MAX_METADATA_VALUE = 512;

/** Errors quoted in the refusal (warnings in the question); the rest are counted. */
const SHOWN_ERRORS = 3;

/** Problems the server lists: the first errors and warnings, to quote and to go to. */
const LISTED_PROBLEMS = 100;

/** The file to submit: the command's argument (explorer or editor title), else the active
 *  JSON Lines editor (or tab, for a file too large to sync), else one picked in a file dialog. */
async function inputFile(ctx: Ctx, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const tooLargeToSync = activeUnsyncedFile();
  if (tooLargeToSync) return tooLargeToSync;
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'jsonl' || /\.jsonl$/i.test(active.fileName)) && !active.isUntitled) return active.uri;
  return ctx.ui.openFile({ title: 'Submit Batch File', openLabel: 'Submit', filters: { 'JSON Lines': ['jsonl'] } });
}

async function showProblems(uri: vscode.Uri, line: number): Promise<void> {
  // A file too large to sync (over 50 MB) has no document to open at a line: its tab instead, and
  // its problems, validated from disk, in the Problems panel.
  if (isUnsyncedTabFile(uri) || !(await openAtLine(uri, line, 'cursor').then(Boolean, () => false)))
    await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** A file with warnings but no errors: the API takes the file, but may fail the requests the
 *  warnings are on (an unknown parameter fails its request). Says how many, of which kinds, and
 *  asks; true to submit. */
async function submitDespiteWarnings(ctx: Ctx, uri: vscode.Uri, name: string, result: ValidateFileResult): Promise<boolean> {
  const { warnings, kinds } = result.summary;
  const listed = result.problems.filter((d) => d.severity === 'warning');
  const which = kinds.filter((kind) => kind.severity === 'warning').map((kind) => `${kind.count} ${kind.code}`);
  const shown = listed.slice(0, SHOWN_ERRORS).map((d) => `Line ${d.line + 1}: ${d.message}`);
  if (warnings > shown.length) shown.push(`…and ${count(warnings - shown.length, 'more warning')}.`);
  const choice = await ctx.ui.modal(
    'warning',
    `${name} has ${count(warnings, 'warning')} (${which.join(', ')}): the Batch API may fail the requests they are on. Submit anyway?`,
    shown.join('\n'),
    'Show Problems',
    'Submit Anyway',
  );
  if (choice === 'Show Problems') await showProblems(uri, listed[0]?.line ?? 0);
  return choice === 'Submit Anyway';
}

/** Resolves to the new batch's id, or undefined when nothing was submitted. */
export const submitBatch =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    // Restricted Mode: validation keeps working, but nothing from an untrusted workspace is sent
    // anywhere with the user's key. (The menus hide Submit too; this covers keybindings and links.)
    if (!vscode.workspace.isTrusted) {
      ctx.ui.notify(
        'error',
        'Submitting a batch needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files.',
        {
          title: 'Manage Workspace Trust',
          run: () => vscode.commands.executeCommand('workbench.trust.manage'),
        },
      );
      return undefined;
    }
    const uri = await inputFile(ctx, arg);
    if (!uri) return undefined;
    const name = path.basename(uri.fsPath);
    if (uri.scheme !== 'file') {
      ctx.ui.notify('error', `Only files saved on disk can be submitted; ${name} is not.`);
      return undefined;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) {
      const choice = await ctx.ui.modal(
        'warning',
        `${name} has unsaved changes.`,
        'The file on disk is what gets uploaded.',
        'Save and Submit',
      );
      if (choice !== 'Save and Submit' || !(await open.save())) return undefined;
    }

    const api = await ctx.requireApi();
    if (!api) return undefined;

    // The server validates as the Problems panel shows it: the file's detection and severity
    // settings, the open document if there is one. Errors refuse the file; warnings are asked about.
    let result: ValidateFileResult;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Validating ${name}` }, () =>
        ctx.server.validateFile(uri, { severities: ['error', 'warning'], maxProblems: LISTED_PROBLEMS }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const unreadable = error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed;
      ctx.ui.notify('error', unreadable ? `Could not read ${name}: ${message}` : `Could not validate ${name}: ${message}`);
      return undefined;
    }
    const { errors } = result.summary;
    if (errors > 0) {
      const listed = result.problems.filter((d) => d.severity === 'error');
      const shown = listed.slice(0, SHOWN_ERRORS).map((d) => `Line ${d.line + 1}: ${d.message}`);
      if (errors > shown.length) shown.push(`…and ${count(errors - shown.length, 'more error')}.`);
      const choice = await ctx.ui.modal(
        'error',
        `${name} has ${count(errors, 'error')}; the Batch API would reject it. Fix ${errors === 1 ? 'it' : 'them'} before submitting.`,
        shown.join('\n'),
        'Show Problems',
      );
      if (choice === 'Show Problems') await showProblems(uri, (listed[0] ?? result.problems[0])?.line ?? 0);
      return undefined;
    }
    if (result.summary.warnings > 0 && !(await submitDespiteWarnings(ctx, uri, name, result))) return undefined;
    const { model, requests } = result.summary;
    if (!result.summary.endpointSupported || !result.summary.endpoint) {
      ctx.ui.notify('error', `${name} names no endpoint the Batch API accepts (${result.summary.endpoint ?? 'none'}).`);
      return undefined;
    }
    // The server checked it against the endpoints the Batch API accepts.
    const endpoint = result.summary.endpoint as BatchEndpoint;

    const estimate = await estimateForPrompt(ctx, uri, name, model);
    const description = await ctx.ui.input({
      title: `Submit ${name}`,
      prompt: `Optional description for this batch: ${count(requests, 'request')} to ${endpoint}${model ? ` (${model})` : ''}${estimate}.`,
      placeHolder: 'e.g. nightly evaluation run',
      validateInput: (value) =>
        value.trim().length > MAX_METADATA_VALUE ? `At most ${MAX_METADATA_VALUE} characters (${value.trim().length}).` : undefined,
    });
    if (description === undefined) return undefined;
    const metadata: Record<string, string> = { input_file_name: name.slice(0, MAX_METADATA_VALUE) };
    if (description.trim()) metadata.description = description.trim().slice(0, MAX_METADATA_VALUE);

    const batch = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Submitting ${name}`, cancellable: true },
      (progress, token) => upload(ctx, api, { file: uri.fsPath, name, size: result.summary.bytes, endpoint, metadata }, progress, token),
    );
    if (!batch) return undefined;

    await ctx.inputFiles.remember(batch.id, uri.fsPath);
    ctx.explorer.state.upsert(batch);
    ctx.ui.notify('info', `Submitted ${name} as batch ${batch.id}: ${count(requests, 'request')} to ${endpoint}.`);
    try {
      await ctx.explorer.reveal(batch.id);
    } catch (error) {
      ctx.output.warn(`Could not reveal ${batch.id}: ${String(error)}`);
    }
    return batch.id;
  };

interface Upload extends SubmitJob {
  name: string;
  size: number;
}

async function upload(
  ctx: Ctx,
  api: BatchApi,
  job: Upload,
  progress: vscode.Progress<{ message?: string }>,
  token: vscode.CancellationToken,
): Promise<Batch | undefined> {
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  // Cancel stops the upload only: once uploaded, the batch is created (see submitFile).
  let result;
  try {
    result = await submitFile(
      api,
      job,
      (step) => progress.report({ message: step === 'uploading' ? `uploading ${size(job.size)}…` : 'creating the batch…' }),
      abort.signal,
      (_step, text) => progress.report({ message: text }),
    );
  } finally {
    cancelled.dispose();
  }
  if (result.ok) return result.batch;
  if (result.stage === 'upload') {
    if (result.aborted) ctx.ui.notify('info', `Submission of ${job.name} cancelled.`);
    else ctx.reportError(`Could not upload ${job.name}`, result.error, api);
    return undefined;
  }
  ctx.output.error(`Creating a batch from ${job.name} (${result.fileId}) failed: ${result.reason}`);
  ctx.ui.notify('error', `Could not create the batch for ${job.name}: ${result.reason} ${result.cleanup}`);
  return undefined;
}
