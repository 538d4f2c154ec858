import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BatchStatusNotification } from '../../server/src/protocol';
import { createLanguageClient } from './languageClient';
import { BatchStatusItem } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Batch Studio', { log: true });
  const status = new BatchStatusItem();
  context.subscriptions.push(output, status);
  // For tests and other extensions: what the status item shows for the active editor.
  context.subscriptions.push(vscode.commands.registerCommand('batchStudio.internal.status', () => status.shown() ?? null));

  client = createLanguageClient(context, output);
  context.subscriptions.push(client.onNotification(BatchStatusNotification.type, (params) => status.update(params)));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
