/** The endpoint and model a new batch file (or a file without them) is written for: two quick picks. */
import * as vscode from 'vscode';
import type { AuthoringCatalog } from '../../../common/src/protocol';
import type { Ui } from '../ui';

/** The model pick's last item: a name no list holds (a deployment, a fine-tune). */
const otherModel = () => vscode.l10n.t('Other model…');

export async function pickEndpointAndModel(ui: Ui, catalog: AuthoringCatalog): Promise<{ endpoint: string; model: string } | undefined> {
  const endpoints = catalog.endpoints.map((e) => ({ label: e.url, detail: e.description }));
  const endpoint = await ui.pick(endpoints, {
    title: vscode.l10n.t('New batch request (1/2)'),
    placeHolder: vscode.l10n.t('The endpoint every request of the file goes to'),
    matchOnDetail: true,
  });
  if (!endpoint) return undefined;
  const entry = catalog.endpoints.find((e) => e.url === endpoint.label);
  if (!entry) return undefined;
  // The user's names first (their deployments and fine-tunes), then the suggested model.
  const suggested = entry.suggestedModel;
  const own = new Set(catalog.userModels);
  const names = [...new Set([...catalog.userModels, ...(suggested ? [suggested] : []), ...entry.models])];
  const models: vscode.QuickPickItem[] = [
    ...names.map((name) => ({
      label: name,
      description: own.has(name) ? 'batchStudio.models' : name === suggested ? vscode.l10n.t('suggested') : undefined,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: otherModel(), description: vscode.l10n.t('a deployment, a fine-tune or a newer model') },
  ];
  const title = vscode.l10n.t('New batch request (2/2)');
  const question = vscode.l10n.t('The model of every {0} request of the file', entry.url);
  const model = await ui.pick(models, { title, placeHolder: question });
  if (!model) return undefined;
  if (model.label !== otherModel()) return { endpoint: entry.url, model: model.label };
  const typed = await ui.input({
    title,
    prompt: question,
    placeHolder: vscode.l10n.t('e.g. ft:gpt-4o-mini:my-org::abc123'),
    validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter a model name') : undefined),
  });
  return typed?.trim() ? { endpoint: entry.url, model: typed.trim() } : undefined;
}
