/** Every `batchStudio.*` setting with its type, default, allowed values and scope: the one place the
 *  client, the server, the CLI and the tests take them from. package.json's
 *  `contributes.configuration` declares them to VS Code (with their descriptions) and must agree
 *  (test/unit/common.test.ts checks). */
import { DIAGNOSTIC_CODES, SEVERITY_SETTINGS } from './diagnosticCodes';
import { MODEL_PRICE_SCHEMA, type PriceOverrides } from './priceSetting';

export const SETTINGS_SECTION = 'batchStudio';

/** Which JSON Lines files are checked as batch input: by content and name, all, or none. */
export const DETECTION_MODES = ['auto', 'always', 'never'] as const;
export type BatchDetection = (typeof DETECTION_MODES)[number];

export const PROVIDERS = ['openai', 'azure'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Whose rules batch files are checked by: OpenAI's, Azure OpenAI's, or (`auto`) those of the
 *  provider the explorer connects to (`batchStudio.api.provider`). */
export const VALIDATION_PROVIDERS = ['auto', ...PROVIDERS] as const;
export type ValidationProvider = (typeof VALIDATION_PROVIDERS)[number];

type Scope = 'resource' | 'machine' | 'window';

export type SettingSpec =
  | { type: 'number'; default: number; minimum: number; scope: Scope }
  | { type: 'boolean'; default: boolean; scope: Scope }
  | { type: 'string'; default: string; enum?: readonly string[]; scope: Scope }
  | { type: 'array'; items: 'string'; default: readonly string[]; scope: Scope }
  | {
      type: 'object';
      default: Readonly<Record<string, string>>;
      propertyNames: readonly string[];
      values: readonly string[];
      scope: Scope;
    }
  | { type: 'object'; default: Readonly<Record<string, never>>; additionalProperties: Readonly<Record<string, unknown>>; scope: Scope };

export const SETTINGS = {
  'batchStudio.validation.delayMs': { type: 'number', default: 150, minimum: 0, scope: 'resource' },
  'batchStudio.validation.maxProblems': { type: 'number', default: 1000, minimum: 1, scope: 'resource' },
  'batchStudio.validation.detection': { type: 'string', default: 'auto', enum: DETECTION_MODES, scope: 'resource' },
  'batchStudio.validation.severity': {
    type: 'object',
    default: {},
    propertyNames: DIAGNOSTIC_CODES,
    values: SEVERITY_SETTINGS,
    scope: 'resource',
  },
  'batchStudio.validation.provider': { type: 'string', default: 'auto', enum: VALIDATION_PROVIDERS, scope: 'resource' },
  // Every JSON Lines file of the workspace validated from disk (the client lists and watches them).
  'batchStudio.validation.workspace': { type: 'boolean', default: false, scope: 'window' },
  // Machine scope, read from user settings only: a workspace must not redirect the API key.
  'batchStudio.api.provider': { type: 'string', default: 'openai', enum: PROVIDERS, scope: 'machine' },
  'batchStudio.api.baseUrl': { type: 'string', default: '', scope: 'machine' },
  'batchStudio.azure.endpoint': { type: 'string', default: '', scope: 'machine' },
  'batchStudio.azure.apiVersion': { type: 'string', default: '2024-10-21', scope: 'machine' },
  // Sent as the OpenAI-Organization and OpenAI-Project headers (Azure OpenAI has neither).
  'batchStudio.api.organization': { type: 'string', default: '', scope: 'machine' },
  'batchStudio.api.project': { type: 'string', default: '', scope: 'machine' },
  // A plain http:// URL off this machine would send the key unencrypted: only when the user says so.
  'batchStudio.api.allowInsecureHttp': { type: 'boolean', default: false, scope: 'machine' },
  'batchStudio.explorer.refreshIntervalSeconds': { type: 'number', default: 10, minimum: 2, scope: 'window' },
  // Names completion and hover offer beside the known models: fine-tunes, deployments.
  'batchStudio.models': { type: 'array', items: 'string', default: [], scope: 'resource' },
  // Per model, USD per 1M tokens at Batch API prices, over the table in schemas/prices.json.
  'batchStudio.prices': { type: 'object', default: {}, additionalProperties: MODEL_PRICE_SCHEMA, scope: 'resource' },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** The settings that say where the API key is sent. */
export const CONNECTION_SETTINGS = [
  'batchStudio.api.provider',
  'batchStudio.api.baseUrl',
  'batchStudio.azure.endpoint',
  'batchStudio.azure.apiVersion',
  'batchStudio.api.organization',
  'batchStudio.api.project',
  'batchStudio.api.allowInsecureHttp',
] as const satisfies readonly SettingKey[];

/** `batchStudio.validation.*`, as the server reads it (workspace/configuration, per document). */
export interface ValidationSettings {
  delayMs: number;
  maxProblems: number;
  detection: BatchDetection;
  /** Per code: error, warning, info or off. Unknown codes and values are ignored where applied. */
  severity: Readonly<Record<string, string>>;
  /** The provider whose rules apply: `batchStudio.validation.provider`, `auto` already resolved. */
  provider: Provider;
}

/** The settings the server reads under `batchStudio`. */
export interface BatchStudioSettings {
  validation: ValidationSettings;
  /** `batchStudio.models`. */
  models: readonly string[];
  /** `batchStudio.prices`. */
  prices: PriceOverrides;
}

export const DEFAULT_VALIDATION_SETTINGS: Readonly<ValidationSettings> = {
  delayMs: SETTINGS['batchStudio.validation.delayMs'].default,
  maxProblems: SETTINGS['batchStudio.validation.maxProblems'].default,
  detection: SETTINGS['batchStudio.validation.detection'].default,
  severity: SETTINGS['batchStudio.validation.severity'].default,
  provider: validationProvider(SETTINGS['batchStudio.validation.provider'].default, SETTINGS['batchStudio.api.provider'].default),
};

export const DEFAULT_SETTINGS: Readonly<BatchStudioSettings> = { validation: DEFAULT_VALIDATION_SETTINGS, models: [], prices: {} };

/** The provider's default Azure OpenAI `api-version`. */
export const DEFAULT_AZURE_API_VERSION: string = SETTINGS['batchStudio.azure.apiVersion'].default;

/** Validation settings as a client sent them (any JSON), each value checked and defaulted;
 *  `apiProvider`: `batchStudio.api.provider`, which an `auto` provider follows. */
export function normalizeValidationSettings(raw: unknown, apiProvider?: unknown): ValidationSettings {
  const validation = (raw !== null && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ValidationSettings, unknown>>;
  const defaults = DEFAULT_VALIDATION_SETTINGS;
  const delayMs = Number(validation.delayMs);
  const maxProblems = Number(validation.maxProblems);
  const detection = validation.detection;
  const severity = validation.severity;
  const provider = validation.provider;
  return {
    delayMs: Number.isFinite(delayMs) && delayMs >= SETTINGS['batchStudio.validation.delayMs'].minimum ? delayMs : defaults.delayMs,
    maxProblems:
      Number.isFinite(maxProblems) && maxProblems >= SETTINGS['batchStudio.validation.maxProblems'].minimum
        ? Math.floor(maxProblems)
        : defaults.maxProblems,
    detection: isDetection(detection) ? detection : defaults.detection,
    severity: severity && typeof severity === 'object' ? (severity as Record<string, string>) : defaults.severity,
    provider: validationProvider(provider, apiProvider),
  };
}

/** The provider whose rules apply: the validation setting's, or for `auto` (and anything else) the
 *  connection's, else OpenAI's. */
export function validationProvider(setting: unknown, apiProvider: unknown): Provider {
  if (isProvider(setting)) return setting;
  return isProvider(apiProvider) ? apiProvider : 'openai';
}

/** `batchStudio.models` as a client sent it: its non-empty strings, trimmed, each once. */
export function normalizeModels(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const names = raw.filter((name): name is string => typeof name === 'string').map((name) => name.trim());
  return [...new Set(names)].filter((name) => name !== '');
}

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

export function isDetection(value: unknown): value is BatchDetection {
  return typeof value === 'string' && (DETECTION_MODES as readonly string[]).includes(value);
}
