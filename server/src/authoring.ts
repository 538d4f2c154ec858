/** Answers for writing a batch file (New Batch File, Add Request): the endpoints and models to
 *  pick from, and a new request line for a file. */
import type { AuthoringCatalog, RequestTemplate, RequestTemplateParams } from '../../common/src/protocol';
import {
  BATCH_ENDPOINTS,
  type BatchDocument,
  ENDPOINT_DESCRIPTIONS,
  modelChoices,
  nextCustomId,
  type Provider,
  requestSnippet,
  schemaEndpointOf,
  schemaRegistry,
  suggestedModel,
} from './core';

export function authoringCatalog(document: BatchDocument | undefined, userModels: readonly string[]): AuthoringCatalog {
  const summary = document?.model.summary();
  return {
    endpoints: BATCH_ENDPOINTS.filter((url) => schemaRegistry().bodySchema(url)).map((url) => ({
      url,
      description: ENDPOINT_DESCRIPTIONS[url],
      models: modelChoices(url, null, userModels).map((choice) => choice.name),
      suggestedModel: suggestedModel(url) ?? null,
    })),
    userModels: [...userModels],
    fileEndpoint: summary?.endpoint ?? null,
    fileModel: summary?.model ?? null,
  };
}

/** The params' endpoint and model, else the file's (its provider's: Azure's `/chat/completions`
 *  too); the next id in the file's numbering. */
export function requestTemplate(
  document: BatchDocument | undefined,
  params: RequestTemplateParams,
  provider: Provider = 'openai',
): RequestTemplate | null {
  const model = document?.model;
  const summary = model?.summary(provider);
  const endpoint = params.endpoint ?? summary?.endpoint ?? undefined;
  const modelName = params.model ?? summary?.model ?? undefined;
  if (endpoint === undefined || !schemaEndpointOf(endpoint) || !modelName) return null;
  const customId = nextCustomId(model ? model.customIds() : []);
  return { snippet: requestSnippet({ customId, endpoint, models: [modelName] }), customId, endpoint, model: modelName };
}
