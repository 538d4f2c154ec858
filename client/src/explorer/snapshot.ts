/** The explorer as plain data (`testing.explorerSnapshot()` of the extension's API, built by
 *  takeSnapshot.ts): the contract between the extension and the end-to-end tests that assert
 *  what a user sees. Types only. */

/** A tree item as plain data: what an end-to-end test asserts. */
export interface SnapshotItem {
  id?: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** What a screen reader says for the item. */
  accessibilityLabel?: string;
  icon?: string;
  color?: string;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; arguments?: unknown[] };
  children?: SnapshotItem[];
}

export interface ExplorerSnapshot {
  hasApiKey: boolean;
  connection: string | null;
  loaded: boolean;
  hasMore: boolean;
  error: string | null;
  visible: boolean;
  autoRefresh: { active: boolean; inMs?: number; consecutiveFailures: number };
  items: SnapshotItem[];
}
