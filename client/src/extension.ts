import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BatchStatusNotification } from '../../server/src/protocol';
import { KeyStore } from './api/keyStore';
import { ApiSession } from './api/session';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { BatchExplorer } from './explorer/batchExplorer';
import { InputFiles } from './inputFiles';
import { createLanguageClient } from './languageClient';
import { BatchStatusItem } from './statusItem';
import { Ui } from './ui';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Batch Studio', { log: true });
  const status = new BatchStatusItem();
  context.subscriptions.push(output, status);
  // For tests and other extensions: what the status item shows for the active editor.
  context.subscriptions.push(vscode.commands.registerCommand('batchStudio.internal.status', () => status.shown() ?? null));

  // The batch explorer and its commands. Test mode: prompts answer from a queue, never block.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test || process.env.BATCH_STUDIO_TEST_MODE === '1';
  const ui = new Ui(testMode);
  const keys = new KeyStore(context.secrets);
  const session = new ApiSession(keys, output);
  const inputFiles = new InputFiles(context.globalState);
  const explorer = new BatchExplorer(session, inputFiles, ui);
  context.subscriptions.push(keys, session, explorer);
  registerCommands(new Ctx(context, output, ui, keys, session, inputFiles, explorer), testMode);
  await session.updateContext();

  client = createLanguageClient(context, output);
  context.subscriptions.push(client.onNotification(BatchStatusNotification.type, (params) => status.update(params)));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
