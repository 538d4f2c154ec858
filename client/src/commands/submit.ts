/** Batch Studio: Submit Batch — ask the language server to validate the file exactly as the
 *  Problems panel shows it, then upload it and create the batch; if creating fails, delete the
 *  upload again. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import type { ValidateFileResult } from '../../../common/src/protocol';
import type { Batch, BatchApi, BatchEndpoint } from '../api/batchApi';
import { createFailureMessage, type SubmitJob, submitFile } from '../api/submitFlow';
import type { Ctx } from '../ctx';
import { activeUnsyncedFile, isJsonLinesFile, isUnsyncedTabFile } from '../diskFiles/tabs';
import { count, requestCount, size } from '../util/display';
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
  if (active && (active.languageId === 'jsonl' || isJsonLinesFile(active.uri)) && !active.isUntitled) return active.uri;
  return ctx.ui.openFile({
    title: vscode.l10n.t('Submit Batch File'),
    openLabel: vscode.l10n.t('Submit'),
    filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson'] },
  });
}

async function showProblems(uri: vscode.Uri, line: number): Promise<void> {
  // A file too large to sync (over 50 MB) has no document to open at a line: its tab instead, and
  // its problems, validated from disk, in the Problems panel.
  if (isUnsyncedTabFile(uri) || !(await openAtLine(uri, line, 'cursor').then(Boolean, () => false)))
    await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** The buttons of the warnings question, compared by identity with the answer. */
const showProblemsButton = () => vscode.l10n.t('Show Problems');
const submitAnywayButton = () => vscode.l10n.t('Submit Anyway');

/** A file with warnings but no errors: the API takes the file, but may fail the requests the
 *  warnings are on (an unknown parameter fails its request). Says how many, of which kinds, and
 *  asks; true to submit. */
async function submitDespiteWarnings(ctx: Ctx, uri: vscode.Uri, name: string, result: ValidateFileResult): Promise<boolean> {
  const { warnings, kinds } = result.summary;
  const listed = result.problems.filter((d) => d.severity === 'warning');
  const which = kinds.filter((kind) => kind.severity === 'warning').map((kind) => `${kind.count} ${kind.code}`);
  const shown = listed.slice(0, SHOWN_ERRORS).map((d) => vscode.l10n.t('Line {0}: {1}', d.line + 1, d.message));
  if (warnings > shown.length)
    shown.push(vscode.l10n.t('…and {0}.', count(warnings - shown.length, vscode.l10n.t('more warning'), vscode.l10n.t('more warnings'))));
  const showProblemsChoice = showProblemsButton();
  const submitAnywayChoice = submitAnywayButton();
  const choice = await ctx.ui.modal(
    'warning',
    vscode.l10n.t(
      '{0} has {1} ({2}): the Batch API may fail the requests they are on. Submit anyway?',
      name,
      count(warnings, vscode.l10n.t('warning'), vscode.l10n.t('warnings')),
      which.join(', '),
    ),
    shown.join('\n'),
    showProblemsChoice,
    submitAnywayChoice,
  );
  if (choice === showProblemsChoice) await showProblems(uri, listed[0]?.line ?? 0);
  return choice === submitAnywayChoice;
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
        vscode.l10n.t(
          'Submitting a batch needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files.',
        ),
        {
          title: vscode.l10n.t('Manage Workspace Trust'),
          run: () => vscode.commands.executeCommand('workbench.trust.manage'),
        },
      );
      return undefined;
    }
    const uri = await inputFile(ctx, arg);
    if (!uri) return undefined;
    const name = path.basename(uri.fsPath);
    if (uri.scheme !== 'file') {
      ctx.ui.notify('error', vscode.l10n.t('Only files saved on disk can be submitted; {0} is not.', name));
      return undefined;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) {
      const saveAndSubmit = vscode.l10n.t('Save and Submit');
      const choice = await ctx.ui.modal(
        'warning',
        vscode.l10n.t('{0} has unsaved changes.', name),
        vscode.l10n.t('The file on disk is what gets uploaded.'),
        saveAndSubmit,
      );
      if (choice !== saveAndSubmit || !(await open.save())) return undefined;
    }

    const api = await ctx.requireApi();
    if (!api) return undefined;

    // The server validates as the Problems panel shows it: the file's detection and severity
    // settings, the open document if there is one. Errors refuse the file; warnings are asked about.
    let result: ValidateFileResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Validating {0}', name) },
        () => ctx.server.validateFile(uri, { severities: ['error', 'warning'], maxProblems: LISTED_PROBLEMS }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const unreadable = error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed;
      ctx.ui.notify(
        'error',
        unreadable ? vscode.l10n.t('Could not read {0}: {1}', name, message) : vscode.l10n.t('Could not validate {0}: {1}', name, message),
      );
      return undefined;
    }
    const { errors } = result.summary;
    if (errors > 0) {
      const listed = result.problems.filter((d) => d.severity === 'error');
      const shown = listed.slice(0, SHOWN_ERRORS).map((d) => vscode.l10n.t('Line {0}: {1}', d.line + 1, d.message));
      if (errors > shown.length)
        shown.push(vscode.l10n.t('…and {0}.', count(errors - shown.length, vscode.l10n.t('more error'), vscode.l10n.t('more errors'))));
      const showProblemsChoice = showProblemsButton();
      const choice = await ctx.ui.modal(
        'error',
        errors === 1
          ? vscode.l10n.t('{0} has 1 error; the Batch API would reject it. Fix it before submitting.', name)
          : vscode.l10n.t(
              '{0} has {1}; the Batch API would reject it. Fix them before submitting.',
              name,
              count(errors, vscode.l10n.t('error'), vscode.l10n.t('errors')),
            ),
        shown.join('\n'),
        showProblemsChoice,
      );
      if (choice === showProblemsChoice) await showProblems(uri, (listed[0] ?? result.problems[0])?.line ?? 0);
      return undefined;
    }
    if (result.summary.warnings > 0 && !(await submitDespiteWarnings(ctx, uri, name, result))) return undefined;
    const { model, requests } = result.summary;
    if (!result.summary.endpointSupported || !result.summary.endpoint) {
      ctx.ui.notify(
        'error',
        vscode.l10n.t('{0} names no endpoint the Batch API accepts ({1}).', name, result.summary.endpoint ?? vscode.l10n.t('none')),
      );
      return undefined;
    }
    // The server checked it against the endpoints the Batch API accepts.
    const endpoint = result.summary.endpoint as BatchEndpoint;

    const estimate = await estimateForPrompt(ctx, uri, name, model);
    const description = await ctx.ui.input({
      title: vscode.l10n.t('Submit {0}', name),
      prompt: model
        ? vscode.l10n.t('Optional description for this batch: {0} to {1} ({2}){3}.', requestCount(requests), endpoint, model, estimate)
        : vscode.l10n.t('Optional description for this batch: {0} to {1}{2}.', requestCount(requests), endpoint, estimate),
      placeHolder: vscode.l10n.t('e.g. nightly evaluation run'),
      validateInput: (value) =>
        value.trim().length > MAX_METADATA_VALUE
          ? vscode.l10n.t('At most {0} characters ({1}).', MAX_METADATA_VALUE, value.trim().length)
          : undefined,
    });
    if (description === undefined) return undefined;
    const metadata: Record<string, string> = { input_file_name: name.slice(0, MAX_METADATA_VALUE) };
    if (description.trim()) metadata.description = description.trim().slice(0, MAX_METADATA_VALUE);

    const batch = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting {0}', name), cancellable: true },
      (progress, token) => upload(ctx, api, { file: uri.fsPath, name, size: result.summary.bytes, endpoint, metadata }, progress, token),
    );
    if (!batch) return undefined;

    await ctx.inputFiles.remember(batch.id, uri.fsPath);
    ctx.explorer.state.upsert(batch);
    ctx.ui.notify('info', vscode.l10n.t('Submitted {0} as batch {1}: {2} to {3}.', name, batch.id, requestCount(requests), endpoint));
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
      (step) =>
        progress.report({
          message: step === 'uploading' ? vscode.l10n.t('uploading {0}…', size(job.size)) : vscode.l10n.t('creating the batch…'),
        }),
      abort.signal,
      (_step, text) => progress.report({ message: text }),
    );
  } finally {
    cancelled.dispose();
  }
  if (result.ok) return result.batch;
  if (result.stage === 'upload') {
    if (result.aborted) ctx.ui.notify('info', vscode.l10n.t('Submission of {0} cancelled.', job.name));
    else ctx.reportError(vscode.l10n.t('Could not upload {0}', job.name), result.error, api);
    return undefined;
  }
  ctx.output.error(`Creating a batch from ${job.name} (${result.fileId}) failed: ${result.reason}`);
  ctx.ui.notify('error', createFailureMessage(job.name, result));
  return undefined;
}
