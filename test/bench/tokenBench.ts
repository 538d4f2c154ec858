/** `npm run bench`'s token counting rows: counting every request of the benchmark file with a cold
 *  cache (the first count after opening it, or `batch-studio stats`), and counting it again after
 *  a one-line edit, as the language server does (each line's count kept by its text). */
import * as path from 'node:path';
import { BatchDocument } from '../../server/src/core';
import { DocumentCosts } from '../../server/src/documentCosts';
import { tokenizer } from '../../server/src/tokenizer';

export interface TokenBench {
  loadMs: number;
  coldMs: number;
  inputTokens: number;
  recountMs: number;
}

/** This file runs from test/out/bench; `npm run build` writes the encodings. */
const ENCODINGS = path.resolve(__dirname, '../../../server/out/encodings');

export async function tokenBench(text: string): Promise<TokenBench> {
  const counterOf = tokenizer(ENCODINGS);
  let started = performance.now();
  counterOf('o200k_base');
  const loadMs = performance.now() - started;

  const document = new BatchDocument(text);
  const costs = new DocumentCosts(counterOf);
  started = performance.now();
  const cold = await costs.count('bench', document, () => true, 'gpt-4o-mini', {});
  const coldMs = performance.now() - started;
  if (!cold) throw new Error('the count was abandoned');

  const line = 1234;
  const at = (document.lineText(line) ?? '').indexOf('"content":"') + 12;
  document.applyEdit({ range: { start: { line, character: at }, end: { line, character: at } }, text: 'x' });
  started = performance.now();
  await costs.count('bench', document, () => true, 'gpt-4o-mini', {});
  const recountMs = performance.now() - started;
  return { loadMs, coldMs, inputTokens: cold.inputTokens, recountMs };
}
