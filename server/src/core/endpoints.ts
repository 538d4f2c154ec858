/** The endpoints a batch may target, in the order the spec lists them. */
export const BATCH_ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
] as const;

export type BatchEndpoint = (typeof BATCH_ENDPOINTS)[number];

const endpointSet: ReadonlySet<string> = new Set(BATCH_ENDPOINTS);

export function isBatchEndpoint(url: unknown): url is BatchEndpoint {
  return typeof url === 'string' && endpointSet.has(url);
}

export const EMBEDDINGS_ENDPOINT: BatchEndpoint = '/v1/embeddings';
