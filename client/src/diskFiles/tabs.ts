/** Which JSON Lines files are open in tabs, and which of them the extension host has no document
 *  for: VS Code syncs no file over 50 MB to extensions, so such a file has a tab but no
 *  `TextDocument` and no `activeTextEditor`. No language server here: what the tabs show. */
import * as vscode from 'vscode';

/** The file names VS Code's `jsonl` language claims. */
const JSON_LINES_FILE = /\.(jsonl|ndjson)$/i;

export function isJsonLinesFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && JSON_LINES_FILE.test(uri.path);
}

/** Whether the extension host has the file as a document (then the language server has it too). */
export function isSynced(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.workspace.textDocuments.some((document) => document.uri.toString() === key);
}

function tabFile(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  return tab?.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

/** Every JSON Lines file on disk open in a tab without a document, each once. */
export function unsyncedTabFiles(): vscode.Uri[] {
  const files = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs) {
      const uri = tabFile(tab);
      if (uri && isJsonLinesFile(uri) && !isSynced(uri)) files.set(uri.toString(), uri);
    }
  return [...files.values()];
}

/** The active tab's JSON Lines file when the extension host has no document for it. */
export function activeUnsyncedFile(): vscode.Uri | undefined {
  const uri = tabFile(vscode.window.tabGroups.activeTabGroup.activeTab);
  return uri && isJsonLinesFile(uri) && !isSynced(uri) ? uri : undefined;
}

/** The file the user is looking at: the active tab's JSON Lines file when it is too large to sync
 *  (it has no editor), else the active editor's document. */
export function activeFileUri(): vscode.Uri | undefined {
  return activeUnsyncedFile() ?? vscode.window.activeTextEditor?.document.uri;
}

/** Whether the file is open in a tab without a document (too large to sync). */
export function isUnsyncedTabFile(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return unsyncedTabFiles().some((file) => file.toString() === key);
}
