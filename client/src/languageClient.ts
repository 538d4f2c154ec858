import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Starts the Batch Studio language server (a Node process over IPC) for JSON Lines documents. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'jsonl' },
      { scheme: 'untitled', language: 'jsonl' },
      // Virtual workspaces (GitHub/Azure Repos): the server validates the text it is sent.
      { scheme: 'vscode-vfs', language: 'jsonl' },
    ],
    outputChannel: output,
  };
  return new LanguageClient('batchStudio', 'Batch Studio', serverOptions, clientOptions);
}
