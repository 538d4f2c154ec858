import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Identifiers shaped like the API's: `file-` + 22 letters/digits, `batch_` + 32 hex digits... */
export const newId = {
  file: () => `file-${alphanumeric(22)}`,
  batch: () => `batch_${hex(16)}`,
  batchRequest: () => `batch_req_${hex(16)}`,
  request: () => `req_${hex(16)}`,
  chatCompletion: () => `chatcmpl-${alphanumeric(29)}`,
  completion: () => `cmpl-${alphanumeric(29)}`,
  response: () => `resp_${hex(24)}`,
  message: () => `msg_${hex(24)}`,
  moderation: () => `modr-${alphanumeric(24)}`,
  video: () => `video_${hex(24)}`,
};
