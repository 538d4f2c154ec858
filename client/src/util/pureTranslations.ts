/** Modules without editor types (unit-tested without VS Code) translate through `@vscode/l10n`,
 *  whose `t()` formats `{0}` placeholders in English until it is given a bundle. At activation the
 *  extension hands it the bundle VS Code loaded for the display language (`l10n/bundle.l10n.<lang>.json`),
 *  so both halves of the client read from one translation. */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

export function sharePureTranslations(): void {
  // Undefined in English (and whenever no bundle exists for the display language): keep the source text.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
