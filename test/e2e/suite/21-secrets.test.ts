// The API key stays secret, and what a batch asks stays out of the logs: the whole explorer flow
// (a wrong key, the right one, submit, refresh, downloads, a retry file, a failing API) runs with a
// distinctive fake key, then every settings file, log (the Batch Studio output channel's among
// them), notification, open document and file written is searched for it, and the logs for the
// requests' text. The runner searches everything the run wrote once more after it (run.js).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { enableTestMode, openFixture, waitUntil } from './helpers';
import {
  answerPrompts,
  emulator,
  explorerFixture,
  loadedSnapshot,
  messages,
  removeWrittenFiles,
  setFaults,
  showBatchesView,
  snapshot,
  waitForBatch,
} from './explorer';

/** The known fake key the runner's emulator accepts besides its own (scripts/e2e/run.js). */
function fakeKey(): string {
  const key = process.env.BATCH_STUDIO_E2E_FAKE_KEY;
  assert.ok(key && key.length >= 32, 'the runner passes its known fake key');
  return key;
}

/** Text in every request of the submitted file: it reaches the emulator and the downloads, never a log. */
const PROMPT_MARKER = 'PromptTextThatMustNotBeLogged-5d1e';

/** Every file under `dir`, recursively, but the installed extensions. */
function filesUnder(dir: string): string[] {
  return (
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      // `parentPath` from Node 20.12 (VS Code 1.93's is older and has `path`).
      .map((entry) => path.join((entry as { parentPath?: string }).parentPath ?? (entry as { path: string }).path, entry.name))
      .filter((file) => !path.relative(dir, file).startsWith(`extensions${path.sep}`))
  );
}

function holding(files: readonly string[], needle: string): string[] {
  return files.filter((file) => {
    try {
      return fs.readFileSync(file).includes(needle);
    } catch {
      return false; // gone meanwhile
    }
  });
}

describe('secrets: the API key and the requests stay out of settings, logs and messages', function () {
  this.timeout(90_000);
  let input: vscode.Uri;

  before(async () => {
    await openFixture('explorer/reviews.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
    await showBatchesView();
    input = explorerFixture('generated-secrets.jsonl');
    const lines = ['q-0001', 'fail-0002', 'q-0003'].map((id) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `${PROMPT_MARKER}: summarise ${id}` }],
          max_completion_tokens: 20,
        },
      }),
    );
    fs.writeFileSync(input.fsPath, lines.join('\n') + '\n');
  });

  after(async () => {
    await setFaults();
    // The key the rest of the suite uses.
    await answerPrompts(emulator().key);
    await vscode.commands.executeCommand('batchStudio.setApiKey');
    removeWrittenFiles();
  });

  it('runs the explorer flow with a fake key', async () => {
    const key = fakeKey();
    await messages(true);
    // A wrong key first: the 401 is described without it.
    await answerPrompts(`${key}-revoked`);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true);
    const rejected = await loadedSnapshot('the list to fail with the revoked key');
    assert.match(rejected.error ?? '', /rejected the API key \(401/);

    await answerPrompts(key);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true);
    await waitUntil(async () => {
      const s = await snapshot();
      return s.loaded && !s.error ? s : undefined;
    }, 'the list to load with the fake key');

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(input));
    await answerPrompts('Secrets sweep');
    const id = await vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch');
    assert.match(id ?? '', /^batch_/);
    await waitForBatch(id!, (item) => item.contextValue?.includes('finished') === true, 'completed');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    const output = await vscode.commands.executeCommand<string>('batchStudio.downloadOutput', id);
    const errors = await vscode.commands.executeCommand<string>('batchStudio.downloadErrors', id);
    const retry = await vscode.commands.executeCommand<string>('batchStudio.createRetryFile', id);
    for (const file of [output, errors, retry]) assert.ok(fs.existsSync(file), `${file} was written`);
    await vscode.commands.executeCommand('batchStudio.showBatchJson', id);

    // The API refusing: the explorer describes the error it got.
    const faults = `${emulator().url.replace(/\/v1$/, '')}/__emulator/faults`;
    const headers = { authorization: `Bearer ${emulator().key}`, 'content-type': 'application/json' };
    const rule = { kind: 'status', status: 403, message: 'You are not allowed to list batches.', method: 'GET', path: '^/v1/batches$' };
    await fetch(faults, { method: 'POST', headers, body: JSON.stringify(rule) });
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), false, 'the refresh fails');
    const failing = await snapshot();
    assert.match(failing.error ?? '', /not allowed to list batches/);
  });

  it('finds the key in no message, open document, settings file, log or written file, and no request in a log', async () => {
    const key = fakeKey();
    const shown = await messages();
    assert.ok(shown.length > 5, `${shown.length} messages were shown`);
    // What Batch Studio showed; an input's answer is what the test typed (the key, into Set API Key).
    const leakedMessages = shown.filter((m) => [m.message, ...(m.options ?? [])].some((text) => text.includes(key)));
    assert.deepStrictEqual(leakedMessages, []);
    const leakedDocuments = vscode.workspace.textDocuments.filter((d) => d.getText().includes(key)).map((d) => d.uri.toString());
    assert.deepStrictEqual(leakedDocuments, []);

    const runDir = process.env.BATCH_STUDIO_E2E_RUN_DIR;
    assert.ok(runDir && fs.existsSync(runDir), 'the runner passes the folder of this window’s profile, logs and workspace');
    const files = filesUnder(runDir);
    const outputChannel = await waitUntil(
      () => files.find((file) => /batch-studio\.batch-studio[\\/]Batch Studio\.log$/.test(file)),
      "the Batch Studio output channel's log file",
    );
    // The channel's log holds this flow, so searching it means something.
    await waitUntil(
      () => (fs.readFileSync(outputChannel, 'utf8').includes('(key from secret)') ? true : undefined),
      'the output channel to log the connection',
    );
    const settings = files.filter((file) => file.endsWith('settings.json'));
    assert.ok(settings.some((file) => file.endsWith(path.join('User', 'settings.json'))) && settings.length >= 2, settings.join(', '));
    const written = files.filter((file) => /generated-secrets\.(output|errors|retry)\.jsonl$/.test(file));
    assert.strictEqual(written.length, 3, written.join(', '));
    console.log(`    searched ${files.length} files, ${settings.length} settings files, ${written.length} downloads`);

    assert.deepStrictEqual(holding(files, key), [], 'files holding the API key');
    const logs = files.filter((file) => /\.log$/.test(file));
    assert.ok(logs.length > 3, logs.join(', '));
    assert.deepStrictEqual(holding(logs, PROMPT_MARKER), [], "logs holding a request's text");
    assert.strictEqual(holding(written, PROMPT_MARKER).length > 0, true, 'the marker is there to be found (in the downloads)');
  });
});
