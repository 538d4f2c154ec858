/** The API as currently configured: one BatchApi per (connection, key), rebuilt when the user
 *  changes a connection setting or the key. Keeps the `batchStudio.hasApiKey` context key. */
import * as vscode from 'vscode';
import { affectsConnection, connectionSettings } from '../config';
import { BatchApi } from './batchApi';
import { type KeySource, readDevOverrides, resolveConnection } from './connection';
import { KeyStore } from './keyStore';
import { shownUrl } from '../util/shownUrl';

export type ApiState =
  { kind: 'ready'; api: BatchApi; keySource: KeySource } | { kind: 'noKey' } | { kind: 'invalid'; problem: string; setting: string };

export class ApiSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The connection or the key changed: anything fetched before may belong to another account. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private cached: { signature: string; api: BatchApi } | undefined;

  constructor(
    readonly keys: KeyStore,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      keys.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsConnection(event)) this.invalidate();
      }),
    );
  }

  private invalidate(): void {
    this.cached = undefined;
    void this.updateContext();
    this.changed.fire();
  }

  /** Sets `batchStudio.hasApiKey` for `when` clauses and welcome views. */
  async updateContext(): Promise<void> {
    const key = await this.keys.resolve(connectionSettings().provider);
    await vscode.commands.executeCommand('setContext', 'batchStudio.hasApiKey', key !== undefined);
  }

  async state(): Promise<ApiState> {
    const settings = connectionSettings();
    const key = await this.keys.resolve(settings.provider);
    if (!key) return { kind: 'noKey' };
    const connection = resolveConnection(settings, readDevOverrides(process.env));
    if (!connection.ok) return { kind: 'invalid', problem: connection.problem, setting: connection.setting };
    const signature = JSON.stringify([connection, key.key]);
    if (this.cached?.signature !== signature) {
      const api = new BatchApi(connection, key.key, {
        warn: (message) => this.output.warn(message),
        error: (message) => this.output.error(message),
      });
      this.cached = { signature, api };
      this.output.info(
        `Batch API: ${connection.provider === 'azure' ? 'Azure OpenAI' : 'OpenAI-compatible'} at ${shownUrl(connection.baseURL)} (key from ${key.source})`,
      );
    }
    return { kind: 'ready', api: this.cached.api, keySource: key.source };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
