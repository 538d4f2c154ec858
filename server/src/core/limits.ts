/** The Batch API's documented limits for one input file. */
export const MAX_REQUESTS_PER_FILE = 50_000;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_EMBEDDING_INPUTS_PER_FILE = 50_000;
export const MAX_EMBEDDING_INPUTS_PER_REQUEST = 2048;

/** The limits a file is checked against: the API's unless a caller (a test, a service with other
 *  limits) says otherwise. */
export interface BatchLimits {
  requestsPerFile: number;
  fileBytes: number;
  embeddingInputsPerFile: number;
  embeddingInputsPerRequest: number;
}

export const DEFAULT_LIMITS: Readonly<BatchLimits> = {
  requestsPerFile: MAX_REQUESTS_PER_FILE,
  fileBytes: MAX_FILE_BYTES,
  embeddingInputsPerFile: MAX_EMBEDDING_INPUTS_PER_FILE,
  embeddingInputsPerRequest: MAX_EMBEDDING_INPUTS_PER_REQUEST,
};

/** The default limits with a caller's changes. */
export function batchLimits(overrides?: Partial<BatchLimits>): Readonly<BatchLimits> {
  if (!overrides) return DEFAULT_LIMITS;
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof BatchLimits)[]) {
    const value = overrides[key];
    if (typeof value === 'number' && value >= 0) limits[key] = value;
  }
  return limits;
}
