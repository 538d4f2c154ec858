/** Opens a batch's input file at a line (a validation error's row in the tree). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { openAtLine } from '../util/openAtLine';

/** `line` is 1-based, as the API reports it. Resolves to the path opened. */
export const openInputLine =
  (ctx: Ctx) =>
  async (batchId?: unknown, line?: unknown): Promise<string | undefined> => {
    if (typeof batchId !== 'string') return undefined;
    let batch = ctx.explorer.state.get(batchId);
    if (!batch) {
      const api = await ctx.requireApi();
      if (!api) return undefined;
      batch = await api.retrieve(batchId);
    }
    let file = await ctx.inputFiles.locate(batch);
    if (!file) {
      const label = ctx.explorer.state.labelOf(batch);
      const uri = await ctx.ui.openFile({
        title: vscode.l10n.t("The input file of batch '{0}' is not known on this machine. Select it", label),
        openLabel: vscode.l10n.t('Open'),
        filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
      });
      if (!uri || uri.scheme !== 'file') return undefined;
      file = uri.fsPath;
      await ctx.inputFiles.remember(batch.id, file);
    }
    const editor = await openAtLine(vscode.Uri.file(file), typeof line === 'number' ? line - 1 : 0, 'line');
    ctx.output.info(`Opened ${path.basename(file)} at line ${editor.selection.start.line + 1} for ${batch.id}`);
    return file;
  };
