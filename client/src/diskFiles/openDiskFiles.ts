/** JSON Lines files open in tabs that VS Code did not sync to extensions (over 50 MB): the server
 *  is told to validate them from disk, and again whenever one changes on disk (a watcher per file,
 *  which also covers files outside the workspace). */
import * as vscode from 'vscode';
import type { DiskFilesLink } from './serverLink';
import { unsyncedTabFiles } from './tabs';

export class OpenDiskFiles implements vscode.Disposable {
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly link: DiskFilesLink) {
    const update = () => this.update();
    this.subscriptions = [
      vscode.window.tabGroups.onDidChangeTabs(update),
      vscode.window.tabGroups.onDidChangeTabGroups(update),
      // A file that gets a document (synced) leaves the list; one whose document closes while
      // its tab stays (never for a file that was synced) would come back.
      vscode.workspace.onDidOpenTextDocument(update),
      vscode.workspace.onDidCloseTextDocument(update),
    ];
    this.update();
  }

  private update(): void {
    const files = unsyncedTabFiles();
    const keys = new Set(files.map((uri) => uri.toString()));
    for (const [key, watcher] of this.watchers)
      if (!keys.has(key)) {
        watcher.dispose();
        this.watchers.delete(key);
      }
    for (const uri of files) if (!this.watchers.has(uri.toString())) this.watchers.set(uri.toString(), this.watch(uri));
    this.link.list('open', files);
  }

  private watch(uri: vscode.Uri): vscode.Disposable {
    const pattern = new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.slice(uri.path.lastIndexOf('/') + 1));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    return vscode.Disposable.from(
      watcher,
      watcher.onDidChange((changed) => this.link.changed(changed, 'changed')),
      watcher.onDidCreate((created) => this.link.changed(created, 'created')),
      watcher.onDidDelete((deleted) => this.link.changed(deleted, 'deleted')),
    );
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
