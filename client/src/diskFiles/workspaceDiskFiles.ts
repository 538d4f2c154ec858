/** `batchStudio.validation.workspace`: every JSON Lines file of the workspace listed for the server
 *  to validate from disk, and kept current through a file watcher: a file created or deleted lists
 *  them again, a file changed is validated again. Off, the list is empty. */
import * as vscode from 'vscode';
import type { DiskFilesLink } from './serverLink';

const SETTING = 'batchStudio.validation.workspace';
const FILES = '**/*.{jsonl,ndjson}';
/** Files created or deleted in a burst (a checkout, a generator) are listed again once. */
const RELIST_AFTER_MS = 200;

/** The folders and files `files.exclude` and `search.exclude` leave out (as Search leaves them). */
function excludes(): string | undefined {
  const globs = new Set<string>();
  for (const section of ['files.exclude', 'search.exclude']) {
    const setting = vscode.workspace.getConfiguration().get<Record<string, unknown>>(section) ?? {};
    for (const [glob, on] of Object.entries(setting)) if (on === true && !/[{}]/.test(glob)) globs.add(glob);
  }
  return globs.size > 0 ? `{${[...globs].join(',')}}` : undefined;
}

export class WorkspaceDiskFiles implements vscode.Disposable {
  private watcher: vscode.Disposable | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  /** Bumped by each listing, so an older one finishing late is dropped. */
  private listing = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly link: DiskFilesLink,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTING)) this.update();
        else if (this.watcher && (event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude')))
          this.relist();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
    ];
    this.update();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(SETTING) === true && (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  }

  private update(): void {
    if (!this.enabled()) {
      this.stopWatching();
      this.listing++;
      this.link.list('workspace', []);
      return;
    }
    if (!this.watcher) {
      const watcher = vscode.workspace.createFileSystemWatcher(FILES);
      const later = () => this.relistSoon();
      this.watcher = vscode.Disposable.from(
        watcher,
        watcher.onDidCreate(later),
        watcher.onDidDelete(later),
        watcher.onDidChange((uri) => this.link.changed(uri, 'changed')),
      );
    }
    this.relist();
  }

  private relistSoon(): void {
    clearTimeout(this.relistTimer);
    this.relistTimer = setTimeout(() => this.relist(), RELIST_AFTER_MS);
  }

  private relist(): void {
    clearTimeout(this.relistTimer);
    const listing = ++this.listing;
    vscode.workspace.findFiles(FILES, excludes()).then(
      (files) => {
        if (listing === this.listing && this.watcher)
          this.link.list(
            'workspace',
            files.filter((uri) => uri.scheme === 'file'),
          );
      },
      (error: unknown) => this.log.warn(`Could not list the workspace's batch files: ${String(error)}`),
    );
  }

  private stopWatching(): void {
    clearTimeout(this.relistTimer);
    this.watcher?.dispose();
    this.watcher = undefined;
  }

  dispose(): void {
    this.stopWatching();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
