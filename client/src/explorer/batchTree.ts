/** The "Batches" tree's data provider: batches newest first (the parts of a split file gathered
 *  under its name), an error item when the last fetch failed, a "Load more" item while the list
 *  cursor has more; under each batch, its errors and next step first, then its fields. What it
 *  shows comes from the explorer's state, through TreeSource. */
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import { batchAccessibilityLabel, batchDescription, batchLabel, inputFileName, needsFileName } from '../batch/labels';
import { displayLocale } from '../util/display';
import { escapeMarkdown } from '../util/escapeMarkdown';
import { batchRows, type FieldRow } from './batchFields';
import { groupAccessibilityLabel, groupBatches, groupDescription, groupIcon, groupTooltip } from './batchGroups';
import { batchContextValue, batchTooltip, statusIcon } from './batchItem';
import type { BatchList } from './batchList';

export interface BatchNode {
  kind: 'batch';
  id: string;
}
/** The batches of a split file's parts (`NAME.part-NNN.jsonl`), under `NAME.jsonl`. */
export interface GroupNode {
  kind: 'group';
  name: string;
}
export interface FieldNode {
  kind: 'field';
  batchId: string;
  row: FieldRow;
  parent: BatchNode | FieldNode;
}
export interface LoadMoreNode {
  kind: 'loadMore';
}
export interface ErrorNode {
  kind: 'error';
  message: string;
  /** What clicking it does. */
  action: 'refresh' | 'openSettings';
  setting?: string;
}
export type Node = BatchNode | GroupNode | FieldNode | LoadMoreNode | ErrorNode;

export function isBatchNode(value: unknown): value is BatchNode {
  return typeof value === 'object' && value !== null && (value as Node).kind === 'batch' && typeof (value as BatchNode).id === 'string';
}

/** What the tree needs from the rest of the explorer. */
export interface TreeSource {
  list: BatchList;
  /** The root's state before the list: no key (empty tree → welcome view), a connection
   *  problem (an error item), or ready (loads the list the first time it is shown). */
  rootState(): Promise<{ kind: 'noKey' } | { kind: 'invalid'; problem: string; setting: string } | { kind: 'ready' }>;
  /** Loads the first page unless loaded or failed. */
  ensureLoaded(): Promise<void>;
  /** The input file's name fetched from the Files API, or undefined (fetching it when needed). */
  fileName(batch: Batch): string | undefined;
  /** The local input file recorded for a batch, if any (for the tooltip and jump-to-line). */
  inputPath(batchId: string): string | undefined;
  /** What the error item says when the list could not be fetched (and when it is tried again). */
  errorText?(): string | undefined;
}

export class BatchTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly batchNodes = new Map<string, BatchNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  /** As last rendered: each group's batch ids, and the group each grouped batch is in. */
  private groups = new Map<string, string[]>();
  private groupOf = new Map<string, GroupNode>();
  private empty: boolean | undefined;

  constructor(private readonly source: TreeSource) {}

  /** Re-renders the whole tree (items keep their expansion state through their ids). */
  refresh(node?: Node): void {
    this.changed.fire(node);
  }

  batchNode(id: string): BatchNode {
    let node = this.batchNodes.get(id);
    if (!node) this.batchNodes.set(id, (node = { kind: 'batch', id }));
    return node;
  }

  private groupNode(name: string): GroupNode {
    let node = this.groupNodes.get(name);
    if (!node) this.groupNodes.set(name, (node = { kind: 'group', name }));
    return node;
  }

  /** The input file's name, fetched when the batch carries none. */
  private fileNameOf(batch: Batch): string | undefined {
    return inputFileName(batch, needsFileName(batch) ? this.source.fileName(batch) : undefined);
  }

  private setEmpty(empty: boolean): void {
    if (this.empty === empty) return;
    this.empty = empty;
    void vscode.commands.executeCommand('setContext', 'batchStudio.explorer.empty', empty);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    if (node.kind === 'group') return (this.groups.get(node.name) ?? []).map((id) => this.batchNode(id));
    if (node.kind === 'batch') {
      const batch = this.source.list.get(node.id);
      return batch ? batchRows(batch, displayLocale()).map((row) => ({ kind: 'field', batchId: node.id, row, parent: node })) : [];
    }
    if (node.kind === 'field') return (node.row.children ?? []).map((row) => ({ kind: 'field', batchId: node.batchId, row, parent: node }));
    return [];
  }

  private async roots(): Promise<Node[]> {
    const state = await this.source.rootState();
    if (state.kind === 'noKey') {
      this.setEmpty(false);
      return [];
    }
    if (state.kind === 'invalid') {
      this.setEmpty(false);
      return [{ kind: 'error', message: state.problem, action: 'openSettings', setting: state.setting }];
    }
    await this.source.ensureLoaded();
    const list = this.source.list;
    const nodes: Node[] = [];
    if (list.error) nodes.push({ kind: 'error', message: this.source.errorText?.() ?? list.error, action: 'refresh' });
    const groups = new Map<string, string[]>();
    const groupOf = new Map<string, GroupNode>();
    for (const entry of groupBatches(list.items, (batch) => this.fileNameOf(batch))) {
      if (entry.kind === 'batch') {
        nodes.push(this.batchNode(entry.batch.id));
        continue;
      }
      const group = this.groupNode(entry.name);
      groups.set(
        entry.name,
        entry.batches.map((batch) => batch.id),
      );
      for (const batch of entry.batches) groupOf.set(batch.id, group);
      nodes.push(group);
    }
    this.groups = groups;
    this.groupOf = groupOf;
    if (list.hasMore) nodes.push({ kind: 'loadMore' });
    this.setEmpty(nodes.length === 0 && list.loaded);
    return nodes;
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'field') return node.parent;
    return node.kind === 'batch' ? this.groupOf.get(node.id) : undefined;
  }

  /** The group a batch is shown in, if it is one of a split file's parts. */
  parentGroup(batchId: string): GroupNode | undefined {
    return this.groupOf.get(batchId);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'batch':
        return this.batchItem(node);
      case 'group':
        return this.groupItem(node);
      case 'field':
        return this.fieldItem(node);
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'));
        item.id = 'loadMore';
        item.iconPath = new vscode.ThemeIcon('fold-down');
        item.tooltip = vscode.l10n.t('Fetch the next page of batches');
        item.contextValue = 'loadMore';
        item.command = { title: vscode.l10n.t('Load More'), command: 'batchStudio.loadMoreBatches' };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(node.action === 'refresh' ? vscode.l10n.t('Could not refresh') : vscode.l10n.t('Not connected'));
        item.id = 'error';
        item.description = node.message;
        const click = node.action === 'refresh' ? vscode.l10n.t('Click to try again.') : vscode.l10n.t('Click to open the setting.');
        item.tooltip = new vscode.MarkdownString(`${escapeMarkdown(node.message)}\n\n_${click}_`);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'error';
        item.command =
          node.action === 'refresh'
            ? { title: vscode.l10n.t('Refresh'), command: 'batchStudio.refreshBatches' }
            : {
                title: vscode.l10n.t('Open Settings'),
                command: 'workbench.action.openSettings',
                arguments: [node.setting ?? 'batchStudio'],
              };
        return item;
      }
    }
  }

  private batchItem(node: BatchNode): vscode.TreeItem {
    const batch = this.source.list.get(node.id);
    if (!batch) return new vscode.TreeItem(node.id);
    const fileName = needsFileName(batch) ? this.source.fileName(batch) : undefined;
    const label = batchLabel(batch, fileName);
    const locale = displayLocale();
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `batch:${batch.id}`;
    item.description = batchDescription(batch, locale);
    item.tooltip = new vscode.MarkdownString(batchTooltip(batch, label, this.source.inputPath(batch.id), locale));
    const icon = statusIcon(batch);
    item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
    item.contextValue = batchContextValue(batch);
    item.accessibilityInformation = { label: batchAccessibilityLabel(batch, label, locale), role: 'treeitem' };
    return item;
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const batches = (this.groups.get(node.name) ?? []).flatMap((id) => this.source.list.get(id) ?? []);
    const locale = displayLocale();
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group:${node.name}`;
    item.description = groupDescription(batches, locale);
    item.tooltip = new vscode.MarkdownString(
      groupTooltip(escapeMarkdown(node.name), batches, (batch) => escapeMarkdown(batchLabel(batch, this.fileNameOf(batch))), locale),
    );
    const icon = groupIcon(batches);
    item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
    item.contextValue = 'batchGroup';
    item.accessibilityInformation = { label: groupAccessibilityLabel(node.name, batches, locale), role: 'treeitem' };
    return item;
  }

  private fieldItem(node: FieldNode): vscode.TreeItem {
    const { row } = node;
    const state = row.children?.length
      ? row.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, state);
    item.id = `batch:${node.batchId}/${row.key}`;
    item.description = row.value;
    item.tooltip = row.tooltip ?? `${row.label}: ${row.value}`;
    item.contextValue = row.line !== undefined ? 'batchError' : 'batchField';
    item.accessibilityInformation = { label: `${row.label}: ${row.value}`, role: 'treeitem' };
    if (row.key.startsWith('errors.')) item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    if (row.command) {
      item.iconPath = new vscode.ThemeIcon('arrow-right', new vscode.ThemeColor('textLink.foreground'));
      item.command = row.command;
      item.contextValue = 'batchNextStep';
    } else if (row.line !== undefined) {
      item.command = {
        title: vscode.l10n.t('Open Input File at Line'),
        command: 'batchStudio.openInputLine',
        arguments: [node.batchId, row.line],
      };
      const where = this.source.inputPath(node.batchId);
      const click = where
        ? vscode.l10n.t('Click to open {0} at line {1}.', where, row.line)
        : vscode.l10n.t('Click to open the input file at line {0} (when it is in the workspace).', row.line);
      item.tooltip = `${item.tooltip}\n\n${click}`;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
