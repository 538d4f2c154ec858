import * as vscode from 'vscode';
import { plural } from '../../common/src/plural';
import { type BatchCost, describeEstimate, describeTokens } from '../../common/src/cost';
import type { BatchStatusParams } from '../../common/src/protocol';

export interface ShownStatus {
  requests: number;
  endpoint: string | null;
  model: string | null;
  /** The item's detail as shown: endpoint · model · tokens and estimated cost. */
  detail: string;
}

/** The language status item of a batch file: request count, endpoint, model, tokens and the
 *  estimated cost (counted after the diagnostics: until the count of a new version arrives, the
 *  last one is shown). */
export class BatchStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('batchStudio.status', { language: 'jsonl' });
  private readonly statuses = new Map<string, BatchStatusParams>();
  private readonly costs = new Map<string, BatchCost>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Batch Studio';
    this.item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.statuses.delete(document.uri.toString());
        this.costs.delete(document.uri.toString());
      }),
    );
    this.render();
  }

  update(status: BatchStatusParams): void {
    this.statuses.set(status.uri, status);
    if (status.cost) this.costs.set(status.uri, status.cost);
    this.render();
  }

  /** What the item shows for the active editor, or undefined when it shows no batch file. */
  shown(): ShownStatus | undefined {
    const status = this.activeStatus();
    return status?.isBatch
      ? { requests: status.requests, endpoint: status.endpoint, model: status.model, detail: this.item.detail ?? '' }
      : undefined;
  }

  private activeStatus(): BatchStatusParams | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri ? this.statuses.get(uri) : undefined;
  }

  private render(): void {
    const status = this.activeStatus();
    if (!status?.isBatch) {
      this.item.text = 'JSON Lines';
      this.item.detail = 'not a batch file';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    this.item.text = `$(layers) Batch: ${plural(status.requests, 'request')}`;
    const cost = this.costs.get(status.uri);
    const estimate = cost ? `${describeTokens(cost)}; ${describeEstimate(cost, status.model)}` : 'counting tokens…';
    this.item.detail = [status.endpoint ?? 'no endpoint yet', status.model ?? 'no model yet', estimate].join(' · ');
    this.item.severity =
      status.errors > 0
        ? vscode.LanguageStatusSeverity.Error
        : status.warnings > 0
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
