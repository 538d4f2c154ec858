/** Every command, as a factory over the shared context (rust-analyzer's pattern): the id, what it
 *  does, one line each. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { addRequest } from './addRequest';
import { clearApiKey, setApiKey } from './apiKey';
import { cancelBatch } from './cancel';
import { createRetryFile } from './createRetryFile';
import { download } from './download';
import { editRequest } from './editRequest';
import { linkResultsFile } from './linkResultsFile';
import { newBatchFile } from './newBatchFile';
import { openBatchById } from './openBatchById';
import { openInputLine } from './openInputLine';
import { copyBatchId, loadMoreBatches, refreshBatches, showBatch, showBatchJson } from './simple';
import { splitIntoBatches } from './splitIntoBatches';
import { showResults, toggleResultFailures } from './showResults';
import { submitBatch } from './submit';
import { submitAllParts } from './submitAllParts';

// Each factory takes the context and returns the handler (its arguments come from menus or callers).
type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => Promise<unknown>;

const commands: Record<string, CommandFactory> = {
  'batchStudio.setApiKey': setApiKey,
  'batchStudio.clearApiKey': clearApiKey,
  'batchStudio.submitBatch': submitBatch,
  'batchStudio.refreshBatches': refreshBatches,
  'batchStudio.loadMoreBatches': loadMoreBatches,
  'batchStudio.cancelBatch': cancelBatch,
  'batchStudio.downloadOutput': download('output'),
  'batchStudio.downloadErrors': download('errors'),
  'batchStudio.copyBatchId': copyBatchId,
  'batchStudio.showBatch': showBatch,
  'batchStudio.showBatchJson': showBatchJson,
  'batchStudio.openBatchById': openBatchById,
  'batchStudio.createRetryFile': createRetryFile,
  'batchStudio.openInputLine': openInputLine,
  'batchStudio.editRequest': editRequest,
  'batchStudio.newBatchFile': newBatchFile,
  'batchStudio.addRequest': addRequest,
  'batchStudio.showResults': showResults,
  'batchStudio.toggleResultFailures': toggleResultFailures,
  'batchStudio.linkResultsFile': linkResultsFile,
  'batchStudio.splitIntoBatches': splitIntoBatches,
  'batchStudio.submitAllParts': submitAllParts,
};

/** Registers the commands of the manifest, and nothing else: the end-to-end tests' hooks are in
 *  the extension's API (see extension.ts), not among the user's commands. */
export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commands)) {
    const handler = factory(ctx);
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          // Unexpected failures: one readable line, no stack in the user's face, key never shown.
          const state = await ctx.session.state().catch(() => undefined);
          const message =
            state?.kind === 'ready' ? state.api.describe(error).message : error instanceof Error ? error.message : String(error);
          ctx.output.error(`${id} failed: ${message}`);
          ctx.ui.notify('error', vscode.l10n.t('Batch Studio: {0}', message));
          return undefined;
        }
      }),
    );
  }
}
