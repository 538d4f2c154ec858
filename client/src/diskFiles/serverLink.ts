/** How the client tells the language server which files to validate from disk
 *  (batchStudio/diskFiles), and that one changed (workspace/didChangeWatchedFiles). Each list is
 *  sent again when the server restarts, which starts with none. */
import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, FileChangeType, type LanguageClient, State } from 'vscode-languageclient/node';
import { DiskFilesNotification, type DiskFilesParams } from '../../../common/src/protocol';

export type DiskFileChange = 'created' | 'changed' | 'deleted';

const CHANGE_TYPES: Record<DiskFileChange, FileChangeType> = {
  created: FileChangeType.Created,
  changed: FileChangeType.Changed,
  deleted: FileChangeType.Deleted,
};

export interface DiskFilesLink {
  /** Replaces one of the server's lists (when it differs from the one sent last). */
  list(kind: DiskFilesParams['kind'], files: readonly vscode.Uri[]): void;
  /** A file of the lists changed on disk. */
  changed(uri: vscode.Uri, change: DiskFileChange): void;
}

export class LanguageClientDiskFiles implements DiskFilesLink, vscode.Disposable {
  private readonly sent = new Map<DiskFilesParams['kind'], string[]>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) for (const [kind, uris] of this.sent) this.send({ kind, uris });
    });
  }

  list(kind: DiskFilesParams['kind'], files: readonly vscode.Uri[]): void {
    const uris = files.map((uri) => this.client.code2ProtocolConverter.asUri(uri)).sort();
    const last = this.sent.get(kind) ?? [];
    if (uris.length === last.length && uris.every((uri, i) => uri === last[i])) return;
    this.sent.set(kind, uris);
    this.send({ kind, uris });
  }

  changed(uri: vscode.Uri, change: DiskFileChange): void {
    if (this.client.state !== State.Running) return;
    this.client
      .sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: this.client.code2ProtocolConverter.asUri(uri), type: CHANGE_TYPES[change] }],
      })
      .catch((error: unknown) => this.log.warn(`Could not tell the language server that ${uri.fsPath} changed: ${String(error)}`));
  }

  private send(params: DiskFilesParams): void {
    if (this.client.state !== State.Running) return; // sent when it runs (see the constructor)
    this.client
      .sendNotification(DiskFilesNotification.type, params)
      .catch((error: unknown) => this.log.warn(`Could not send the files to validate from disk: ${String(error)}`));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
