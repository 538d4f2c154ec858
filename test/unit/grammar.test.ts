import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';

const root = path.resolve(__dirname, '../../..');
const injection = path.join(root, 'syntaxes/batch-keys.injection.tmLanguage.json');
/** VS Code's own JSON Lines grammar, from the newest code-server that `npm test` installs first
 *  (scripts/e2e/setup.sh). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const e2eTools = require(path.join(root, 'scripts/e2e/lib.js')) as { builtinExtensionFile(relative: string): string };
const builtIn = e2eTools.builtinExtensionFile('json/syntaxes/JSONL.tmLanguage.json');

describe('batch key colours', () => {
  let registry: Registry;
  before(async () => {
    assert.ok(
      fs.existsSync(builtIn),
      `VS Code's JSON Lines grammar is missing (${builtIn}): run \`bash scripts/e2e/setup.sh\`, which npm test runs first`,
    );
    await loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
    registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new OnigScanner(patterns),
        createOnigString: (text) => new OnigString(text),
      }),
      loadGrammar: (scopeName) => {
        const file = scopeName === 'source.json.lines' ? builtIn : scopeName === 'batch-studio.keys.injection' ? injection : undefined;
        return Promise.resolve(file ? parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null);
      },
      getInjections: (scopeName) => (scopeName === 'source.json.lines' ? ['batch-studio.keys.injection'] : []),
    });
  });

  /** The scopes of each token, by its text. */
  async function scopesOf(line: string): Promise<Map<string, string[]>> {
    const grammar = await registry.loadGrammar('source.json.lines');
    assert.ok(grammar);
    const { tokens } = grammar.tokenizeLine(line, INITIAL);
    const scopes = new Map<string, string[]>();
    for (const t of tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      if (!scopes.has(text)) scopes.set(text, t.scopes); // the first token with this text
    }
    return scopes;
  }

  it('marks the batch keys, and only those', async () => {
    const scopes = await scopesOf(
      '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "custom_id"}}',
    );
    for (const key of ['custom_id', 'method', 'url', 'body', 'model']) {
      assert.ok(scopes.get(key)?.includes('keyword.control.batch-key.batch-studio'), `${key}: ${JSON.stringify(scopes.get(key))}`);
    }
    assert.ok(!scopes.get('input')?.includes('keyword.control.batch-key.batch-studio'), 'other keys keep the JSON colour');
    assert.ok(scopes.get('input')?.some((s) => s.startsWith('support.type.property-name')));
  });
});
