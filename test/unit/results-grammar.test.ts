import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INITIAL, type IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { renderResults } from '../../client/src/results/resultsTable';
import type { ResultRow } from '../../common/src/results';

const grammarFile = path.resolve(__dirname, '../../../syntaxes/batch-results.tmLanguage.json');

const row = (partial: Partial<ResultRow> & Pick<ResultRow, 'customId' | 'status'>): ResultRow => ({
  line: 0,
  statusCode: null,
  error: null,
  prompt: 'A prompt',
  reply: '',
  tokens: null,
  result: null,
  ...partial,
});

describe('results view colours', () => {
  let grammar: IGrammar;
  before(async () => {
    await loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new OnigScanner(patterns),
        createOnigString: (text) => new OnigString(text),
      }),
      loadGrammar: (scopeName) =>
        Promise.resolve(scopeName === 'text.batch-results' ? parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile) : null),
    });
    const loaded = await registry.loadGrammar('text.batch-results');
    assert.ok(loaded);
    grammar = loaded;
  });

  /** The scope (the last one) of each token with a scope of its own, by its text. */
  function scopes(line: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const token of grammar.tokenizeLine(line, INITIAL).tokens) {
      const scope = token.scopes[token.scopes.length - 1];
      if (scope !== 'text.batch-results') found[line.slice(token.startIndex, token.endIndex)] = scope;
    }
    return found;
  }

  it('succeeded green, failed red, not run dimmed, line numbers as numbers, the header apart', () => {
    const { text } = renderResults(
      {
        inputUri: 'file:///run.jsonl',
        resultUris: ['file:///run.output.jsonl'],
        rows: [
          row({
            line: 0,
            customId: 'a',
            status: 'succeeded',
            statusCode: 200,
            reply: 'Fine  spaced',
            tokens: { input: 1, output: 1, total: 1234 },
          }),
          row({ line: 1233, customId: 'b', status: 'failed', statusCode: 429, error: 'rate_limit_exceeded' }),
          row({ line: 2, customId: 'c', status: 'not run' }),
        ],
        totals: {
          requests: 3,
          succeeded: 1,
          failed: 1,
          notRun: 1,
          unmatched: 0,
          tokens: { input: 1, output: 1, total: 2 },
          unreadableLines: 0,
        },
      },
      { failuresOnly: false, nameOf: (uri) => uri.slice(uri.lastIndexOf('/') + 1), locale: 'en-US' },
    );
    const lines = text.split('\n');
    assert.deepEqual(scopes(lines[0]), { 'Results of run.jsonl': 'markup.heading.batch-results' });
    assert.deepEqual(scopes(lines[2]), { 'From run.output.jsonl': 'comment.line.batch-results' });
    assert.equal(Object.values(scopes(lines[5]))[0], 'markup.heading.columns.batch-results');
    assert.deepEqual(scopes(lines[6]), { '1': 'constant.numeric.line.batch-results', '✓ 200': 'markup.inserted.succeeded.batch-results' });
    assert.deepEqual(scopes(lines[7]), {
      '1,234': 'constant.numeric.line.batch-results',
      '✗ 429 rate_limit_exceeded': 'markup.deleted.failed.batch-results',
    });
    assert.deepEqual(scopes(lines[8]), { '3': 'constant.numeric.line.batch-results', '· not run': 'comment.not-run.batch-results' });
  });
});
