/** What differs between the services a batch file may be meant for: the urls a line may name and
 *  the file limits. A line is analysed once for every provider (its facts name its url, and its
 *  body is checked against the endpoint the url names in either's form); the model applies the
 *  chosen provider's rules when it reports, so changing the provider re-analyses no line. */
import type { Provider } from '../../../common/src/settings';
import { quote } from './describe';
import type { FixData } from './diagnostic';
import { BATCH_ENDPOINTS, type BatchEndpoint, isBatchEndpoint } from './endpoints';
import { type BatchLimits, MAX_REQUESTS_PER_FILE } from './limits';
import { closestMatch } from './suggest';

export type { Provider };

/** Azure OpenAI's batch urls without /v1 (its documented form, e.g. `/chat/completions`), each
 *  with the endpoint whose body it takes. */
const AZURE_SHORT_URLS: ReadonlyMap<string, BatchEndpoint> = new Map<string, BatchEndpoint>([
  ['/chat/completions', '/v1/chat/completions'],
  ['/embeddings', '/v1/embeddings'],
  ['/responses', '/v1/responses'],
]);

/** The urls an Azure OpenAI batch file may name: the short forms and their /v1 forms. */
export const AZURE_BATCH_URLS: readonly string[] = [...AZURE_SHORT_URLS.keys(), ...AZURE_SHORT_URLS.values()];
const azureUrls: ReadonlySet<string> = new Set(AZURE_BATCH_URLS);

/** Azure OpenAI's limit on requests per batch file (global batch); its file size limit is OpenAI's. */
export const AZURE_MAX_REQUESTS_PER_FILE = 100_000;

/** The endpoint whose body schema a url's body follows: the url itself when it is a batch
 *  endpoint, the /v1 endpoint for Azure's short form; undefined for a url no provider runs. */
export function schemaEndpointOf(url: unknown): BatchEndpoint | undefined {
  if (typeof url !== 'string') return undefined;
  return isBatchEndpoint(url) ? url : AZURE_SHORT_URLS.get(url);
}

/** True when the provider runs batches to this url. */
export function acceptsUrl(provider: Provider, url: unknown): boolean {
  return provider === 'azure' ? typeof url === 'string' && azureUrls.has(url) : isBatchEndpoint(url);
}

/** The problem with a url that one provider runs and the chosen one does not (a url no provider
 *  runs is reported by the line analysis itself); undefined when there is none. */
export function providerUrlProblem(url: string, provider: Provider): { message: string; data: FixData } | undefined {
  const endpoint = schemaEndpointOf(url);
  if (endpoint === undefined || acceptsUrl(provider, url)) return undefined;
  if (provider === 'openai') {
    return {
      message: `${quote(url)} is how Azure OpenAI names this endpoint; the OpenAI Batch API needs "${endpoint}". Did you mean "${endpoint}"? (For a file meant for Azure OpenAI, validate with the azure provider: the batchStudio.validation.provider setting, or --provider azure.)`,
      data: { allowed: [...BATCH_ENDPOINTS], replacements: [JSON.stringify(endpoint)] },
    };
  }
  const suggestion = closestMatch(url, AZURE_BATCH_URLS);
  return {
    message: `${quote(url)} is not an endpoint Azure OpenAI runs batches for; use one of ${AZURE_BATCH_URLS.join(', ')}${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
    data: { allowed: [...AZURE_BATCH_URLS], replacements: suggestion ? [JSON.stringify(suggestion)] : [] },
  };
}

/** The limits a file is checked against under a provider: the given ones, with Azure's request
 *  limit in place of OpenAI's default. */
export function providerLimits(limits: Readonly<BatchLimits>, provider: Provider): Readonly<BatchLimits> {
  if (provider !== 'azure' || limits.requestsPerFile !== MAX_REQUESTS_PER_FILE) return limits;
  return { ...limits, requestsPerFile: AZURE_MAX_REQUESTS_PER_FILE };
}

/** Who sets the limits, for messages: "a batch" or "an Azure OpenAI batch". */
export function batchOf(provider: Provider): string {
  return provider === 'azure' ? 'an Azure OpenAI batch' : 'a batch';
}
