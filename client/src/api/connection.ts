/** Where the Batch API lives, from the user's connection settings and the development
 *  overrides in the environment. Pure: no editor, no network; its words go through `@vscode/l10n`. */
import * as l10n from '@vscode/l10n';
import { DEFAULT_AZURE_API_VERSION, type Provider, type SettingKey } from '../../../common/src/settings';
import { shownUrl } from '../util/shownUrl';

export { DEFAULT_AZURE_API_VERSION, type Provider };

/** Where an empty `batchStudio.api.baseUrl` (its default) sends requests. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The connection settings as the user set them (user/machine scope only, never a workspace's). */
export interface ConnectionSettings {
  provider: Provider;
  /** `batchStudio.api.baseUrl`; empty means OpenAI's own API. */
  baseUrl: string;
  /** `batchStudio.azure.endpoint`, e.g. https://my-resource.openai.azure.com */
  azureEndpoint: string;
  /** `batchStudio.azure.apiVersion` */
  azureApiVersion: string;
  /** `batchStudio.api.organization` and `batchStudio.api.project`: sent to OpenAI (not to Azure)
   *  when set. Optional: empty means none. */
  organization?: string;
  project?: string;
  /** `batchStudio.api.allowInsecureHttp`: a plain http:// URL off this machine is refused without it. */
  allowInsecureHttp?: boolean;
}

/** Development overrides, for demos and tests only (`npm start`, the e2e suite), read from the
 *  extension host's process environment at activation — never from settings, so a workspace
 *  cannot set them:
 *  - `BATCH_STUDIO_API_BASE_URL`: talk to this OpenAI-compatible URL (e.g. the emulator's
 *    `http://127.0.0.1:N/v1`) whatever the connection settings say;
 *  - `BATCH_STUDIO_API_KEY`: use this key instead of the stored one or OPENAI_API_KEY. */
export interface DevOverrides {
  baseUrl?: string;
  apiKey?: string;
}

export function readDevOverrides(env: NodeJS.ProcessEnv): DevOverrides {
  const baseUrl = env.BATCH_STUDIO_API_BASE_URL?.trim();
  const apiKey = env.BATCH_STUDIO_API_KEY?.trim();
  return { ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) };
}

export type Connection =
  | {
      ok: true;
      provider: Provider;
      /** The URL the SDK sends requests to (the `/v1`-style root). */
      baseURL: string;
      /** Only for Azure: the `api-version` query parameter. */
      apiVersion?: string;
      /** What a user should change when this connection does not work. */
      setting: string;
      /** OpenAI only: the organization and project the requests are billed to, when set. */
      organization?: string;
      project?: string;
    }
  | { ok: false; problem: string; setting: string };

function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `host` (as URL.hostname spells it) is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Why a plain http:// URL may not have the key, or undefined when it may: https, this machine, or
 *  the user's explicit `batchStudio.api.allowInsecureHttp`. */
function insecureProblem(url: string, setting: string, allowInsecureHttp: boolean | undefined): string | undefined {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' || allowInsecureHttp === true || isLoopbackHost(hostname)) return undefined;
  return l10n.t(
    '{0} is {1}, a plain http:// address on another machine: your API key would cross the network unencrypted. Use https://, or set batchStudio.api.allowInsecureHttp to true in your user settings if you trust that network.',
    setting,
    shownUrl(url),
  );
}

/** "batchStudio.api.baseUrl is not an http(s) URL: ftp://…" */
function notHttp(setting: string, value: string): string {
  return l10n.t('{0} is not an http(s) URL: {1}', setting, shownUrl(value));
}

export function resolveConnection(settings: ConnectionSettings, overrides: DevOverrides = {}): Connection {
  if (overrides.baseUrl) {
    const baseURL = httpUrl(overrides.baseUrl);
    const setting = 'BATCH_STUDIO_API_BASE_URL';
    return baseURL
      ? { ok: true, provider: 'openai', baseURL, setting }
      : { ok: false, problem: notHttp(setting, overrides.baseUrl), setting };
  }
  if (settings.provider === 'azure') {
    const setting: SettingKey = 'batchStudio.azure.endpoint';
    const raw = settings.azureEndpoint.trim();
    if (!raw) return { ok: false, problem: l10n.t('Azure OpenAI is selected but {0} is not set.', setting), setting };
    const endpoint = httpUrl(raw);
    if (!endpoint) return { ok: false, problem: notHttp(setting, raw), setting };
    const insecure = insecureProblem(endpoint, setting, settings.allowInsecureHttp);
    if (insecure) return { ok: false, problem: insecure, setting };
    const apiVersion = settings.azureApiVersion.trim() || DEFAULT_AZURE_API_VERSION;
    // The SDK's AzureOpenAI appends /openai to an endpoint; we pass the full base URL ourselves so
    // OPENAI_BASE_URL in the environment cannot conflict with it.
    return { ok: true, provider: 'azure', baseURL: `${endpoint}/openai`, apiVersion, setting };
  }
  const setting: SettingKey = 'batchStudio.api.baseUrl';
  const raw = settings.baseUrl.trim();
  const billing = {
    ...(settings.organization?.trim() ? { organization: settings.organization.trim() } : {}),
    ...(settings.project?.trim() ? { project: settings.project.trim() } : {}),
  };
  if (!raw) return { ok: true, provider: 'openai', baseURL: OPENAI_BASE_URL, setting, ...billing };
  const baseURL = httpUrl(raw);
  if (!baseURL) return { ok: false, problem: notHttp(setting, raw), setting };
  const insecure = insecureProblem(baseURL, setting, settings.allowInsecureHttp);
  return insecure ? { ok: false, problem: insecure, setting } : { ok: true, provider: 'openai', baseURL, setting, ...billing };
}

/** Where the key comes from, in order: development override, secret storage, environment. */
export type KeySource = 'override' | 'secret' | 'environment';

export interface ResolvedKey {
  key: string;
  source: KeySource;
}

export function environmentKey(provider: Provider, env: NodeJS.ProcessEnv): string | undefined {
  const names = provider === 'azure' ? ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'] : ['OPENAI_API_KEY'];
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function resolveKey(stored: string | undefined, provider: Provider, env: NodeJS.ProcessEnv): ResolvedKey | undefined {
  const override = readDevOverrides(env).apiKey;
  if (override) return { key: override, source: 'override' };
  if (stored?.trim()) return { key: stored.trim(), source: 'secret' };
  const fromEnv = environmentKey(provider, env);
  return fromEnv ? { key: fromEnv, source: 'environment' } : undefined;
}
