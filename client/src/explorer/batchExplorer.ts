/** The Batches view put together: the explorer's state shown in the tree, the activity bar badge
 *  counting running batches, a notification per status change; and what commands need of the
 *  view itself (is it visible, what is selected, reveal a batch). Commands reach it as
 *  `ctx.explorer`, and the batches through `ctx.explorer.state`. */
import * as vscode from 'vscode';
import { plural } from '../../../common/src/plural';
import type { ApiSession } from '../api/session';
import { isFinished } from '../batch/lifecycle';
import type { InputFiles } from '../inputFiles';
import type { Ui } from '../ui';
import { BatchTreeProvider, isBatchNode, type Node } from './batchTree';
import { ExplorerState } from './explorerState';
import type { ExplorerSnapshot } from './snapshot';
import { StatusNotifier } from './statusNotifier';
import { takeSnapshot } from './takeSnapshot';

export const VIEW_ID = 'batchStudio.batches';

export class BatchExplorer implements vscode.Disposable {
  readonly state: ExplorerState;
  private readonly provider: BatchTreeProvider;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: ApiSession,
    inputFiles: InputFiles,
    ui: Ui,
  ) {
    this.state = new ExplorerState(session, {
      isVisible: () => this.view.visible,
      withProgress: (task) => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, task),
      render: () => this.provider.refresh(),
    });
    const state = this.state;
    this.provider = new BatchTreeProvider({
      list: state.list,
      rootState: async () => {
        const connection = await state.connection();
        return connection.kind === 'ready' ? { kind: 'ready' } : connection;
      },
      ensureLoaded: () => state.ensureLoaded(),
      fileName: (batch) => state.fileNames.request(batch.input_file_id),
      inputPath: (id) => inputFiles.recorded(id),
    });
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    const notifier = new StatusNotifier(
      ui,
      (batch) => state.labelOf(batch),
      (id) => this.reveal(id, true),
    );
    this.subscriptions.push(
      state,
      this.provider,
      this.view,
      state.list.onDidChange((change) => {
        this.provider.refresh();
        this.updateBadge();
        for (const { batch } of change.statusChanges) notifier.notify(batch);
      }),
      state.fileNames.onDidResolve((fileId) => {
        for (const batch of state.list.items) if (batch.input_file_id === fileId) this.provider.refresh(this.provider.batchNode(batch.id));
      }),
      this.view.onDidChangeVisibility((event) => state.visibilityChanged(event.visible)),
    );
  }

  get visible(): boolean {
    return this.view.visible;
  }

  /** The id of the batch selected in the tree, if one is. */
  selectedBatchId(): string | undefined {
    return this.view.selection.find(isBatchNode)?.id;
  }

  /** Shows the view and selects the batch in it (expanding its rows and theirs with `expand`). */
  async reveal(id: string, expand = false): Promise<void> {
    if (!this.view.visible) await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await this.state.ensureLoaded();
    if (!this.state.get(id)) return;
    await this.view.reveal(this.provider.batchNode(id), { select: true, focus: true, expand: expand ? 2 : false });
  }

  async snapshot(): Promise<ExplorerSnapshot> {
    return takeSnapshot(this.provider, await this.session.state(), this.state, () => this.view.visible);
  }

  private updateBadge(): void {
    const running = this.state.list.items.filter((batch) => !isFinished(batch)).length;
    this.view.badge = running > 0 ? { value: running, tooltip: `${plural(running, 'batch', 'batches')} running` } : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
