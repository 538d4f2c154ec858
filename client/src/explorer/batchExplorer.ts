/** The Batches view put together: the explorer's state shown in the tree, the activity bar badge
 *  counting running batches, a notification per status change; and what commands need of the
 *  view itself (is it visible, what is selected, reveal a batch). Commands reach it as
 *  `ctx.explorer`, and the batches through `ctx.explorer.state`. */
import * as vscode from 'vscode';
import type { ApiSession } from '../api/session';
import { isFinished } from '../batch/lifecycle';
import type { InputFiles } from '../inputFiles';
import type { Ui } from '../ui';
import { count } from '../util/display';
import { BATCH_JSON_SCHEME, BatchJsonDocuments } from './batchJsonDocuments';
import { BatchTreeProvider, isBatchNode, type Node } from './batchTree';
import { ExplorerState } from './explorerState';
import type { ExplorerSnapshot } from './snapshot';
import { StatusNotifier } from './statusNotifier';
import { takeSnapshot } from './takeSnapshot';

export const VIEW_ID = 'batchStudio.batches';

export class BatchExplorer implements vscode.Disposable {
  readonly state: ExplorerState;
  /** Show Batch as JSON's read-only documents, following the list. */
  readonly json: BatchJsonDocuments;
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
      errorText: () => state.errorText(),
    });
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.json = new BatchJsonDocuments(state.list);
    const notifier = new StatusNotifier(
      ui,
      (batch) => state.labelOf(batch),
      (id) => this.reveal(id, true),
    );
    this.subscriptions.push(
      state,
      this.provider,
      this.view,
      this.json,
      vscode.workspace.registerTextDocumentContentProvider(BATCH_JSON_SCHEME, this.json),
      state.list.onDidChange((change) => {
        this.provider.refresh();
        this.updateBadge();
        for (const { batch } of change.statusChanges) notifier.notify(batch);
        for (const batch of change.gone ?? [])
          ui.notify(
            'warning',
            vscode.l10n.t(
              'Batch {0} is no longer found at the API (404: it may have been deleted, or belong to another project or key), so the Batches view no longer shows it.',
              batch.id,
            ),
          );
      }),
      // A name may put a batch into a split file's group: render the whole tree again.
      state.fileNames.onDidResolve((fileId) => {
        if (state.list.items.some((batch) => batch.input_file_id === fileId)) this.provider.refresh();
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

  /** Shows the view and selects the batch in it, with its rows shown when `expand` (a failed
   *  batch's errors come first among them, already expanded). */
  async reveal(id: string, expand = false): Promise<void> {
    if (!this.view.visible) await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await this.state.ensureLoaded();
    if (!this.state.get(id)) return;
    await this.provider.getChildren(); // where it is now: in a split file's group or not
    await this.view.reveal(this.provider.batchNode(id), { select: true, focus: true, expand: expand ? 1 : false });
  }

  async snapshot(): Promise<ExplorerSnapshot> {
    return takeSnapshot(this.provider, await this.session.state(), this.state, () => this.view.visible);
  }

  private updateBadge(): void {
    const running = this.state.list.items.filter((batch) => !isFinished(batch)).length;
    const tooltip = vscode.l10n.t('{0} running', count(running, vscode.l10n.t('batch'), vscode.l10n.t('batches')));
    this.view.badge = running > 0 ? { value: running, tooltip } : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
