/** What every command works with: one object built at activation (rust-analyzer's `Ctx`). */
import * as vscode from 'vscode';
import type { BatchApi } from './api/batchApi';
import type { KeyStore } from './api/keyStore';
import type { ApiSession } from './api/session';
import type { RequestFileSystem } from './editRequest/requestFileSystem';
import type { BatchExplorer } from './explorer/batchExplorer';
import type { InputFiles } from './inputFiles';
import type { BatchServer } from './languageClient';
import type { Action, Ui } from './ui';

export class Ctx {
  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    readonly ui: Ui,
    readonly keys: KeyStore,
    readonly session: ApiSession,
    readonly inputFiles: InputFiles,
    readonly explorer: BatchExplorer,
    /** The language server, asked what it knows about a file (Submit's pre-check). */
    readonly server: BatchServer,
    /** The requests open for editing (Edit Request). */
    readonly requests: RequestFileSystem,
  ) {}

  /** The API client, or undefined after telling the user what is missing (offering to set a key). */
  async requireApi(): Promise<BatchApi | undefined> {
    let state = await this.session.state();
    if (state.kind === 'noKey') {
      const setKey = vscode.l10n.t('Set API Key');
      const choice = await this.ui.modal(
        'warning',
        vscode.l10n.t('Batch Studio needs an API key for the Batch API.'),
        vscode.l10n.t("It is kept in VS Code's secret storage. OPENAI_API_KEY from the environment is used when none is set."),
        setKey,
      );
      if (choice !== setKey || !(await vscode.commands.executeCommand<boolean>('batchStudio.setApiKey'))) return undefined;
      state = await this.session.state();
    }
    if (state.kind === 'invalid') {
      this.ui.notify('error', state.problem, this.openSettingAction(state.setting));
      return undefined;
    }
    return state.kind === 'ready' ? state.api : undefined;
  }

  /** Shows a failed API call: `prefix: reason`, with the action that fixes it when there is one. */
  reportError(prefix: string, error: unknown, api: BatchApi): void {
    const described = api.describe(error);
    this.output.error(`${prefix}: ${described.message}`);
    const actions: Action[] = [];
    if (described.kind === 'auth')
      actions.push({ title: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand('batchStudio.setApiKey') });
    if (described.kind === 'connection' && api.connection.setting.startsWith('batchStudio.'))
      actions.push(this.openSettingAction(api.connection.setting));
    this.ui.notify('error', `${prefix}: ${described.message}`, ...actions);
  }

  private openSettingAction(setting: string): Action {
    return setting.startsWith('batchStudio.')
      ? { title: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', setting) }
      : { title: vscode.l10n.t('Show Log'), run: () => this.output.show() };
  }
}
