/** Which kind of request a batch line's url asks for, as far as its tokens go. */

export type EndpointKind = 'chat' | 'responses' | 'embeddings' | 'completions' | 'moderations' | 'images';

/** By the url's last segments, so `/v1/chat/completions`, Azure OpenAI's `/chat/completions` and a
 *  full URL (reported, but still countable) read alike. Chat comes before completions. */
const KINDS: readonly [RegExp, EndpointKind][] = [
  [/\/chat\/completions$/, 'chat'],
  [/\/responses$/, 'responses'],
  [/\/embeddings$/, 'embeddings'],
  [/\/completions$/, 'completions'],
  [/\/moderations$/, 'moderations'],
  [/\/images\/(generations|edits)$/, 'images'],
];

export function endpointKind(url: string): EndpointKind | undefined {
  const path = url.split('?')[0].replace(/\/+$/, '');
  return KINDS.find(([pattern]) => pattern.test(path))?.[1];
}
