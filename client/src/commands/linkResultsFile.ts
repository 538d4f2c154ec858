/** Batch Studio: Link Results File… — points an input file to an output or error file saved
 *  under another name or elsewhere (`batch_abc_output.jsonl` in Downloads), so its requests show
 *  their results as with `run.output.jsonl` beside `run.jsonl`. Kept per workspace. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { ResultLinks } from '../results/resultLinks';
import { parseResultsUri, RESULTS_SCHEME } from '../results/resultsUri';

/** Resolves to the path of the file linked, or undefined. */
export const linkResultsFile =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string | undefined> => {
    let input = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (input?.scheme === RESULTS_SCHEME) input = parseResultsUri(input)?.target;
    if (!input || !/\.(jsonl|ndjson)$/i.test(input.path)) {
      ctx.ui.notify('info', vscode.l10n.t('Link Results File… links a results file to a batch input file: open the input (.jsonl) first.'));
      return undefined;
    }
    const name = path.posix.basename(input.path);
    const picked = await ctx.ui.openFile({
      title: vscode.l10n.t('The output or error file of {0}', name),
      openLabel: vscode.l10n.t('Link'),
      defaultUri: input.with({ path: path.posix.dirname(input.path) }),
      filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson'] },
    });
    if (!picked) return undefined;
    if (picked.toString() === input.toString()) {
      ctx.ui.notify('error', vscode.l10n.t('{0} cannot hold its own results: choose the output or error file the batch produced.', name));
      return undefined;
    }
    const links = await new ResultLinks(ctx.extension.workspaceState).link(input.toString(), picked.toString());
    await ctx.server.linkResults(links);
    ctx.output.info(`Linked ${picked.fsPath} to ${input.fsPath} as its results`);
    await vscode.commands.executeCommand('batchStudio.showResults', input);
    return picked.fsPath;
  };
