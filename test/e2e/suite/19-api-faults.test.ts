// The batch explorer when the Batch API fails, in the real VS Code against the emulator the
// runner started: faults are set through the emulator's control route (/__emulator/faults). A
// 429 shows a clear state in the view that says when it tries again, and the view recovers by
// itself; right after a submit the view follows the batch closely; a download that fails leaves
// no partial file and offers to try again.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { enableTestMode, openFixture, waitUntil } from './helpers';
import {
  answerPrompts,
  customIds,
  emulator,
  ensureApiKey,
  explorerFixture,
  findMessage,
  loadedSnapshot,
  messages,
  removeWrittenFiles,
  setFaults,
  showBatchesView,
  snapshot,
  type Snapshot,
  waitForBatch,
  writeGeneratedInput,
} from './explorer';

const Global = vscode.ConfigurationTarget.Global;

/** The rules still in force on the emulator. */
async function faultsLeft(): Promise<number> {
  const { url, key } = emulator();
  const answer = await fetch(`${url.replace(/\/v1$/, '')}/__emulator/faults`, { headers: { authorization: `Bearer ${key}` } });
  return ((await answer.json()) as { data: unknown[] }).data.length;
}

function errorItem(snap: Snapshot) {
  return snap.items.find((item) => item.id === 'error');
}

describe('batch explorer when the API fails', function () {
  this.timeout(40_000);
  const folder = explorerFixture('').fsPath;

  before(async () => {
    removeWrittenFiles();
    await setFaults();
    await openFixture('explorer/reviews.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
    await ensureApiKey();
    await showBatchesView();
    await loadedSnapshot();
  });

  afterEach(() => setFaults());

  after(async () => {
    await setFaults();
    await vscode.workspace.getConfiguration('batchStudio.explorer').update('refreshIntervalSeconds', undefined, Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it('follows a new batch closely: a short batch shows completed within seconds, not at the next 10 s refresh', async () => {
    const input = writeGeneratedInput('generated-faults.jsonl', 3);
    await messages(true);
    await answerPrompts('');
    const submitted = Date.now();
    const id = await vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch', input);
    assert.match(id ?? '', /^batch_/);
    assert.strictEqual(vscode.workspace.getConfiguration('batchStudio.explorer').get('refreshIntervalSeconds'), 10, 'the default interval');
    await waitForBatch(id!, (item) => item.contextValue?.includes('finished') === true, 'completed', 8_000);
    const seconds = (Date.now() - submitted) / 1000;
    assert.ok(seconds < 6, `completed shown ${seconds} s after the submit`);
  });

  it('a failed download leaves no partial file and offers to try again; trying again downloads it whole', async () => {
    const id = (await snapshot()).items.find((item) => item.label === 'generated-faults.jsonl')?.id?.replace(/^batch:/, '');
    assert.ok(id, 'the batch submitted by the previous test is listed');
    const output = explorerFixture('generated-faults.output.jsonl').fsPath;
    // Every attempt is cut off half-way (a download is tried three times).
    await setFaults({ kind: 'truncate', method: 'GET', path: '/content$', times: 3 });
    await messages(true);
    const started = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.downloadOutput', id), undefined);
    const surfacedMs = Date.now() - started;
    const failure = findMessage(await messages(true), 'notification', /^Could not download the output file/);
    assert.strictEqual(failure.severity, 'error');
    assert.match(
      failure.message,
      /^Could not download the output file of 'generated-faults\.jsonl': The connection to http:\/\/127\.0\.0\.1:\d+\/v1 closed before the whole answer arrived\. Try again; if it keeps happening, check your network or proxy\. Nothing was saved\.$/,
    );
    assert.deepStrictEqual(failure.options, ['Try Again']);
    assert.ok(surfacedMs < 10_000, `the failure surfaced after ${surfacedMs} ms`);
    assert.strictEqual(await faultsLeft(), 0, 'all three attempts were made');
    const written = fs.readdirSync(folder).filter((name) => name.includes('generated-faults') && name !== 'generated-faults.jsonl');
    assert.deepStrictEqual(written, [], 'no output file and no partial file');

    // One cut-off attempt is retried without the user noticing.
    await setFaults({ kind: 'truncate', method: 'GET', path: '/content$' });
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.downloadOutput', id), output);
    assert.deepStrictEqual(customIds(output), ['row-0001', 'row-0002', 'row-0003']);
    assert.deepStrictEqual(
      fs.readdirSync(folder).filter((name) => name.startsWith('.') && name.endsWith('.part')),
      [],
      'no partial file left by the cut-off attempt',
    );
    assert.strictEqual(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), 'generated-faults.output.jsonl');
  });

  it('a 429 on refresh: the view says the API is rate limiting and when it retries, then recovers by itself', async () => {
    // The shortest interval: the first retry after a failure comes in 4 s (twice the interval).
    await vscode.workspace.getConfiguration('batchStudio.explorer').update('refreshIntervalSeconds', 2, Global);
    await setFaults({ kind: 'status', status: 429, retryAfter: 3, method: 'GET', path: '^/v1/batches$' });
    const started = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), false);
    const surfacedMs = Date.now() - started;
    assert.ok(surfacedMs < 2_000, `the 429 surfaced after ${surfacedMs} ms`);

    const failed = await snapshot();
    assert.strictEqual(
      failed.error,
      'The Batch API is rate limiting requests (429: Rate limit reached for requests. Please try again in 3s.). Try again in 3 s.',
    );
    const item = errorItem(failed);
    assert.ok(item, 'an error item heads the view');
    assert.strictEqual(item.label, 'Could not refresh');
    assert.match(
      item.description ?? '',
      /^The Batch API is rate limiting requests \(429: Rate limit reached for requests\. Please try again in 3s\.\)\. Batch Studio will retry in [1-4] s\.$/,
    );
    assert.strictEqual(item.command?.command, 'batchStudio.refreshBatches', 'clicking it tries again now');
    assert.strictEqual(failed.autoRefresh.consecutiveFailures, 1);
    assert.ok(
      (failed.autoRefresh.inMs ?? 0) >= 2_500 && (failed.autoRefresh.inMs ?? 0) <= 4_000,
      `next try in ${failed.autoRefresh.inMs} ms`,
    );

    // No click: auto-refresh tries again when it said it would, and the error goes.
    const recovered = await waitUntil(
      async () => {
        const snap = await snapshot();
        return snap.error === null && snap.loaded ? snap : undefined;
      },
      'the view to recover by itself',
      15_000,
    );
    assert.strictEqual(errorItem(recovered), undefined);
    assert.strictEqual(recovered.autoRefresh.consecutiveFailures, 0);
    assert.ok(
      recovered.items.some((i) => i.label === 'generated-faults.jsonl'),
      'the batches are back',
    );
  });

  it('a 429, then Refresh by hand: the list is back at once', async () => {
    await setFaults({ kind: 'status', status: 429, retryAfter: 20, method: 'GET', path: '^/v1/batches$' });
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), false);
    assert.match(errorItem(await snapshot())?.description ?? '', /rate limiting requests \(429: .*Batch Studio will retry in 20 s\.$/);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    const snap = await snapshot();
    assert.strictEqual(snap.error, null);
    assert.strictEqual(errorItem(snap), undefined);
  });
});
