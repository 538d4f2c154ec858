/** `batch-studio stats`: tokens and the estimated cost per file, as JSON and as a table, and its exit
 *  codes. Token counts are checked by hand: "hello world" is 2 tokens and "user" 1, so a chat
 *  request of one user message "hello world" is (3 + 1 + 2) + 3 = 9 input tokens. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requestLine } from '../helpers/requests';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');

function stats(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, 'stats', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const hello = (id: string, model: string, extra: Record<string, unknown> = {}) =>
  requestLine(id, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hello world' }], ...extra });

interface Report {
  file: string;
  requests: number;
  endpoint: string | null;
  model: string | null;
  inputTokens: number;
  maxOutputTokens: number | null;
  estimatedCostUsd: { input: number | null; output: number | null; total: number | null };
  errors: number;
}

describe('command-line stats', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-stats-'));
    const write = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
    write('capped.jsonl', [
      hello('r1', 'gpt-4o-mini', { max_completion_tokens: 100 }),
      hello('r2', 'gpt-4o-mini', { max_completion_tokens: 100 }),
    ]);
    write('uncapped.jsonl', [hello('r1', 'gpt-4o-mini', { max_completion_tokens: 100 }), hello('r2', 'gpt-4o-mini')]);
    write('embeddings.jsonl', [
      requestLine('e1', '/v1/embeddings', { model: 'text-embedding-3-small', input: ['hello world', 'This is some text'] }),
    ]);
    write('unpriced.jsonl', [hello('r1', 'ft:gpt-4o-mini-2024-07-18:acme::abc123', { max_tokens: 10 })]);
    write('broken.jsonl', [
      hello('r1', 'gpt-4o-mini', { max_tokens: 10 }),
      hello('r1', 'gpt-4o-mini', { max_tokens: 10 }),
      '{"custom_id": ',
    ]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints each file as JSON: requests, endpoint, model, tokens and the estimate at batch prices', () => {
    const { code, stdout, stderr } = stats(['--format', 'json', 'capped.jsonl', 'embeddings.jsonl'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const reports = JSON.parse(stdout) as Report[];
    assert.deepEqual(
      reports.map(({ file, requests, endpoint, model, inputTokens, maxOutputTokens, estimatedCostUsd }) => ({
        file,
        requests,
        endpoint,
        model,
        inputTokens,
        maxOutputTokens,
        estimatedCostUsd,
      })),
      [
        // gpt-4o-mini at $0.075 / $0.30 per 1M tokens: 18 in, at most 2 × 100 out.
        {
          file: 'capped.jsonl',
          requests: 2,
          endpoint: '/v1/chat/completions',
          model: 'gpt-4o-mini',
          inputTokens: 18,
          maxOutputTokens: 200,
          estimatedCostUsd: { input: 0.00000135, output: 0.00006, total: 0.00006135 },
        },
        // text-embedding-3-small at $0.01 per 1M: 2 + 4 tokens, no output.
        {
          file: 'embeddings.jsonl',
          requests: 1,
          endpoint: '/v1/embeddings',
          model: 'text-embedding-3-small',
          inputTokens: 6,
          maxOutputTokens: 0,
          estimatedCostUsd: { input: 0.00000006, output: 0, total: 0.00000006 },
        },
      ],
    );
    assert.deepEqual(
      reports.map((r) => [(r as unknown as { encoding: string }).encoding, r.errors]),
      [
        ['o200k_base', 0],
        ['cl100k_base', 0],
      ],
    );
  });

  it('gives no output cost when a request sets no output cap, and no cost for a model with no price', () => {
    const [uncapped, unpriced] = JSON.parse(stats(['--format', 'json', 'uncapped.jsonl', 'unpriced.jsonl'], dir).stdout) as Report[];
    assert.deepEqual([uncapped.maxOutputTokens, uncapped.estimatedCostUsd], [null, { input: 0.00000135, output: null, total: null }]);
    assert.deepEqual(
      [unpriced.inputTokens, unpriced.maxOutputTokens, unpriced.estimatedCostUsd],
      [9, 10, { input: null, output: null, total: null }],
    );
  });

  it('prints a table by default, with a total row for several files', () => {
    const { code, stdout } = stats(['capped.jsonl', 'uncapped.jsonl'], dir);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.match(lines[0], /^file +requests +endpoint +model +input tokens +max output tokens +input +output +total$/);
    assert.match(lines[1], /^capped\.jsonl +2 +\/v1\/chat\/completions +gpt-4o-mini +18 +200 +\$0\.0000013 +\$0\.000060 +\$0\.000061$/);
    assert.match(lines[2], /^uncapped\.jsonl +2 +\/v1\/chat\/completions +gpt-4o-mini +18 +no cap +\$0\.0000013 +no cap +—$/);
    assert.match(lines[3], /^total +4 +— +— +36 +no cap +\$0\.0000027 +no cap +—$/);
    assert.equal(lines[0].length, lines[1].length, 'the columns line up');
    assert.match(stdout, /at Batch API prices of \d{4}-\d{2}/);
  });

  it('exits 1 for a file with errors, counting what it can, and says to lint it', () => {
    const { code, stdout } = stats(['broken.jsonl'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^broken\.jsonl +3 +\/v1\/chat\/completions +gpt-4o-mini +18 +20 /m);
    assert.match(stdout, /broken\.jsonl: 2 errors; the Batch API would reject the file \(batch-studio lint shows them\)\./);
    const [report] = JSON.parse(stats(['--format', 'json', 'broken.jsonl'], dir).stdout) as Report[];
    assert.equal(report.errors, 2);
  });

  it('exits 2 for a file it cannot read, and for usage problems', () => {
    const missing = stats(['capped.jsonl', 'missing.jsonl'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.jsonl: no such file/);
    assert.match(missing.stdout, /^capped\.jsonl /m, 'the files it could read are still reported');
    for (const args of [[], ['--format', 'xml', 'capped.jsonl'], ['--frmat', 'json', 'capped.jsonl']]) {
      const usage = stats(args, dir);
      assert.equal(usage.code, 2, args.join(' '));
      assert.match(usage.stderr, /usage: batch-studio stats/);
    }
  });
});
