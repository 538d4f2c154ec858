/** Show Batch as JSON: a batch's object as a read-only document (`batch-json:/<id>.json`), so
 *  closing it asks nothing, and one tab per batch that follows the batch in place as the explorer
 *  refreshes it. */
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import type { BatchList } from './batchList';

export const BATCH_JSON_SCHEME = 'batch-json';

export function batchJsonUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BATCH_JSON_SCHEME, path: `/${id}.json` });
}

function idOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.json$/, '');
}

export function batchJson(batch: Batch): string {
  return `${JSON.stringify(batch, null, 2)}\n`;
}

export class BatchJsonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The text each batch's document shows: the last copy fetched. */
  private readonly shown = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(list: BatchList) {
    this.subscriptions.push(
      this.changed,
      // The list refreshed: documents of batches whose object changed show the new one.
      list.onDidChange(() => {
        for (const batch of list.items) if (this.shown.has(batch.id)) this.show(batch);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === BATCH_JSON_SCHEME) this.shown.delete(idOf(document.uri));
      }),
    );
  }

  /** Sets the batch's document to this copy (updating an open one in place); returns its URI. */
  show(batch: Batch): vscode.Uri {
    const text = batchJson(batch);
    const uri = batchJsonUri(batch.id);
    if (this.shown.get(batch.id) !== text) {
      const wasShown = this.shown.has(batch.id);
      this.shown.set(batch.id, text);
      if (wasShown) this.changed.fire(uri);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = idOf(uri);
    const note = vscode.l10n.t('Not loaded in this window: run Show Batch as JSON again.');
    return this.shown.get(id) ?? `${JSON.stringify({ id, note }, null, 2)}\n`;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
