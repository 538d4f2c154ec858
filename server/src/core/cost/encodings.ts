/** Which tokenizer encoding a model reads its input with, as OpenAI's tiktoken maps model names. */

/** The two encodings current and recent models use (Batch Studio ships these two). */
export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/** GPT-4 (gpt-4, gpt-4-turbo, gpt-4-0613, ...), GPT-3.5, the embedding models text-embedding-3-*
 *  and ada-002, and the base models davinci-002 and babbage-002. Not gpt-4o, gpt-4.1 or gpt-4.5. */
const CL100K = /^(gpt-4(-|$)|gpt-3\.5|text-embedding-3-|text-embedding-ada-002|davinci-002|babbage-002)/;

/** `cl100k_base` for the older models above; `o200k_base` for GPT-4o, GPT-4.1, GPT-4.5, GPT-5, the
 *  o-series, and any model not known (newer models use it). A fine-tune
 *  (`ft:gpt-4o-mini-2024-07-18:org::id`) reads with its base model's encoding. */
export function encodingOf(model: string | undefined): EncodingName {
  if (model === undefined) return 'o200k_base';
  const base = model.startsWith('ft:') ? model.slice(3).split(':')[0] : model;
  return CL100K.test(base) ? 'cl100k_base' : 'o200k_base';
}
