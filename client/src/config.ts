/** Reading Batch Studio's settings. Connection settings come from user (or remote machine)
 *  settings only: a workspace's `.vscode/settings.json` must never redirect the API key. */
import * as vscode from 'vscode';
import { type ConnectionSettings, DEFAULT_AZURE_API_VERSION, type Provider } from './api/connection';

export const CONNECTION_SETTINGS = ['batchStudio.api.provider', 'batchStudio.api.baseUrl', 'batchStudio.azure.endpoint', 'batchStudio.azure.apiVersion'];

/** The user's value, else the default; workspace and folder values are ignored. */
function userValue<T>(section: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration().inspect<T>(section);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function connectionSettings(): ConnectionSettings {
  const provider = userValue<string>('batchStudio.api.provider', 'openai');
  return {
    provider: (provider === 'azure' ? 'azure' : 'openai') satisfies Provider,
    baseUrl: String(userValue('batchStudio.api.baseUrl', '')),
    azureEndpoint: String(userValue('batchStudio.azure.endpoint', '')),
    azureApiVersion: String(userValue('batchStudio.azure.apiVersion', DEFAULT_AZURE_API_VERSION)),
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return CONNECTION_SETTINGS.some((section) => event.affectsConfiguration(section));
}

/** Seconds between automatic refreshes while a batch is unfinished. */
export function refreshIntervalSeconds(): number {
  const value = vscode.workspace.getConfiguration('batchStudio.explorer').get<number>('refreshIntervalSeconds', 10);
  return Number.isFinite(value) && value >= 2 ? value : 10;
}
