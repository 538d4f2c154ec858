import * as vscode from 'vscode';

/**
 * Opens a file in a (non-preview) editor at a line, 0-based and clamped to the document, and
 * scrolls it into view. `select`: the whole line (a validation error's line of an input file), or
 * just the cursor at its start (where to start fixing problems).
 */
export async function openAtLine(uri: vscode.Uri, line: number, select: 'line' | 'cursor'): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const index = Number.isFinite(line) ? Math.max(0, Math.min(editor.document.lineCount - 1, Math.floor(line))) : 0;
  const range = editor.document.lineAt(index).range;
  editor.selection = select === 'line' ? new vscode.Selection(range.start, range.end) : new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
