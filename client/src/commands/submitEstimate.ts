/** What Submit Batch's confirmation says a batch will cost: the server counts the file (the open
 *  document, else the file on disk) and prices it at Batch API prices. */
import * as vscode from 'vscode';
import { describeEstimate, describeTokens } from '../../../common/src/cost';
import type { Ctx } from '../ctx';

/** `; 78 input tokens + up to 180 output; est. $0.0000059 + up to $0.000054 output, at most
 *  $0.000060, at batch prices of 2025-08`, to follow the request count; empty when the file cannot
 *  be counted (the reason goes to the log: the estimate never stands in the way of submitting). */
export async function estimateForPrompt(ctx: Ctx, uri: vscode.Uri, name: string, model: string | null): Promise<string> {
  try {
    const cost = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of {0}', name) },
      () => ctx.server.estimateCost(uri),
    );
    return cost ? `; ${describeTokens(cost)}; ${describeEstimate(cost, model)}` : '';
  } catch (error) {
    ctx.output.warn(`Could not estimate the cost of ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
}
