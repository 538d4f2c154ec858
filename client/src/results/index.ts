/** Results beside their requests, the client's part: the Show Results views, the result files the
 *  user linked (told to the server whenever it starts), and JSON Lines files changing on disk (told
 *  to the server, which reads result files again and says which views to refresh). */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ResultFilesChangedNotification, ResultsChangedNotification } from '../../../common/src/protocol';
import type { BatchServer } from '../languageClient';
import { ResultLinks } from './resultLinks';
import { RESULTS_SCHEME } from './resultsUri';
import { ResultsViews } from './resultsView';

/** Changes on disk are sent in one message per burst (a download writes, renames, opens). */
const CHANGE_DELAY_MS = 100;

export function registerResults(context: vscode.ExtensionContext, client: LanguageClient, server: BatchServer): void {
  const views = new ResultsViews(server);
  const links = new ResultLinks(context.workspaceState);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const changed = (uri: vscode.Uri) => {
    pending.add(client.code2ProtocolConverter.asUri(uri));
    timer ??= setTimeout(() => {
      timer = undefined;
      const uris = [...pending];
      pending.clear();
      // A send that fails (the server stopping meanwhile) is dropped: it reads the files afresh when it starts.
      if (client.state === State.Running)
        void client.sendNotification(ResultFilesChangedNotification.type, { uris }).catch(() => undefined);
    }, CHANGE_DELAY_MS);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{jsonl,JSONL}');
  context.subscriptions.push(
    views,
    vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, views),
    vscode.languages.registerDocumentLinkProvider({ scheme: RESULTS_SCHEME }, views),
    client.onNotification(ResultsChangedNotification.type, (params) => views.refresh(Array.isArray(params?.inputs) ? params.inputs : [])),
    // The server keeps the links in memory: each time it starts, it hears them again.
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) void server.linkResults(links.all()).catch(() => undefined);
    }),
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete(changed),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
