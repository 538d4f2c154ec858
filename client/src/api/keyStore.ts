/** The API key: kept in VS Code's secret storage, never in settings. A development override
 *  (BATCH_STUDIO_API_KEY) or OPENAI_API_KEY from the environment is used when none is stored. */
import * as vscode from 'vscode';
import { type Provider, type ResolvedKey, resolveKey } from './connection';

const SECRET_NAME = 'batchStudio.apiKey';

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_NAME) this.changed.fire();
    });
  }

  async resolve(provider: Provider): Promise<ResolvedKey | undefined> {
    return resolveKey(await this.secrets.get(SECRET_NAME), provider, process.env);
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_NAME, key.trim());
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_NAME);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
