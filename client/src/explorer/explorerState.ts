/** The explorer's state: the account's batches as far as they are loaded (BatchList), loading
 *  them (the first time the tree shows them, Refresh, Load more), refreshing them on a timer while
 *  one is unfinished and the view is visible, and the input files' names for labels. It renders
 *  nothing: batchExplorer.ts shows it in the tree. */
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import { seconds } from '../api/errors';
import type { ApiSession, ApiState } from '../api/session';
import { batchLabel } from '../batch/labels';
import { isFinished } from '../batch/lifecycle';
import { refreshIntervalSeconds } from '../config';
import { AutoRefresh } from './autoRefresh';
import { BatchList, type BatchSource } from './batchList';
import { InputFileNames } from './inputFileNames';

/** What the state needs of the view that shows it. */
export interface StateView {
  /** Auto-refresh runs only while the view is visible. */
  isVisible(): boolean;
  /** Shows that `task` is running (a progress bar on the view). */
  withProgress<T>(task: () => Promise<T>): Thenable<T>;
  /** Renders the tree again without fetching (it shows why nothing loads: no key, a bad setting). */
  render(): void;
}

export class ExplorerState implements vscode.Disposable {
  readonly list = new BatchList();
  readonly fileNames: InputFileNames;
  private readonly autoRefresh: AutoRefresh;
  private readonly subscriptions: vscode.Disposable[] = [];
  private firstLoad: Promise<unknown> | undefined;
  /** Whether the session had an API when last asked: without one there is nothing to refresh. */
  private ready = false;

  constructor(
    private readonly session: ApiSession,
    private readonly view: StateView,
  ) {
    this.fileNames = new InputFileNames(() => this.api());
    this.autoRefresh = new AutoRefresh(
      () => this.poll(),
      () => this.view.isVisible() && this.ready && (this.list.hasUnfinished() || this.list.error !== undefined),
      refreshIntervalSeconds,
      {
        retryAfterMs: () => this.list.failure?.retryAfterMs,
        // The error item says when the next attempt comes.
        onScheduled: () => {
          if (this.list.error !== undefined) this.view.render();
        },
      },
    );
    this.subscriptions.push(
      { dispose: () => this.autoRefresh.dispose() },
      this.list.onDidChange(() => this.autoRefresh.schedule()),
      // Another connection or key may be another account: nothing fetched before belongs to it.
      this.session.onDidChange(() => {
        this.fileNames.clear();
        this.list.reset();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('batchStudio.explorer.refreshIntervalSeconds')) this.autoRefresh.schedule();
      }),
    );
  }

  /** The session's state, noting whether it is ready. */
  async connection(): Promise<ApiState> {
    const state = await this.session.state();
    this.ready = state.kind === 'ready';
    return state;
  }

  private async api(): Promise<(BatchSource & { fileName(fileId: string): Promise<string> }) | undefined> {
    const state = await this.connection();
    return state.kind === 'ready' ? state.api : undefined;
  }

  /** The view became visible or hidden: refresh at once when it shows a loaded list again. */
  visibilityChanged(visible: boolean): void {
    this.autoRefresh.schedule(visible && this.list.loaded);
  }

  /** Loads the first page unless the list is loaded or the last fetch failed. */
  async ensureLoaded(): Promise<void> {
    if (this.list.loaded || this.list.error) return;
    if (!this.firstLoad) {
      this.firstLoad = (async () => {
        const api = await this.api();
        if (!api) return;
        this.autoRefresh.reportResult((await this.list.refresh(api)) === undefined);
        this.autoRefresh.schedule();
      })().finally(() => (this.firstLoad = undefined));
    }
    await this.firstLoad;
  }

  /** Fetches the loaded pages again; resolves to the error message if it failed. */
  async refresh(): Promise<string | undefined> {
    const api = await this.api();
    if (!api) {
      this.view.render();
      return undefined;
    }
    const message = await this.view.withProgress(() => this.list.refresh(api));
    this.autoRefresh.reportResult(message === undefined);
    this.autoRefresh.schedule();
    return message;
  }

  async loadMore(): Promise<string | undefined> {
    const api = await this.api();
    if (!api) return undefined;
    return this.view.withProgress(() => this.list.loadMore(api));
  }

  private async poll(): Promise<boolean> {
    const api = await this.api();
    if (!api) return false;
    return (await (this.list.loaded ? this.list.poll(api) : this.list.refresh(api))) === undefined;
  }

  /** Shows a batch just created, cancelled or fetched. */
  upsert(batch: Batch): void {
    const known = this.list.get(batch.id);
    this.list.upsert(batch);
    // Just submitted or cancelled: follow it closely for a while to show each status it passes.
    if (known?.status !== batch.status && !isFinished(batch)) this.autoRefresh.follow();
  }

  /** What the error item says: the failure, and when auto-refresh tries again. */
  errorText(): string | undefined {
    const failure = this.list.failure;
    if (!failure) return this.list.error;
    const inMs = this.autoRefresh.status().inMs;
    return inMs === undefined
      ? failure.message
      : `${failure.reason ?? failure.message} ${vscode.l10n.t('Batch Studio will retry in {0}.', seconds(Math.ceil(inMs / 1000) * 1000))}`;
  }

  /** Shows a batch opened by its id, and keeps it in the list beyond the loaded pages. */
  open(batch: Batch): void {
    this.list.open(batch);
  }

  get(id: string): Batch | undefined {
    return this.list.get(id);
  }

  /** The batch's name, with its input file's name once that is fetched. */
  labelOf(batch: Batch): string {
    return batchLabel(batch, this.fileNames.known(batch.input_file_id));
  }

  autoRefreshStatus(): ReturnType<AutoRefresh['status']> {
    return this.autoRefresh.status();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
