/** The tokenizer encodings, loaded when a count first needs one (about 0.35 s for o200k_base,
 *  0.2 s for cl100k_base, once per process). The build (scripts/encodings.js) writes
 *  gpt-tokenizer's merge ranks beside the bundle as brotli-compressed JSON
 *  (server/out/encodings/NAME.json.br), about a quarter smaller in the package than the
 *  package's own JavaScript modules, and never parsed by a process that counts nothing. */
import type { RawBytePairRanks } from 'gpt-tokenizer/BytePairEncodingCore';
import { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CounterOf, EncodingName, TextCounter } from './core/cost';

/** Where the build puts the encodings: beside the bundle (server.js, cli.js). */
export const ENCODINGS_DIR = path.join(__dirname, 'encodings');

/** Text in a request is text: `<|endoftext|>` in a prompt is counted as the characters it is, as
 *  the API reads it, never refused. */
const SPECIAL_TOKENS_AS_TEXT = { disallowedSpecial: new Set<string>() };

/** A counter per encoding, each loaded from `dir` on first use and kept. */
export function tokenizer(dir: string = ENCODINGS_DIR): CounterOf {
  const loaded = new Map<EncodingName, TextCounter>();
  return (name) => {
    let counter = loaded.get(name);
    if (!counter) {
      counter = load(dir, name);
      loaded.set(name, counter);
    }
    return counter;
  };
}

function load(dir: string, name: EncodingName): TextCounter {
  const file = path.join(dir, `${name}.json.br`);
  const ranks = JSON.parse(zlib.brotliDecompressSync(fs.readFileSync(file)).toString('utf8')) as RawBytePairRanks;
  const encoding = GptEncoding.getEncodingApi(name, () => ranks);
  return (text) => encoding.countTokens(text, SPECIAL_TOKENS_AS_TEXT);
}
