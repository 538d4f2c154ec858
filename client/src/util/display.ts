/** The user's locale for what the editor shows (VS Code's display language), and the format.ts
 *  helpers bound to it: every count, date and size the client shows goes through these. */
import * as vscode from 'vscode';
import * as format from './format';

export function displayLocale(): string {
  return vscode.env.language;
}

/** `1 request`, `12,000 requests`; the caller passes both nouns through `vscode.l10n.t`. */
export const count = (n: number, noun: string, pluralNoun: string): string => format.plural(n, noun, pluralNoun, displayLocale());
/** `1 request`, `12,000 requests`: the count the client shows most. */
export const requestCount = (n: number): string => count(n, vscode.l10n.t('request'), vscode.l10n.t('requests'));
/** `12,000`. */
export const number = (n: number): string => format.formatCount(n, displayLocale());
/** `512 B`, `2.0 KB`. */
export const size = (n: number): string => format.bytes(n, displayLocale());
