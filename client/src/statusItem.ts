import * as vscode from 'vscode';
import type { BatchCost } from '../../common/src/cost';
import type { BatchStatusParams } from '../../common/src/protocol';
import { activeFileUri } from './diskFiles/tabs';
import { type ShownStatusItem, statusItemText } from './statusItemText';
import { displayLocale } from './util/display';

export type { ShownStatusItem };

export interface ShownStatus {
  requests: number;
  endpoint: string | null;
  model: string | null;
  /** The item's detail as shown: endpoint · tokens and estimated cost (the model is in its text). */
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
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    // A file too large to sync has a tab but no editor: follow the active tab too.
    this.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(() => this.render()));
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

  /** What the item shows now, batch file or not. */
  shownItem(): ShownStatusItem {
    const command = this.item.command;
    return {
      text: this.item.text,
      detail: this.item.detail ?? '',
      accessibilityLabel: this.item.accessibilityInformation?.label ?? '',
      command: command ? { title: command.title, command: command.command } : null,
    };
  }

  private activeStatus(): BatchStatusParams | undefined {
    const uri = activeFileUri()?.toString();
    return uri ? this.statuses.get(uri) : undefined;
  }

  private render(): void {
    const status = this.activeStatus();
    const uri = activeFileUri();
    const shown = statusItemText(status, status ? this.costs.get(status.uri) : undefined, displayLocale());
    this.item.text = shown.text;
    this.item.detail = shown.detail;
    this.item.accessibilityInformation = { label: shown.accessibilityLabel };
    // The action that fits the file: its problems, submitting it (where that is allowed), or
    // checking a JSON Lines file that was not taken for a batch file.
    const canSubmit = vscode.workspace.isTrusted && uri?.scheme === 'file';
    this.item.command =
      shown.action === 'treatAsBatch'
        ? uri && { title: vscode.l10n.t('Treat as Batch File'), command: 'batchStudio.treatAsBatchFile', arguments: [uri] }
        : shown.action === 'submit' && canSubmit
          ? { title: vscode.l10n.t('Submit Batch'), command: 'batchStudio.submitBatch', arguments: [uri] }
          : { title: vscode.l10n.t('Show Problems'), command: 'workbench.actions.view.problems' };
    this.item.severity = !status?.isBatch
      ? vscode.LanguageStatusSeverity.Information
      : status.errors > 0
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
