/** "Edit request as formatted JSON" on a request line of a batch file: a code action, cheap on a
 *  50,000-line file (only the line under the cursor is looked at, and only when asked). Offered
 *  when the user asks for actions (Ctrl+., the Refactor menu), or beside the line's quick fixes,
 *  so it never adds a light bulb to every line. */
import * as vscode from 'vscode';

export const EDIT_REQUEST_COMMAND = 'batchStudio.editRequest';

/** A line that reads as a batch request: a JSON object with one of the batch keys. */
export function looksLikeRequestLine(text: string): boolean {
  return text.trimStart().startsWith('{') && /"(?:custom_id|method|url|body)"\s*:/.test(text);
}

export class EditRequestAction implements vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.RefactorRewrite.append('batchStudio.editRequest');

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(EditRequestAction.kind) && !EditRequestAction.kind.contains(context.only)) return [];
    if (context.triggerKind !== vscode.CodeActionTriggerKind.Invoke && context.diagnostics.length === 0) return [];
    const line = range.start.line;
    if (!looksLikeRequestLine(document.lineAt(line).text)) return [];
    const action = new vscode.CodeAction(vscode.l10n.t('Edit request as formatted JSON'), EditRequestAction.kind);
    action.command = { command: EDIT_REQUEST_COMMAND, title: vscode.l10n.t('Edit Request'), arguments: [document.uri, line] };
    return [action];
  }
}
