/** Batch Studio: Split into Batches — a file over a batch's limits (too many requests, too many
 *  bytes, too many embedding inputs) becomes `NAME.part-001.jsonl`, `NAME.part-002.jsonl`, …
 *  beside it, each within every limit. The language server splits the file on disk
 *  (batchStudio/splitFile), so unsaved edits are saved first, after asking; parts of an earlier
 *  split are replaced only after asking. Also the quick fix of those problems, which passes the
 *  file's URI as a string. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import type { SplitFileResult } from '../../../common/src/protocol';
import type { Ctx } from '../ctx';
import { activeUnsyncedFile, isJsonLinesFile } from '../diskFiles/tabs';
import { count, requestCount, size } from '../util/display';
import { openAtLine } from '../util/openAtLine';

/** The file to split: the command's argument (a URI from a menu, a URI string from the quick
 *  fix), else the active JSON Lines file, else one picked in a file dialog. */
export async function batchFileArgument(ctx: Ctx, arg: unknown, title: string, openLabel: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.parse(arg, true);
  const tooLargeToSync = activeUnsyncedFile();
  if (tooLargeToSync) return tooLargeToSync;
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'jsonl' || isJsonLinesFile(active.uri)) && !active.isUntitled) return active.uri;
  return ctx.ui.openFile({ title, openLabel, filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson'] } });
}

/** Saves the file's unsaved edits after asking, as the file on disk is what is split or sent;
 *  false when the user declined or saving failed. `saveButton`: `Save and Split`, translated. */
export async function savedFirst(ctx: Ctx, uri: vscode.Uri, name: string, saveButton: string, why: string): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!open?.isDirty) return true;
  const choice = await ctx.ui.modal('warning', vscode.l10n.t('{0} has unsaved changes.', name), why, saveButton);
  return choice === saveButton && (await open.save());
}

/** Resolves to the URIs of the parts written, or undefined when nothing was. */
export const splitIntoBatches =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<string[] | undefined> => {
    const uri = await batchFileArgument(ctx, arg, vscode.l10n.t('Split Batch File'), vscode.l10n.t('Split'));
    if (!uri) return undefined;
    const name = path.basename(uri.path);
    if (uri.scheme !== 'file') {
      ctx.ui.notify('error', vscode.l10n.t('Only files saved on disk can be split; {0} is not.', name));
      return undefined;
    }
    if (!(await savedFirst(ctx, uri, name, vscode.l10n.t('Save and Split'), vscode.l10n.t('The file on disk is what gets split.'))))
      return undefined;

    let result = await split(ctx, uri, name, false);
    if (result && !result.written && result.reason === 'partsExist') {
      const existing = result.existing ?? [];
      const replace = vscode.l10n.t('Replace');
      const choice = await ctx.ui.modal(
        'warning',
        existing.length === 1 ? vscode.l10n.t('{0} Replace it?', result.message) : vscode.l10n.t('{0} Replace them?', result.message),
        vscode.l10n.t('Parts the new split does not write are deleted, so the folder holds exactly the new parts.'),
        replace,
      );
      if (choice !== replace) return undefined;
      result = await split(ctx, uri, name, true);
    }
    if (!result) return undefined;
    if (!result.written) {
      refused(ctx, uri, result);
      return undefined;
    }

    const parts = result.parts.map((part) =>
      vscode.l10n.t('{0} ({1}, {2})', path.posix.basename(vscode.Uri.parse(part.uri).path), requestCount(part.requests), size(part.bytes)),
    );
    const removed =
      result.removed.length > 0
        ? ' ' +
          vscode.l10n.t('Deleted {0} of the earlier split.', count(result.removed.length, vscode.l10n.t('part'), vscode.l10n.t('parts')))
        : '';
    const first = vscode.Uri.parse(result.parts[0].uri);
    ctx.ui.notify(
      'info',
      vscode.l10n.t('Split {0} into {1} batch files beside it: {2}.', name, result.parts.length, parts.join(', ')) + removed,
      { title: vscode.l10n.t('Submit All Parts'), run: () => vscode.commands.executeCommand('batchStudio.submitAllParts', uri) },
      { title: vscode.l10n.t('Show in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', first) },
    );
    return result.parts.map((part) => part.uri);
  };

async function split(ctx: Ctx, uri: vscode.Uri, name: string, overwrite: boolean): Promise<SplitFileResult | undefined> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Splitting {0}…', name) },
      () => ctx.server.splitFile(uri, overwrite ? { overwrite } : {}),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Unreadable input, a part that could not be written: the reason is the message; anything else goes to the log too.
    if (!(error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed))
      ctx.output.error(`Splitting ${name} failed: ${message}`);
    ctx.ui.notify('error', vscode.l10n.t('Could not split {0}: {1}', name, message));
    return undefined;
  }
}

function refused(ctx: Ctx, uri: vscode.Uri, result: Extract<SplitFileResult, { written: false }>): void {
  if (result.reason === 'fits') {
    ctx.ui.notify('info', result.message);
    return;
  }
  const line = result.line;
  if (line === undefined) {
    ctx.ui.notify('error', result.message);
    return;
  }
  ctx.ui.notify('error', result.message, {
    title: result.reason === 'errors' ? vscode.l10n.t('Show Problems') : vscode.l10n.t('Go to Line'),
    run: async () => {
      await openAtLine(uri, line, 'cursor').then(undefined, () => vscode.commands.executeCommand('vscode.open', uri));
      if (result.reason === 'errors') await vscode.commands.executeCommand('workbench.actions.view.problems');
    },
  });
}
