/** Batch Studio: Show Results — a batch's results joined with its requests by custom_id, in a
 *  read-only view (client/src/results). Its argument is a file (an input, or its output or error
 *  file: editor title, explorer menu), a batch (tree item or id: the Batches view), or nothing:
 *  the active editor's file, else a batch the user picks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import type { Ctx } from '../ctx';
import { isBatchNode } from '../explorer/batchTree';
import { parseResultsUri, RESULTS_SCHEME, resultsUri } from '../results/resultsUri';
import { batchAndApi } from './batchArgument';

const hasResults = (batch: Batch) => Boolean(batch.output_file_id || batch.error_file_id);

function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}

/** The file whose results to show, from the argument or the active editor; a batch's input file
 *  for a batch (downloading its results beside it, if the user agrees). */
async function fileToShow(ctx: Ctx, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg.scheme === RESULTS_SCHEME ? parseResultsUri(arg)?.target : arg;
  if (arg === undefined) {
    const active = vscode.window.activeTextEditor?.document;
    if (active?.uri.scheme === RESULTS_SCHEME) return parseResultsUri(active.uri)?.target;
    if (active?.languageId === 'jsonl') return active.uri;
  }
  if (arg !== undefined && !isBatchNode(arg) && typeof arg !== 'string') return undefined;
  return batchInput(ctx, arg);
}

async function batchInput(ctx: Ctx, arg: unknown): Promise<vscode.Uri | undefined> {
  const found = await batchAndApi(ctx, arg, vscode.l10n.t('Batch whose results to show'), hasResults);
  if (!found) return undefined;
  const { batch } = found;
  const label = ctx.explorer.state.labelOf(batch);
  const input = await ctx.inputFiles.locate(batch);
  if (!input) {
    ctx.ui.notify(
      'info',
      vscode.l10n.t(
        "The input file of batch '{0}' is not known on this machine. Open its output file (Download Output saves it where you say), then run Show Results there.",
        label,
      ),
    );
    return undefined;
  }
  const uri = vscode.Uri.file(input);
  if ((await ctx.server.results(uri, true)).resultUris.length > 0) return uri;
  if (!hasResults(batch)) {
    ctx.ui.notify('info', vscode.l10n.t("Batch '{0}' has no results yet.", label));
    return undefined;
  }
  const download = vscode.l10n.t('Download');
  const choice = await ctx.ui.modal(
    'info',
    vscode.l10n.t("The results of '{0}' are not downloaded yet.", label),
    vscode.l10n.t('Download them beside {0} to show them?', path.basename(input)),
    download,
  );
  if (choice !== download) return undefined;
  if (batch.output_file_id) await vscode.commands.executeCommand('batchStudio.downloadOutput', batch.id);
  if (batch.error_file_id) await vscode.commands.executeCommand('batchStudio.downloadErrors', batch.id);
  return uri;
}

/** Resolves to the view's URI (`batch-results:…`), or undefined when there is nothing to show. */
export const showResults =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const file = await fileToShow(ctx, arg);
    if (!file) return undefined;
    let answer;
    try {
      answer = await ctx.server.results(file, true);
    } catch (error) {
      ctx.ui.notify(
        'error',
        vscode.l10n.t('Could not read the results of {0}: {1}', fileName(file), error instanceof Error ? error.message : String(error)),
      );
      return undefined;
    }
    if (answer.resultUris.length === 0) {
      ctx.ui.notify(
        'info',
        vscode.l10n.t(
          "No results of {0} found. Download Output saves a batch's output beside its input ({1}); for an output saved elsewhere, link it to this file.",
          fileName(file),
          `${fileName(file).replace(/\.jsonl$/i, '')}.output.jsonl`,
        ),
        { title: vscode.l10n.t('Link Results File…'), run: () => vscode.commands.executeCommand('batchStudio.linkResultsFile', file) },
      );
      return undefined;
    }
    const view = resultsUri({ target: answer.inputUri ? vscode.Uri.parse(answer.inputUri, true) : file, failuresOnly: false });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(view), { preview: false });
    return view.toString();
  };

/** Batch Studio: Toggle Failures Only — the results view shows every request, or only those that
 *  failed or did not run; resolves to the URI of the view now shown. */
export const toggleResultFailures =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const current = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const view = current && parseResultsUri(current);
    if (!current || !view) {
      ctx.ui.notify('info', vscode.l10n.t('Toggle Failures Only works on a results view: run Show Results first.'));
      return undefined;
    }
    const other = resultsUri({ ...view, failuresOnly: !view.failuresOnly });
    const column = vscode.window.activeTextEditor?.viewColumn;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), { preview: false, viewColumn: column });
    // The view replaces the one it toggles: one tab per batch's results.
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const old = tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === current.toString());
    if (old.length > 0) await vscode.window.tabGroups.close(old);
    return other.toString();
  };
