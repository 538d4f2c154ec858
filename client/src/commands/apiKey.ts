import * as vscode from 'vscode';
import { connectionSettings } from '../config';
import type { Ctx } from '../ctx';

/** Batch Studio: Set API Key — asks for the key (hidden input) and keeps it in secret storage. */
export const setApiKey = (ctx: Ctx) => async (): Promise<boolean> => {
  const key = await ctx.ui.input({
    title: vscode.l10n.t('Batch Studio: Set API Key'),
    prompt: vscode.l10n.t("The API key for the Batch API. It is kept in VS Code's secret storage, never in settings."),
    placeHolder: 'sk-…',
    password: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter a key, or press Escape to cancel.')),
  });
  if (!key?.trim()) return false;
  await ctx.keys.store(key);
  const resolved = await ctx.keys.resolve(connectionSettings().provider);
  if (resolved?.source === 'override')
    ctx.ui.notify('warning', vscode.l10n.t('API key saved, but BATCH_STUDIO_API_KEY in the environment takes precedence while it is set.'));
  else vscode.window.setStatusBarMessage(`$(key) ${vscode.l10n.t('Batch Studio: API key saved')}`, 4000);
  return true;
};

/** Batch Studio: Clear API Key — removes the stored key; says which key (if any) is still used. */
export const clearApiKey = (ctx: Ctx) => async (): Promise<void> => {
  await ctx.keys.clear();
  const remaining = await ctx.keys.resolve(connectionSettings().provider);
  const message = !remaining
    ? vscode.l10n.t('API key removed. Batch Studio has no key now.')
    : remaining.source === 'override'
      ? vscode.l10n.t('Stored API key removed; BATCH_STUDIO_API_KEY from the environment is still used.')
      : vscode.l10n.t('Stored API key removed; the key from the environment (OPENAI_API_KEY) is still used.');
  ctx.ui.notify('info', message);
};
