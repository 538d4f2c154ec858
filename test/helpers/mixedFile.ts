/** Batch files as bytes with a bit of everything a reader can get wrong, for comparing ways of
 *  reading and analysing them (threads, range sizes, the old text reader): valid requests of each
 *  endpoint, broken JSON, blank and whitespace lines, every line break (\n, \r\n, a lone \r, one at
 *  the very end), a byte order mark, bytes that are not UTF-8 (also cut by a line break), U+FFFD
 *  itself, non-ASCII text and \u escapes in ids, models, keys and values, duplicate ids, other
 *  models and endpoints, embeddings over the limits, deep nesting and lines past the thorough
 *  limit. Seeded, so a failure can be replayed. */
import { bodyMakers, chatLineOfSize, defaultModels, type Random, requestLine, seededRandom } from './requests';

const ENDPOINTS = Object.keys(bodyMakers);
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];
const NON_ASCII = ['é', '日本', '😀', 'ſ', '\u00a0', 'Ω', '\u2028'];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** One line's bytes (without its line break). */
function line(random: Random, n: number): Buffer {
  const id = () =>
    random() < 0.1 ? `dup-${Math.floor(random() * 5)}` : random() < 0.05 ? `id-${pick(random, NON_ASCII)}-${n}` : `request-${n}`;
  const url = random() < 0.9 ? '/v1/chat/completions' : pick(random, [...ENDPOINTS, '/v1/chat/completion', 'v1/embeddings']);
  const model = () =>
    random() < 0.9 ? (defaultModels[url] ?? 'gpt-4o-mini') : pick(random, ['gpt-4o', `gpt-${pick(random, NON_ASCII)}`, 'gpt-4o-mini']);
  const body = () => (bodyMakers[url] ?? bodyMakers['/v1/chat/completions'])(random, model());
  const text = (value: string) => Buffer.from(value, 'utf8');
  const kind = random();
  if (kind < 0.45) return text(requestLine(id(), url, body()));
  if (kind < 0.5) return text(chatLineOfSize(id(), 200 + Math.floor(random() * 4000), random));
  if (kind < 0.53) return text(pick(random, ['', '   ', '\t', '\u00a0', ' \u3000 ']));
  if (kind < 0.57) return text(requestLine(id(), url, body()).slice(0, 10 + Math.floor(random() * 60)));
  if (kind < 0.6) return text(requestLine(id(), url, body()).replace(/}$/, ',}'));
  if (kind < 0.64) {
    // Bytes that are not UTF-8: a lone Latin-1 byte, a cut sequence, a surrogate, an overlong form.
    const bad = pick(random, [[0xe9], [0xe6, 0x97], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xff], [0xf0, 0x9f, 0x98]]);
    const json = requestLine(id(), url, { ...body(), metadata: { note: 'caf' } });
    const at = json.indexOf('caf') + 3;
    return Buffer.concat([text(json.slice(0, at)), Buffer.from(bad), text(json.slice(at))]);
  }
  if (kind < 0.66) return text(requestLine(id(), url, { ...body(), metadata: { note: 'replacement \uFFFD kept' } }));
  if (kind < 0.7)
    return text(
      requestLine(id(), url, {
        ...body(),
        metadata: { [`k${pick(random, NON_ASCII)}`]: pick(random, NON_ASCII).repeat(1 + Math.floor(random() * 600)) },
      }),
    );
  if (kind < 0.72)
    return text(
      JSON.stringify({ custom_id: id(), method: 'POST', url, body: body() })
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replace('"custom_id"', '"custom\\u005fid"'),
    );
  if (kind < 0.74) {
    const tools = [{ type: 'function', function: { name: `lookup_${pick(random, NON_ASCII)}`, parameters: { type: 'object' } } }];
    return text(requestLine(id(), '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], tools }));
  }
  if (kind < 0.76)
    return text(
      requestLine(id(), '/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: Array.from({ length: 2049 + Math.floor(random() * 3) }, (_, i) => `x${i}`),
      }),
    );
  if (kind < 0.77)
    return text(
      `{"custom_id": "${id()}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": ${'['.repeat(3000)}${']'.repeat(3000)}}}`,
    );
  if (kind < 0.78)
    return text(
      requestLine(id(), '/v1/chat/completions', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'x'.repeat(70_000) }],
        temprature: 1,
        stream: true,
      }),
    );
  if (kind < 0.8)
    return text(`  ${JSON.stringify({ custom_id: id(), method: 'post', url, body: { ...body(), stream: true, temprature: 0.5 } })}  `);
  if (kind < 0.82) return text(JSON.stringify(pick(random, [[1, 2], 'text', 42, null, { messages: [] }])));
  if (kind < 0.84) return text(`\uFEFF${requestLine(id(), url, body())}`);
  if (kind < 0.86) return text(requestLine(id(), url, { ...body(), model: 5, messages: 'none' }));
  return text(requestLine(id(), url, body()));
}

/** About `bytes` bytes of lines, each ended by one of the breaks (the last maybe not). */
export function mixedBatchFile(seed: number, bytes: number): Buffer {
  const random = seededRandom(seed);
  const parts: Buffer[] = [];
  let size = 0;
  if (random() < 0.5) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  for (let n = 1; size < bytes; n++) {
    const text = line(random, n);
    const eol = Buffer.from(pick(random, BREAKS));
    parts.push(text, eol);
    size += text.length + eol.length;
  }
  if (random() < 0.3)
    parts.pop(); // no break after the last line
  else if (random() < 0.2) parts.push(Buffer.from('\r'));
  return Buffer.concat(parts);
}
