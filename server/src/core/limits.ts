/** The Batch API's documented limits for one input file. */
export const MAX_REQUESTS_PER_FILE = 50_000;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_EMBEDDING_INPUTS_PER_FILE = 50_000;
export const MAX_EMBEDDING_INPUTS_PER_REQUEST = 2048;
