/** Valid batch request lines for tests and the benchmark, varied by a seeded random source so a
 *  failure can be replayed. */

export type Random = () => number;

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const words = [
  'batch',
  'summary',
  'invoice',
  'weather',
  'translate',
  'poem',
  'review',
  'delta',
  'é',
  '日本',
  'quote "x"',
  'tab\tin',
  'line\nbreak',
];
const sentence = (random: Random, n: number) => Array.from({ length: n }, () => pick(random, words)).join(' ');

export type BodyMaker = (random: Random, model: string) => Record<string, unknown>;

export const bodyMakers: Record<string, BodyMaker> = {
  '/v1/chat/completions': (random, model) => {
    const body: Record<string, unknown> = {
      model,
      messages: [
        { role: pick(random, ['system', 'developer']), content: sentence(random, 8) },
        { role: 'user', content: random() < 0.7 ? sentence(random, 20) : [{ type: 'text', text: sentence(random, 5) }] },
      ],
    };
    if (random() < 0.5) body.temperature = Math.round(random() * 200) / 100;
    if (random() < 0.3) body.max_completion_tokens = 1 + Math.floor(random() * 1000);
    if (random() < 0.2) body.response_format = { type: 'json_object' };
    if (random() < 0.2) body.stream = false;
    if (random() < 0.2) body.seed = Math.floor(random() * 1000);
    return body;
  },
  '/v1/embeddings': (random, model) => ({
    model,
    input: random() < 0.5 ? sentence(random, 10) : Array.from({ length: 1 + Math.floor(random() * 5) }, () => sentence(random, 4)),
    ...(random() < 0.3 ? { encoding_format: 'float' } : {}),
  }),
  '/v1/responses': (random, model) => ({
    model,
    input: random() < 0.5 ? sentence(random, 12) : [{ role: 'user', content: sentence(random, 6) }],
    ...(random() < 0.4 ? { instructions: sentence(random, 6) } : {}),
    ...(random() < 0.3 ? { max_output_tokens: 100 + Math.floor(random() * 900) } : {}),
  }),
  '/v1/completions': (random, model) => ({ model, prompt: sentence(random, 10), ...(random() < 0.5 ? { max_tokens: 50 } : {}) }),
  '/v1/moderations': (random, model) => ({
    model,
    input: random() < 0.5 ? sentence(random, 10) : [sentence(random, 3), sentence(random, 3)],
  }),
};

export const defaultModels: Record<string, string> = {
  '/v1/chat/completions': 'gpt-4o-mini',
  '/v1/embeddings': 'text-embedding-3-small',
  '/v1/responses': 'gpt-4.1-mini',
  '/v1/completions': 'gpt-3.5-turbo-instruct',
  '/v1/moderations': 'omni-moderation-latest',
};

export function requestLine(customId: string, url: string, body: Record<string, unknown>): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url, body });
}

/** A valid batch file of `count` requests to one endpoint, one model. */
export function validBatchFile(url: string, count: number, seed = 1, eol = '\n'): string {
  const random = seededRandom(seed);
  const model = defaultModels[url];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(requestLine(`request-${i + 1}`, url, bodyMakers[url](random, model)));
  return lines.join(eol) + eol;
}

/** A chat request whose user message is padded so each line is about `bytes` long. */
export function chatLineOfSize(customId: string, bytes: number, random: Random): string {
  const base = requestLine(customId, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: '' }] });
  let content = '';
  while (base.length + content.length < bytes) content += `${sentence(random, 8)} `;
  return requestLine(customId, '/v1/chat/completions', {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: content.slice(0, Math.max(0, bytes - base.length - 40)) },
    ],
    temperature: 0.2,
    max_completion_tokens: 500,
  });
}
