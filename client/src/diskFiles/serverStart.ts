/** When the language server starts: once there is a JSON Lines file to check. Batch Studio
 *  activates when a JSON Lines document opens, and also at start-up in a workspace that holds
 *  JSON Lines files, because a file too large for VS Code to open (over 10 MB in a remote window)
 *  shows a "very large" notice in its tab and never gets a document, so nothing else would activate
 *  it. The server, its own process, waits for a document of its selector, a tab of a JSON Lines
 *  file, or `batchStudio.validation.workspace`; a request to it (a command) starts it too. */
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { isJsonLinesFile } from './tabs';

const WORKSPACE_SETTING = 'batchStudio.validation.workspace';

/** Starts `client` now if a file needs it (resolving once it runs), else when one does. */
export async function startWhenNeeded(client: LanguageClient, log: vscode.LogOutputChannel): Promise<vscode.Disposable> {
  const needed = () => hasDocumentFor(client) || hasJsonLinesTab() || vscode.workspace.getConfiguration().get(WORKSPACE_SETTING) === true;
  if (needed()) {
    await client.start();
    return new vscode.Disposable(() => undefined);
  }
  const waiting: vscode.Disposable[] = [];
  const stopWaiting = () => {
    for (const subscription of waiting.splice(0)) subscription.dispose();
  };
  const check = () => {
    if (!needed()) return;
    stopWaiting();
    client.start().catch((error: unknown) => log.error(`The Batch Studio language server did not start: ${String(error)}`));
  };
  waiting.push(
    // Started by a request (a command) meanwhile: nothing to wait for.
    client.onDidChangeState(({ newState }) => newState !== State.Stopped && stopWaiting()),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.window.tabGroups.onDidChangeTabs(check),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(WORKSPACE_SETTING) && check()),
  );
  return new vscode.Disposable(stopWaiting);
}

function hasDocumentFor(client: LanguageClient): boolean {
  const own = client.clientOptions.documentSelector;
  if (!own) return false;
  const selector = typeof own[0] === 'string' ? (own as string[]) : client.protocol2CodeConverter.asDocumentSelector(own);
  return vscode.workspace.textDocuments.some((document) => vscode.languages.match(selector, document) > 0);
}

function hasJsonLinesTab(): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && isJsonLinesFile(tab.input.uri)),
  );
}
