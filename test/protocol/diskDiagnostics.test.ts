// Files the client does not sync (VS Code hands extensions no file over 50 MB), listed in
// batchStudio/diskFiles: the server validates them from disk, streamed through the CLI's entry, one
// at a time, with work-done progress; publishes their problems and status, then counts their
// tokens and sends the status again with the cost; validates them again
// when workspace/didChangeWatchedFiles says they changed; and leaves a file the client syncs to its
// document. All over stdio, against the built server.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, FileChangeType } from 'vscode-languageserver-protocol';
import type { BatchCost } from '../../common/src/cost';
import {
  type BatchStatusParams,
  BatchStatusRequest,
  DiskFilesNotification,
  type DiskFilesParams,
  EstimateCostRequest,
  ValidateFileRequest,
} from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { chatLineOfSize, requestLine, seededRandom } from '../helpers/requests';

/** This file runs from test/out/protocol. */
const CLI = path.resolve(__dirname, '../../../server/out/cli.js');

const chat = (id: string) => requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
const BROKEN = '{"custom_id": "broken", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini"';

/** A batch file over VS Code's 50 MB: 52,000 requests of about 1.2 KB (past the 50,000 allowed),
 *  one line near the end cut short. */
const BIG_REQUESTS = 52_000;
/** The API's limit: the request after it (0-based: this line) is one too many. */
const API_LIMIT = 50_000;
const BIG_BROKEN_LINE = 51_990; // 0-based
function writeBigFile(file: string): void {
  const random = seededRandom(11);
  const out = fs.openSync(file, 'w');
  try {
    let chunk: string[] = [];
    for (let i = 0; i < BIG_REQUESTS; i++) {
      chunk.push(i === BIG_BROKEN_LINE ? BROKEN : chatLineOfSize(`request-${i + 1}`, 1200, random));
      if (chunk.length === 1000) {
        fs.writeSync(out, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    fs.writeSync(out, chunk.join('\n') + (chunk.length > 0 ? '\n' : ''));
  } finally {
    fs.closeSync(out);
  }
}

/** The server's memory now and at its peak, in bytes (Linux: /proc/<pid>/status). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s*(\\d+)`).exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Compared on one thread: whether workers take ranges depends on how busy the machine is. */
const ONE_THREAD = { BATCH_STUDIO_WORKERS: '0' };

/** The CLI's peak memory on one thread running `command` (lint, stats) on `file`, in bytes: VmHWM
 *  read as it exits. */
function cliPeak(command: 'lint' | 'stats', file: string, probe: string): number {
  const options = command === 'lint' ? ['--max-problems', '1'] : [];
  const result = spawnSync(process.execPath, ['--require', probe, CLI, command, ...options, file], {
    encoding: 'utf8',
    env: { ...process.env, ...ONE_THREAD },
  });
  const kb = /@@peak-rss-kb (\d+)/.exec(result.stderr)?.[1];
  assert.ok(kb !== undefined, `the CLI reported its peak memory: ${result.stderr}`);
  return Number(kb) * 1024;
}

interface Progress {
  token: string | number;
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
}

const MB = 1 << 20;

/** Counting a large file takes a few seconds more than validating it (longer on a busy machine). */
const COUNT_MS = 90_000;

/** A status as the server sent it (without the time it arrived). */
const sent = ({ at: _at, ...status }: BatchStatusParams & { at: number }): BatchStatusParams => status;

const withCost = (status: BatchStatusParams): status is BatchStatusParams & { cost: BatchCost } => status.cost !== undefined;

describe('files validated from disk (batchStudio/diskFiles)', function () {
  this.timeout(120_000);
  let dir: string;
  let client: TestClient;
  let big: { file: string; uri: string };
  /** Every $/progress the server sent, in order. */
  let progress: Progress[];
  let progressWaiters: (() => void)[] = [];

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return { file, uri: pathToFileURL(file).toString() };
  };
  const list = (kind: DiskFilesParams['kind'], ...uris: string[]) =>
    void client.connection.sendNotification(DiskFilesNotification.type, { kind, uris });
  const changed = (uri: string, type: FileChangeType = FileChangeType.Changed) =>
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
  /** Publications for `uri` since `from` (an index into client.published). */
  const publishedFor = (uri: string, from = 0) => client.published.slice(from).filter((p) => p.uri === uri);
  const codesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`);

  /** Resolves once the progress that arrived satisfies `accept`. */
  function waitForProgress(accept: (all: Progress[]) => boolean, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for progress; got ${JSON.stringify(progress)}`)), timeoutMs);
      const check = () => {
        if (!accept(progress)) return void progressWaiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  }

  async function start(env: Record<string, string> = {}): Promise<TestClient> {
    const saved = { ...process.env };
    Object.assign(process.env, env); // the server inherits the environment
    try {
      client = await TestClient.start({ settings: { validation: { delayMs: 0 } }, capabilities: { window: { workDoneProgress: true } } });
    } finally {
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
      Object.assign(process.env, saved);
    }
    progress = [];
    progressWaiters = [];
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    client.connection.onNotification('$/progress', ({ token, value }: { token: string | number; value: Omit<Progress, 'token'> }) => {
      progress.push({ token, ...value });
      for (const waiter of progressWaiters.splice(0)) waiter();
    });
    return client;
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-disk-'));
    big = { file: path.join(dir, 'huge-batch.jsonl'), uri: '' };
    writeBigFile(big.file);
    big.uri = pathToFileURL(big.file).toString();
    assert.ok(fs.statSync(big.file).size > 50 * MB, 'the file is over VS Code’s 50 MB');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await client?.stop();
  });

  it('publishes the problems and status of a large open file it reads from disk, with progress', async () => {
    await start();
    list('open', big.uri);
    const diagnostics = await client.waitForDiagnostics(big.uri, (d) => d.length > 0, 60_000);
    assert.deepEqual(codesOf(diagnostics), [`${API_LIMIT}:too_many_requests`, `${BIG_BROKEN_LINE}:invalid_json_line`]);
    await client.waitForStatus(big.uri);
    assert.deepEqual(sent(client.statusLog.find((s) => s.uri === big.uri)!), {
      uri: big.uri,
      isBatch: true,
      requests: BIG_REQUESTS,
      endpoint: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      errors: 2,
      warnings: 0,
    });
    // What Submit's pre-check is told (the same file from disk) is what the Problems panel shows.
    const answer = await client.connection.sendRequest(ValidateFileRequest.type, { uri: big.uri });
    assert.equal(answer.from, 'disk');
    assert.deepEqual(
      answer.problems.map((p) => [p.line, p.column, p.endColumn, p.code, p.message]),
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.code, d.message]),
    );
    // Work-done progress: begun with the file's name, reported as it is read, ended.
    const kinds = progress.map((p) => p.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.match(progress[0].message ?? '', /validating huge-batch\.jsonl from disk/);
    const percentages = progress.filter((p) => p.kind === 'report').map((p) => p.percentage ?? -1);
    assert.ok(percentages.length >= 10, `reported ${percentages.length} times`);
    assert.deepEqual(
      percentages,
      [...percentages].sort((a, b) => a - b),
      'the share read only grows',
    );
    assert.equal(percentages.at(-1), 100);
  });

  it('then counts its tokens and sends its status again with the cost, as for an open document', async () => {
    await start();
    list('open', big.uri);
    const counted = await client.waitForStatus(big.uri, withCost, COUNT_MS);
    const statuses = client.statusLog.filter((s) => s.uri === big.uri);
    assert.deepEqual(
      statuses.map((s) => s.cost !== undefined),
      [false, true],
      'first the status with the diagnostics, then once with the cost',
    );
    const diagnostics = publishedFor(big.uri).find((p) => p.diagnostics.length > 0);
    assert.ok(diagnostics && diagnostics.at <= statuses[0].at, 'the diagnostics did not wait for the count');
    assert.deepEqual(sent(statuses[1]), { ...sent(statuses[0]), cost: counted.cost }, 'the same status, with its cost');
    // What the user is told before submitting it (the file counted as the CLI's stats count it).
    const estimate = await client.connection.sendRequest(EstimateCostRequest.type, { uri: big.uri });
    assert.deepEqual(counted.cost, estimate);
    // And what `batch-studio stats` says of it.
    const stats = spawnSync(process.execPath, [CLI, 'stats', '--format', 'json', big.file], { encoding: 'utf8' });
    const [cli] = JSON.parse(stats.stdout) as (BatchCost & { requests: number })[];
    assert.deepEqual(
      [counted.cost.encoding, counted.cost.inputTokens, counted.cost.maxOutputTokens, counted.cost.estimatedCostUsd],
      [cli.encoding, cli.inputTokens, cli.maxOutputTokens, cli.estimatedCostUsd],
    );
    assert.ok(counted.cost.inputTokens > BIG_REQUESTS * 100, `${counted.cost.inputTokens} input tokens for 52,000 requests of 1.2 KB`);
    assert.ok((counted.cost.estimatedCostUsd.input ?? 0) > 0, 'priced for gpt-4o-mini');
    // batchStudio/getStatus (asked when the tab becomes active) answers with the cost too.
    assert.deepEqual(await client.connection.sendRequest(BatchStatusRequest.type, { uri: big.uri }), sent(statuses[1]));
  });

  it('answers an open document while it counts a large file, and abandons the count when the file changes', async () => {
    await start();
    const file = path.join(dir, 'recounted-batch.jsonl');
    fs.copyFileSync(big.file, file);
    const uri = pathToFileURL(file).toString();
    list('open', uri);
    // Validated; its count starts now and takes seconds.
    await client.waitForStatus(uri, (s) => s.requests === BIG_REQUESTS, 60_000);
    const typing = 'file:///work/typing-while-counting-batch.jsonl';
    const sent = performance.now();
    client.open(typing, [chat('a'), chat('a')].join('\n') + '\n');
    await client.waitForDiagnostics(typing, (d) => d.length === 1);
    const ms = performance.now() - sent;
    assert.ok(!client.statusLog.some((s) => s.uri === uri && withCost(s)), 'the document was answered before the count was done');
    assert.ok(ms < 2000, `the document's diagnostics took ${ms.toFixed(0)} ms`);
    // Rewritten while it is counted: only the new content is counted.
    fs.writeFileSync(file, [chat('x'), chat('y')].join('\n') + '\n');
    changed(uri);
    const counted = await client.waitForStatus(uri, (s) => withCost(s) && s.requests === 2, COUNT_MS);
    assert.deepEqual(counted.cost, await client.connection.sendRequest(EstimateCostRequest.type, { uri }));
    assert.deepEqual(
      client.statusLog.filter((s) => s.uri === uri && withCost(s)).map((s) => s.requests),
      [2],
      'no cost was sent for the content it had before',
    );
  });

  it('validates it again when it changes on disk, and clears it when it is no longer listed', async () => {
    await start();
    const { file, uri } = write('edited-batch.jsonl', [chat('a'), chat('a')].join('\n') + '\n');
    list('open', uri);
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri, (d) => d.length > 0)), ['1:duplicate_custom_id']);
    fs.writeFileSync(file, [chat('a'), '', BROKEN].join('\n') + '\n');
    changed(uri);
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri, (d) => d.length === 2)), ['1:blank_line', '2:invalid_json_line']);
    assert.equal((await client.waitForStatus(uri, (s) => s.requests === 2)).errors, 1);
    // Deleted: its problems go; the tab closed: the same.
    fs.rmSync(file);
    changed(uri, FileChangeType.Deleted);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    fs.writeFileSync(file, BROKEN + '\n');
    changed(uri, FileChangeType.Created);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    list('open');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('abandons a run when the file changes meanwhile, and publishes only the new content', async () => {
    await start();
    const file = path.join(dir, 'rewritten-batch.jsonl');
    fs.copyFileSync(big.file, file);
    const uri = pathToFileURL(file).toString();
    list('open', uri);
    await waitForProgress((all) => all.some((p) => p.kind === 'report'));
    fs.writeFileSync(file, [chat('x'), chat('x')].join('\n') + '\n');
    changed(uri);
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri)), ['1:duplicate_custom_id']);
    // Once a file listed later is done, nothing for this one is still to come.
    const later = write('later-batch.jsonl', BROKEN + '\n');
    list('workspace', later.uri);
    await client.waitForDiagnostics(later.uri);
    assert.deepEqual(
      publishedFor(uri).map((p) => codesOf(p.diagnostics)),
      [['1:duplicate_custom_id']],
      'the first run, abandoned (or finding the file changed under it), published nothing',
    );
  });

  it('leaves a file the client opens to its document, and takes it back from disk when closed', async () => {
    await start();
    const { uri } = write('opened-batch.jsonl', BROKEN + '\n');
    list('open', uri);
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri, (d) => d.length > 0)), ['0:invalid_json_line']);
    const from = client.published.length;
    client.open(uri, [chat('a'), chat('a')].join('\n') + '\n');
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri, (_, version) => version === 1)), ['1:duplicate_custom_id']);
    // A change on disk while it is open: the document still rules.
    changed(uri);
    const other = write('other-batch.jsonl', BROKEN + '\n');
    list('workspace', other.uri);
    await client.waitForDiagnostics(other.uri, (d) => d.length > 0);
    assert.ok(
      publishedFor(uri, from).every((p) => p.version === 1),
      'only the document published while it was open',
    );
    client.close(uri);
    assert.deepEqual(codesOf(await client.waitForDiagnostics(uri, (_, version) => version === undefined)), ['0:invalid_json_line']);
  });

  it('validates the workspace list one file at a time, open files first; other JSON Lines get nothing', async () => {
    await start();
    const workspace = ['a', 'b', 'c'].map((name) => write(`${name}-batch.jsonl`, BROKEN + '\n'));
    const training = write('training.jsonl', '{"messages": [{"role": "user", "content": "Hi"}]}\n');
    list('workspace', ...workspace.map((f) => f.uri), training.uri, big.uri);
    const opened = write('opened-batch.jsonl', BROKEN + '\n');
    list('open', opened.uri);
    for (const { uri } of [...workspace, opened]) await client.waitForDiagnostics(uri, (d) => d.length === 1);
    await client.waitForDiagnostics(big.uri, (d) => d.length === 2, 60_000);
    const status = await client.waitForStatus(training.uri);
    assert.equal(status.isBatch, false, 'fine-tuning data is not a batch file');
    assert.deepEqual(client.diagnostics.get(training.uri)?.diagnostics ?? [], []);
    // Runs never overlap: each begins after the one before it ended.
    let running = 0;
    for (const { kind } of progress) {
      if (kind === 'begin') assert.equal(running++, 0, 'one file at a time');
      if (kind === 'end') running--;
    }
    assert.equal(progress.filter((p) => p.kind === 'begin').length, 6);
    // The file open in the editor, listed after the workspace's, did not wait for all of them.
    const order = client.published.map((p) => path.basename(p.uri));
    assert.ok(
      order.indexOf('opened-batch.jsonl') < order.indexOf('c-batch.jsonl'),
      `the open file came before the workspace's: ${order.join(', ')}`,
    );
  });

  it('answers an open document while it reads a large file from disk', async () => {
    await start();
    list('open', big.uri);
    await waitForProgress((all) => all.some((p) => p.kind === 'report'));
    const uri = 'file:///work/typing-batch.jsonl';
    const sent = performance.now();
    client.open(uri, [chat('a'), chat('a')].join('\n') + '\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    const ms = performance.now() - sent;
    assert.equal(client.diagnostics.has(big.uri), false, 'the document was answered before the file was done');
    assert.ok(ms < 2000, `the document's diagnostics took ${ms.toFixed(0)} ms`);
    await client.waitForDiagnostics(big.uri, (d) => d.length === 2, 60_000);
  });

  it('survives bad lists and files it cannot read', async () => {
    await start();
    for (const params of [
      null,
      {},
      { kind: 'open' },
      { kind: 'tabs', uris: [] },
      { kind: 'open', uris: 'file:///x.jsonl' },
      { kind: 'open', uris: [7, null] },
    ])
      void client.connection.sendNotification(DiskFilesNotification.method, params);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'all' });
    const missing = pathToFileURL(path.join(dir, 'missing-batch.jsonl')).toString();
    list('open', missing, 'untitled:Untitled-1', 'vscode-vfs://github/x/y.jsonl', pathToFileURL(dir).toString());
    const { uri } = write('fine-batch.jsonl', BROKEN + '\n');
    list('workspace', uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    assert.equal(client.exited, false);
    assert.equal(client.diagnostics.has(missing), false, 'a missing file has no problems to show');
    assert.deepEqual(
      client.stderr.filter((line) => /failed/.test(line)),
      [],
      'nothing logged as a failure',
    );
  });

  it('costs the server no more memory than the CLI takes for the same file, counted too', async () => {
    const probe = path.join(dir, 'peak-rss.cjs');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => {
  const kb = /VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1];
  require('fs').writeSync(2, '\\n@@peak-rss-kb ' + kb + '\\n');
});\n`,
    );
    // The server validates and then counts the file: `lint` and then `stats` (which validates it
    // again before counting) in the CLI.
    const cli = cliPeak('stats', big.file, probe);
    const cliLint = cliPeak('lint', big.file, probe);
    await start(ONE_THREAD);
    // Ready and idle, with the tokenizer loaded (as once any batch file has been counted): what
    // the server holds before it reads the file.
    const small = write('small.jsonl', chat('a') + '\n');
    await client.connection.sendRequest(ValidateFileRequest.type, { uri: small.uri });
    await client.connection.sendRequest(EstimateCostRequest.type, { uri: small.uri });
    const before = memoryOf(client.pid!);
    list('open', big.uri);
    await client.waitForStatus(big.uri, withCost, COUNT_MS);
    const after = memoryOf(client.pid!);
    const cliIdle = cliPeak('stats', small.file, probe);
    const size = fs.statSync(big.file).size;
    console.log(
      `      peak RSS: server ${(before.peak / MB).toFixed(0)} MB idle, ${(after.peak / MB).toFixed(0)} MB after validating and ` +
        `counting ${(size / MB).toFixed(1)} MB from disk; the CLI: ${(cliLint / MB).toFixed(0)} MB linting it, ` +
        `${(cli / MB).toFixed(0)} MB for its stats (one request: ${(cliIdle / MB).toFixed(0)} MB)`,
    );
    // What reading the file adds to each process: the server's no more than the CLI's (give or
    // take the machine's noise; with V8's growing young generation it took 60% more), and well
    // under the file's size (nothing holds it).
    const serverCost = after.peak - before.peak;
    const cliCost = cli - cliIdle;
    assert.ok(
      serverCost < 1.15 * cliCost + 2 * MB,
      `the server took ${(serverCost / MB).toFixed(0)} MB, the CLI ${(cliCost / MB).toFixed(0)} MB`,
    );
    assert.ok(serverCost < size, 'less than the file');
  });
});
