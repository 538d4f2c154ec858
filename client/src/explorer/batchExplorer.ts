/** The explorer as a whole: the list model, the tree view, auto-refresh while batches run (only
 *  while the view is visible), notifications when a batch finishes, and lookups for commands. */
import * as vscode from 'vscode';
import type { ExplorerSnapshot, SnapshotItem } from './snapshot';
import type { Batch } from '../api/batchApi';
import type { ApiSession } from '../api/session';
import { refreshIntervalSeconds } from '../config';
import type { InputFiles } from '../inputFiles';
import type { Action, Ui } from '../ui';
import { AutoRefresh } from './autoRefresh';
import { BatchList, type BatchSource } from './batchList';
import { type BatchNode, BatchTreeProvider, isBatchNode, type Node, type TreeSource } from './batchTree';
import { batchDescription, batchLabel, isFinished, type NoticeAction, statusNotice } from './batchView';

export const VIEW_ID = 'batchStudio.batches';


const noticeTitles: Record<NoticeAction, string> = {
  downloadOutput: 'Download Output',
  downloadErrors: 'Download Errors',
  createRetryFile: 'Create Retry File',
  showBatch: 'Show Batch',
};
const noticeCommands: Partial<Record<NoticeAction, string>> = {
  downloadOutput: 'batchStudio.downloadOutput',
  downloadErrors: 'batchStudio.downloadErrors',
  createRetryFile: 'batchStudio.createRetryFile',
};

export class BatchExplorer implements vscode.Disposable {
  readonly list = new BatchList();
  private readonly provider: BatchTreeProvider;
  private readonly view: vscode.TreeView<Node>;
  private readonly autoRefresh: AutoRefresh;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Input file id → its file name ('' when it could not be fetched); undefined while fetching. */
  private readonly fileNames = new Map<string, string | undefined>();
  private firstLoad: Promise<unknown> | undefined;
  private ready = false;

  constructor(
    private readonly session: ApiSession,
    private readonly inputFiles: InputFiles,
    private readonly ui: Ui,
  ) {
    const source: TreeSource = {
      list: this.list,
      rootState: async () => {
        const state = await this.session.state();
        this.ready = state.kind === 'ready';
        return state.kind === 'ready' ? { kind: 'ready' } : state;
      },
      ensureLoaded: () => this.ensureLoaded(),
      fileName: (batch) => this.fileName(batch),
      inputPath: (id) => this.inputFiles.recorded(id),
    };
    this.provider = new BatchTreeProvider(source);
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.autoRefresh = new AutoRefresh(
      () => this.poll(),
      () => this.view.visible && this.ready && (this.list.hasUnfinished() || this.list.error !== undefined),
      refreshIntervalSeconds,
    );
    this.subscriptions.push(
      this.provider,
      this.view,
      { dispose: () => this.autoRefresh.dispose() },
      this.list.onDidChange((change) => {
        this.provider.refresh();
        this.updateBadge();
        for (const { batch } of change.statusChanges) this.notify(batch);
        this.autoRefresh.schedule();
      }),
      this.view.onDidChangeVisibility((event) => this.autoRefresh.schedule(event.visible && this.list.loaded)),
      this.session.onDidChange(() => {
        this.fileNames.clear();
        this.list.reset();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('batchStudio.explorer.refreshIntervalSeconds')) this.autoRefresh.schedule();
      }),
    );
  }

  private async api(): Promise<BatchSource | undefined> {
    const state = await this.session.state();
    this.ready = state.kind === 'ready';
    return state.kind === 'ready' ? state.api : undefined;
  }

  private async ensureLoaded(): Promise<void> {
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
      this.provider.refresh();
      return undefined;
    }
    const message = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.list.refresh(api));
    this.autoRefresh.reportResult(message === undefined);
    this.autoRefresh.schedule();
    return message;
  }

  async loadMore(): Promise<string | undefined> {
    const api = await this.api();
    if (!api) return undefined;
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.list.loadMore(api));
  }

  private async poll(): Promise<boolean> {
    const api = await this.api();
    if (!api) return false;
    return (await (this.list.loaded ? this.list.poll(api) : this.list.refresh(api))) === undefined;
  }

  /** Shows a batch just created, cancelled or fetched. */
  upsert(batch: Batch): void {
    this.list.upsert(batch);
  }

  get(id: string): Batch | undefined {
    return this.list.get(id);
  }

  labelOf(batch: Batch): string {
    return batchLabel(batch, this.fileNames.get(batch.input_file_id));
  }

  get visible(): boolean {
    return this.view.visible;
  }

  async reveal(id: string, expand = false): Promise<void> {
    if (!this.view.visible) await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await this.ensureLoaded();
    if (!this.list.get(id)) return;
    await this.view.reveal(this.provider.batchNode(id), { select: true, focus: true, expand: expand ? 2 : false });
  }

  /** The batch a command is about: its argument (a tree item or a batch id), else the selected
   *  batch, else one the user picks from the loaded list (`filter` narrows the choice). */
  async resolveBatch(arg: unknown, placeHolder: string, filter: (batch: Batch) => boolean = () => true): Promise<Batch | undefined> {
    let id = isBatchNode(arg) ? arg.id : typeof arg === 'string' && arg ? arg : undefined;
    if (!id && arg === undefined) id = this.view.selection.find(isBatchNode)?.id;
    if (id) {
      const known = this.list.get(id);
      if (known) return known;
      const api = await this.api();
      if (!api) return undefined;
      return api.retrieve(id);
    }
    await this.ensureLoaded();
    const candidates = this.list.items.filter(filter);
    if (candidates.length === 0) {
      this.ui.notify('info', this.list.loaded ? 'No batch to choose from.' : 'The batch list could not be loaded; open the Batches view to see why.');
      return undefined;
    }
    const items = candidates.map((batch) => ({ label: this.labelOf(batch), description: batchDescription(batch), detail: batch.id, batch }));
    return (await this.ui.pick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.batch;
  }

  private fileName(batch: Batch): string | undefined {
    const fileId = batch.input_file_id;
    if (this.fileNames.has(fileId)) return this.fileNames.get(fileId) || undefined;
    this.fileNames.set(fileId, undefined);
    void this.session.state().then(async (state) => {
      if (state.kind !== 'ready') return;
      let name = '';
      try {
        name = await state.api.fileName(fileId);
      } catch {
        // The label stays the batch id.
      }
      this.fileNames.set(fileId, name);
      if (name) this.provider.refresh(this.provider.batchNode(batch.id));
    });
    return undefined;
  }

  private updateBadge(): void {
    const running = this.list.items.filter((b) => !isFinished(b)).length;
    this.view.badge = running > 0 ? { value: running, tooltip: `${running} batch${running === 1 ? '' : 'es'} running` } : undefined;
  }

  private notify(batch: Batch): void {
    const notice = statusNotice(batch, this.labelOf(batch));
    if (!notice) return;
    const actions: Action[] = notice.actions.map((action) => ({
      title: noticeTitles[action],
      run: () => {
        const command = noticeCommands[action];
        return command ? vscode.commands.executeCommand(command, batch.id) : this.reveal(batch.id, true);
      },
    }));
    this.ui.notify(notice.severity, notice.message, ...actions);
  }

  async snapshot(): Promise<ExplorerSnapshot> {
    const state = await this.session.state();
    const describe = async (node: Node): Promise<SnapshotItem> => {
      const item = this.provider.getTreeItem(node);
      const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
      const color = (icon?.color as { id?: string } | undefined)?.id;
      const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
      const collapsible = item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded ? 'expanded' : item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed ? 'collapsed' : 'none';
      const children = collapsible === 'none' ? undefined : await Promise.all((await this.provider.getChildren(node)).map(describe));
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        ...(item.id ? { id: item.id } : {}),
        label,
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        ...(tooltip ? { tooltip } : {}),
        ...(icon ? { icon: icon.id } : {}),
        ...(color ? { color } : {}),
        ...(item.contextValue ? { contextValue: item.contextValue } : {}),
        collapsible,
        ...(item.command ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } } : {}),
        ...(children ? { children } : {}),
      };
    };
    const roots = await this.provider.getChildren();
    return {
      hasApiKey: state.kind !== 'noKey',
      connection: state.kind === 'ready' ? state.api.baseURL : null,
      loaded: this.list.loaded,
      hasMore: this.list.hasMore,
      error: this.list.error ?? (state.kind === 'invalid' ? state.problem : null),
      visible: this.view.visible,
      autoRefresh: this.autoRefresh.status(),
      items: await Promise.all(roots.map(describe)),
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export type { BatchNode };
