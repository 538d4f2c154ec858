/** Token counts and cost over LSP: the built server sends each open batch file's status again with
 *  its tokens and estimated cost once counted, always after that version's diagnostics; an edit
 *  is counted afresh (and never waits for a count under way); batchStudio.prices overrides the
 *  table; batchStudio/estimateCost answers for open documents and files on disk. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BatchCost } from '../../common/src/cost';
import { type BatchStatusParams, EstimateCostRequest } from '../../common/src/protocol';
import { COUNT_AFTER_QUIET_MS } from '../../server/src/costService';
import { TestClient } from '../helpers/lspClient';
import { requestLine } from '../helpers/requests';

/** One user message "hello world" is (3 + 1 + 2) + 3 = 9 input tokens for gpt-4o-mini. */
const hello = (id: string, content = 'hello world') =>
  requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], max_completion_tokens: 100 });
const FILE = `${hello('r1')}\n${hello('r2')}\n`;

const withCost = (status: BatchStatusParams): status is BatchStatusParams & { cost: BatchCost } => status.cost !== undefined;

describe('token counts and cost over LSP', function () {
  this.timeout(30_000);
  let client: TestClient | undefined;
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-cost-'));
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("sends the status again with the tokens and cost once counted, after that version's diagnostics", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///cost/chat-batch.jsonl';
    client.open(uri, FILE);
    const counted = await client.waitForStatus(uri, withCost);
    assert.deepEqual(counted.cost, {
      encoding: 'o200k_base',
      inputTokens: 18,
      maxOutputTokens: 200,
      uncountedParts: 0,
      // gpt-4o-mini at $0.075 / $0.30 per 1M tokens.
      estimatedCostUsd: { input: 0.00000135, output: 0.00006, total: 0.00006135 },
      priceSource: 'table',
      pricesDate: counted.cost?.pricesDate,
    });
    const statuses = client.statusLog.filter((s) => s.uri === uri);
    assert.equal(statuses[0].cost, undefined, 'the first status, with the diagnostics, does not wait for the count');
    const diagnostics = client.published.find((p) => p.uri === uri);
    assert.ok(diagnostics && diagnostics.at <= statuses.find(withCost)!.at, 'diagnostics first');
  });

  it('counts an edit afresh, after its diagnostics', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///cost/edited-batch.jsonl';
    client.open(uri, FILE);
    await client.waitForStatus(uri, withCost);
    // "hello world" → "hello world hello world": 2 more tokens on line 2.
    client.change(
      uri,
      { start: { line: 1, character: FILE.indexOf('hello world') + 11 }, end: { line: 1, character: FILE.indexOf('hello world') + 11 } },
      ' hello world',
    );
    const counted = await client.waitForStatus(uri, (s) => s.cost?.inputTokens !== 18 && s.cost !== undefined);
    assert.equal(counted.cost?.inputTokens, 20);
    const version2 = client.published.find((p) => p.uri === uri && p.version === 2);
    assert.ok(version2, 'diagnostics of the edit were published');
    assert.ok(version2.at <= client.statusLog.find((s) => s.cost?.inputTokens === 20)!.at, 'diagnostics first');
  });

  it('never makes an edit wait for a large count under way, and counts only the version that is current', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    // Load the encoding first (once per server, a few hundred milliseconds).
    client.open('file:///cost/small-batch.jsonl', FILE);
    await client.waitForStatus('file:///cost/small-batch.jsonl', withCost);

    // 4,000 requests of distinct words: counting takes a second or more.
    const lines = Array.from({ length: 4000 }, (_, i) =>
      hello(`r${i}`, Array.from({ length: 250 }, (_, j) => `w${(i * 7919 + j * 104729) % 1000003}x`).join(' ')),
    );
    const text = lines.join('\n') + '\n';
    const uri = 'file:///cost/large-batch.jsonl';
    const opened = performance.now();
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (_, version) => version === 1, 20_000);
    // The count starts once the document has been quiet for a moment (COUNT_AFTER_QUIET_MS): edit
    // while it runs.
    await new Promise((resolve) => setTimeout(resolve, COUNT_AFTER_QUIET_MS + 150));
    const edited = performance.now();
    client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0].length + 1 } }, '');
    await client.waitForDiagnostics(uri, (_, version) => version === 2, 20_000);
    const editMs = performance.now() - edited;
    const counted = await client.waitForStatus(uri, withCost);
    const countMs = performance.now() - opened;
    assert.ok(countMs > 600, `the count is long enough to matter (${countMs.toFixed(0)} ms)`);
    assert.ok(editMs < 250, `the edit's diagnostics came in ${editMs.toFixed(0)} ms, while the count took ${countMs.toFixed(0)} ms`);
    assert.equal(counted.requests, 3999);
    assert.equal(
      client.statusLog.filter((s) => s.uri === uri && s.cost !== undefined).length,
      1,
      'the count of the first version was abandoned: one estimate, of the document as edited',
    );
  });

  it('prices with batchStudio.prices over the table, and again when the setting changes', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 }, prices: { 'gpt-4o-mini': { input: 1, output: 2 } } } });
    const uri = 'file:///cost/priced-batch.jsonl';
    client.open(uri, FILE);
    const counted = await client.waitForStatus(uri, withCost);
    assert.deepEqual(
      [counted.cost?.priceSource, counted.cost?.estimatedCostUsd],
      ['setting', { input: 0.000018, output: 0.0004, total: 0.000418 }],
    );
    client.settings = { validation: { delayMs: 0 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const repriced = await client.waitForStatus(uri, (s) => s.cost?.priceSource === 'table');
    assert.equal(repriced.cost?.estimatedCostUsd.input, 0.00000135);
  });

  it('answers batchStudio/estimateCost for an open document and for a file on disk', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const file = path.join(dir, 'on-disk-batch.jsonl');
    fs.writeFileSync(file, `${FILE}${hello('r3')}\n`);
    const uri = pathToFileURL(file).toString();
    const fromDisk = await client.connection.sendRequest(EstimateCostRequest.type, { uri });
    assert.deepEqual([fromDisk?.inputTokens, fromDisk?.maxOutputTokens], [27, 300], 'three requests, read from disk');

    client.open(uri, FILE);
    const fromDocument = await client.connection.sendRequest(EstimateCostRequest.type, { uri });
    assert.deepEqual([fromDocument?.inputTokens, fromDocument?.maxOutputTokens], [18, 200], 'the open document as it is, not the file');

    const notBatch = path.join(dir, 'training-data.jsonl');
    fs.writeFileSync(notBatch, '{"messages": [{"role": "user", "content": "hello world"}]}\n');
    client.settingsByUri.set(pathToFileURL(notBatch).toString(), { validation: { detection: 'auto' } });
    assert.equal(
      await client.connection.sendRequest(EstimateCostRequest.type, { uri: pathToFileURL(notBatch).toString() }),
      null,
      'not a batch file',
    );

    await assert.rejects(
      client.connection.sendRequest(EstimateCostRequest.type, { uri: pathToFileURL(path.join(dir, 'missing.jsonl')).toString() }),
      /ENOENT|no such file/,
    );
    await assert.rejects(
      client.connection.sendRequest(EstimateCostRequest.type, { uri: 'untitled:Untitled-1' }),
      /only file: URIs can be read from disk/,
    );
  });
});
