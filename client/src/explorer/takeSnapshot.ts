/** The Batches view as plain data for the end-to-end tests (snapshot.ts is the contract): every
 *  tree item as the provider renders it, children included, and the state behind the tree. */
import * as vscode from 'vscode';
import type { ApiState } from '../api/session';
import type { BatchTreeProvider, Node } from './batchTree';
import type { ExplorerState } from './explorerState';
import type { ExplorerSnapshot, SnapshotItem } from './snapshot';

/** The id a theme colour was made with: VS Code's object has it, @types/vscode 1.93 does not declare it. */
function colorId(color: vscode.ThemeColor | undefined): string | undefined {
  const id: unknown = color && 'id' in color ? color.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

async function describe(provider: BatchTreeProvider, node: Node): Promise<SnapshotItem> {
  const item = provider.getTreeItem(node);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  const color = colorId(icon?.color);
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
  const collapsible =
    item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded
      ? 'expanded'
      : item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed
        ? 'collapsed'
        : 'none';
  const children =
    collapsible === 'none' ? undefined : await Promise.all((await provider.getChildren(node)).map((child) => describe(provider, child)));
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return {
    ...(item.id ? { id: item.id } : {}),
    label,
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(tooltip ? { tooltip } : {}),
    ...(item.accessibilityInformation ? { accessibilityLabel: item.accessibilityInformation.label } : {}),
    ...(icon ? { icon: icon.id } : {}),
    ...(color ? { color } : {}),
    ...(item.contextValue ? { contextValue: item.contextValue } : {}),
    collapsible,
    ...(item.command
      ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } }
      : {}),
    ...(children ? { children } : {}),
  };
}

/** `session` is read first, then the tree (which may load the list), then the list's state. */
export async function takeSnapshot(
  provider: BatchTreeProvider,
  session: ApiState,
  state: ExplorerState,
  visible: () => boolean,
): Promise<ExplorerSnapshot> {
  const roots = await provider.getChildren();
  return {
    hasApiKey: session.kind !== 'noKey',
    connection: session.kind === 'ready' ? session.api.baseURL : null,
    loaded: state.list.loaded,
    hasMore: state.list.hasMore,
    error: state.list.error ?? (session.kind === 'invalid' ? session.problem : null),
    visible: visible(),
    autoRefresh: state.autoRefreshStatus(),
    items: await Promise.all(roots.map((root) => describe(provider, root))),
  };
}
