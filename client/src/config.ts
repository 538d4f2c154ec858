/** Reading Batch Studio's settings, with the keys and defaults of common/src/settings.ts.
 *  Connection settings come from user (or remote machine) settings only: a workspace's
 *  `.vscode/settings.json` must never redirect the API key. */
import * as vscode from 'vscode';
import { CONNECTION_SETTINGS as CONNECTION_SETTING_KEYS, isProvider, SETTINGS, type SettingKey } from '../../common/src/settings';
import type { ConnectionSettings } from './api/connection';

export const CONNECTION_SETTINGS: readonly string[] = CONNECTION_SETTING_KEYS;

/** The user's value, else the default; workspace and folder values are ignored. */
function userValue(key: SettingKey): unknown {
  const inspected = vscode.workspace.getConfiguration().inspect(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? SETTINGS[key].default;
}

export function connectionSettings(): ConnectionSettings {
  const provider = userValue('batchStudio.api.provider');
  return {
    provider: isProvider(provider) ? provider : SETTINGS['batchStudio.api.provider'].default,
    baseUrl: String(userValue('batchStudio.api.baseUrl')),
    azureEndpoint: String(userValue('batchStudio.azure.endpoint')),
    azureApiVersion: String(userValue('batchStudio.azure.apiVersion')),
    organization: String(userValue('batchStudio.api.organization')),
    project: String(userValue('batchStudio.api.project')),
    allowInsecureHttp: userValue('batchStudio.api.allowInsecureHttp') === true,
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return CONNECTION_SETTINGS.some((section) => event.affectsConfiguration(section));
}

/** Seconds between automatic refreshes while a batch is unfinished. */
export function refreshIntervalSeconds(): number {
  const { default: fallback, minimum } = SETTINGS['batchStudio.explorer.refreshIntervalSeconds'];
  const value = vscode.workspace.getConfiguration().get<number>('batchStudio.explorer.refreshIntervalSeconds', fallback);
  return Number.isFinite(value) && value >= minimum ? value : fallback;
}
