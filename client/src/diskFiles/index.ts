/** Files the language server validates from disk: batch files open in tabs that VS Code did not
 *  sync (over 50 MB), and with `batchStudio.validation.workspace` every batch file of the workspace. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OpenDiskFiles } from './openDiskFiles';
import { LanguageClientDiskFiles } from './serverLink';
import { WorkspaceDiskFiles } from './workspaceDiskFiles';

export { startWhenNeeded } from './serverStart';

export function trackDiskFiles(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  const link = new LanguageClientDiskFiles(client, log);
  return vscode.Disposable.from(link, new OpenDiskFiles(link), new WorkspaceDiskFiles(link, log));
}
