import type { BatchEndpoint } from './endpoints';

/** One line per batch endpoint, for completion items and the New Batch File pick. */
export const ENDPOINT_DESCRIPTIONS: Readonly<Record<BatchEndpoint, string>> = {
  '/v1/responses': 'Responses: a model reply to text, image or file input, with tools; the newest API for text generation.',
  '/v1/chat/completions': 'Chat Completions: the next assistant message of a conversation of role-tagged messages.',
  '/v1/embeddings': 'Embeddings: a vector for each input text, for search, clustering and classification.',
  '/v1/completions': 'Completions (legacy): continues a text prompt, with instruct models such as gpt-3.5-turbo-instruct.',
  '/v1/moderations': 'Moderations: flags text and images that may be harmful, by category.',
  '/v1/images/generations': 'Image generation: images from a text prompt.',
  '/v1/images/edits': 'Image edits: edits or extends images, given by URL or file id, following a prompt.',
  '/v1/videos': 'Videos: a video from a text prompt (Batch Studio checks only the request row, not the body).',
};
