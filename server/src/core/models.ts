/** The models each endpoint accepts, as far as Batch Studio knows them (schemas/models.json, from
 *  the official spec) plus the user's own names (`batchStudio.models`): a hint for completion and
 *  hover, never a check, since fine-tunes and deployments have names no list holds. */
import modelData from '../../../schemas/models.json';
import { BATCH_ENDPOINTS } from './endpoints';
import type { Provider } from './providers';

interface EndpointModels {
  suggested: string;
  models: readonly string[];
}

const byEndpoint = modelData.endpoints as Record<string, EndpointModels | undefined>;

/** Where the list comes from, for hovers: "the OpenAI API description 2.3.0, as of 2026-11-30". */
export const MODEL_LIST_SOURCE = `the OpenAI API description ${modelData.specVersion}, as of ${modelData.updated}`;

/** The models the spec names for an endpoint (every endpoint's, without one), newest first. */
export function knownModels(endpoint: string | null | undefined): readonly string[] {
  const entry = endpoint ? byEndpoint[endpoint] : undefined;
  if (entry) return entry.models;
  return [...new Set(BATCH_ENDPOINTS.flatMap((e) => byEndpoint[e]?.models ?? []))];
}

/** The model a new request to the endpoint starts with: the spec's example. */
export function suggestedModel(endpoint: string): string | undefined {
  return byEndpoint[endpoint]?.suggested;
}

export interface ModelChoice {
  name: string;
  /** Why it is offered. */
  origin: 'file' | 'setting' | 'known';
}

/** The names to offer for `body.model`, each once: the file's model, the user's, then the known ones. */
export function modelChoices(
  endpoint: string | null | undefined,
  fileModel: string | null | undefined,
  userModels: readonly string[] = [],
): ModelChoice[] {
  const choices = new Map<string, ModelChoice>();
  const add = (name: string, origin: ModelChoice['origin']) => {
    if (name !== '' && !choices.has(name)) choices.set(name, { name, origin });
  };
  if (fileModel) add(fileModel, 'file');
  for (const name of userModels) add(name, 'setting');
  for (const name of knownModels(endpoint)) add(name, 'known');
  return [...choices.values()];
}

/** One line on a model for hovers and completion items; on Azure OpenAI, `model` names a deployment. */
export function describeModel(
  name: string,
  endpoint: string | null | undefined,
  userModels: readonly string[] = [],
  provider: Provider = 'openai',
): string {
  const where = endpoint ?? 'a batch endpoint';
  if (userModels.includes(name)) return `\`${name}\` is one of your models (the \`batchStudio.models\` setting).`;
  if (provider === 'azure')
    return `On Azure OpenAI, \`${name}\` is the name of your batch deployment (Global Batch or Data Zone Batch): any name you gave it.`;
  if (knownModels(endpoint).includes(name)) return `\`${name}\` is a model ${where} accepts (${MODEL_LIST_SOURCE}).`;
  return `\`${name}\` is not among the models Batch Studio knows for ${where}: fine for a fine-tune, a deployment or a newer model. Add it to the \`batchStudio.models\` setting to have it offered.`;
}
