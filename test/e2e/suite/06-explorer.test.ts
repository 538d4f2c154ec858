// The batch explorer against the emulator that scripts/e2e/run.js started (the extension host
// gets its URL as BATCH_STUDIO_API_BASE_URL, but no key): what a user sees, from entering the
// key to downloading results. The tests in this file build on each other in order: the key set
// by one is used by the next, and later tests look at batches submitted by earlier ones. The
// file needs nothing from other files: it starts without a key, on an emulator with no batches
// (each run of the suite gets a fresh one, and no file before this one submits anything).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { openFixture, screenshot, waitForDiagnostics, waitUntil } from './helpers';
import {
  answerPrompts,
  batchItem,
  customIds,
  emulator,
  emulatorClient,
  explorerFixture,
  findMessage,
  loadedSnapshot,
  menuOffers,
  messages,
  row,
  snapshot,
  stopWatchingBatchesView,
  waitForBatch,
  waitForMessage,
  watchBatchesView,
  writeGeneratedInput,
} from './explorer';

const Global = vscode.ConfigurationTarget.Global;

function submit(): Thenable<string | undefined> {
  return vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch');
}

function lines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
}

describe('batch explorer', function () {
  this.timeout(30_000);
  /** The batch of explorer/reviews.jsonl, submitted by one test and used by later ones. */
  let reviewsBatch: string | undefined;

  before(() => watchBatchesView('unset'));
  after(stopWatchingBatchesView);

  it('shows how to connect while no API key is set', async () => {
    const snap = await snapshot();
    assert.deepStrictEqual(
      { hasApiKey: snap.hasApiKey, connection: snap.connection, items: snap.items },
      { hasApiKey: false, connection: null, items: [] },
      'an empty tree, so the view shows its welcome text with a Set API Key button',
    );
    await screenshot('explorer-no-key');

    // A command that needs the API asks for a key first; dismissing that sends nothing.
    await openFixture('explorer/reviews.jsonl');
    await messages(true);
    await answerPrompts(null);
    assert.strictEqual(await submit(), undefined);
    const ask = findMessage(await messages(true), 'modal', /^Batch Studio needs an API key for the Batch API\./);
    assert.deepStrictEqual(ask.options, ['Set API Key']);
    assert.deepStrictEqual((await emulatorClient().files.list()).data, [], 'nothing was uploaded');
  });

  it('loads the batch list once the API key is set, and says when the key is wrong', async () => {
    const wrongKey = 'not-the-emulator-key';
    await messages(true);
    await answerPrompts(wrongKey);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true, 'the key was saved');
    const input = findMessage(await messages(true), 'input', /secret storage/);
    assert.strictEqual(input.answer, wrongKey);
    const rejected = await loadedSnapshot('the list to fail with the wrong key');
    assert.match(rejected.error ?? '', /rejected the API key \(401: Incorrect API key provided/);
    assert.ok(!rejected.error?.includes(wrongKey), `the key is never shown: ${rejected.error}`);
    assert.deepStrictEqual(
      rejected.items.map((i) => [i.label, i.icon, i.command?.command]),
      [['Could not refresh', 'warning', 'batchStudio.refreshBatches']],
    );

    await answerPrompts(emulator().key);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true);
    const snap = await waitUntil(async () => {
      const s = await snapshot();
      return s.loaded && !s.error ? s : undefined;
    }, 'the list to load with the right key');
    assert.strictEqual(snap.hasApiKey, true);
    assert.strictEqual(snap.connection, emulator().url, 'the development override points the explorer at the emulator');
    assert.deepStrictEqual(snap.items, [], 'no batches yet, so the view offers to submit one');
  });

  it('refuses to submit a file with errors and offers to show them', async () => {
    const document = await openFixture('broken-batch.jsonl');
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (list) => list.some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'errors',
    );
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    const firstErrorLine = Math.min(...errors.map((d) => d.range.start.line));
    await messages(true);
    await answerPrompts('Show Problems');
    assert.strictEqual(await submit(), undefined, 'nothing was submitted');

    const refusal = findMessage(await messages(true), 'modal', /^broken-batch\.jsonl has/);
    assert.strictEqual(refusal.severity, 'error');
    assert.match(
      refusal.message,
      new RegExp(
        `^broken-batch\\.jsonl has ${errors.length} errors; the Batch API would reject it\\. Fix them before submitting\\.\\nLine ${firstErrorLine + 1}: `,
      ),
    );
    assert.deepStrictEqual(refusal.options, ['Show Problems']);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), document.uri.toString(), 'Show Problems goes to the file');
    assert.strictEqual(editor.selection.active.line, firstErrorLine, 'and puts the cursor on the first error');

    // The same content in a file never opened, submitted from the explorer's context menu: the
    // server reads it from disk and refuses it with the same words.
    const copy = explorerFixture('generated-broken-batch.jsonl');
    fs.copyFileSync(document.uri.fsPath, copy.fsPath);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === copy.toString()), 'the copy is not open');
    await answerPrompts(null);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitBatch', copy), undefined, 'nothing was submitted');
    const fromDisk = findMessage(await messages(true), 'modal', /^generated-broken-batch\.jsonl has/);
    assert.strictEqual(fromDisk.message, `generated-${refusal.message}`);
    assert.deepStrictEqual((await emulatorClient().files.list()).data, [], 'nothing was uploaded');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('submits a valid file with a description and refreshes until the batch completes', async () => {
    const input = explorerFixture('reviews.jsonl');
    await openFixture('explorer/reviews.jsonl');
    await messages(true);
    await answerPrompts('Nightly review summaries');
    const id = await submit();
    assert.match(id ?? '', /^batch_/, 'submitting resolves to the new batch id');
    reviewsBatch = id!;
    const shown = await messages();
    assert.match(findMessage(shown, 'input', /description/).message, /3 requests to \/v1\/chat\/completions \(gpt-4o-mini\)/);
    findMessage(shown, 'notification', new RegExp(`^Submitted reviews\\.jsonl as batch ${id}: 3 requests to /v1/chat/completions\\.$`));

    // Revealed in the tree, where it keeps refreshing while it runs.
    const snap = await snapshot();
    assert.ok(snap.visible, 'the Batches view is shown');
    const submitted = batchItem(snap, reviewsBatch);
    assert.ok(submitted, 'the new batch is in the tree');
    assert.strictEqual(submitted.label, 'Nightly review summaries');
    assert.match(submitted.description ?? '', /(validating|in progress|finalizing)$/);
    assert.match(submitted.icon ?? '', /~spin$/, 'a spinning icon while it runs');
    assert.strictEqual(submitted.contextValue, 'batch cancellable');
    assert.ok(
      submitted.tooltip?.includes(`Input file: ${input.fsPath.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&')}`),
      `the tooltip names the input file: ${submitted.tooltip}`,
    );
    assert.strictEqual(snap.autoRefresh.active, true, 'auto-refresh runs while a batch is unfinished');

    const done = await waitForBatch(reviewsBatch, (item) => item.contextValue?.includes('finished') === true, 'completed');
    assert.strictEqual(done.description, '3/3', 'the counts; the icon says completed');
    assert.strictEqual(done.icon, 'check');
    assert.strictEqual(done.contextValue, 'batch hasOutput finished');
    assert.strictEqual(row(done, 'status').description, 'completed');
    assert.strictEqual(row(done, 'request_counts').description, '3/3');
    assert.strictEqual(row(done, 'metadata', 'description').description, 'Nightly review summaries');
    assert.strictEqual(row(done, 'metadata', 'input_file_name').description, 'reviews.jsonl');
    assert.match(row(done, 'output_file_id').description ?? '', /^file-/);
    const notice = await waitForMessage('notification', /^Batch 'Nightly review summaries' completed/);
    assert.strictEqual(notice.message, "Batch 'Nightly review summaries' completed: 3/3 requests");
    assert.strictEqual(notice.severity, 'info');
    assert.deepStrictEqual(notice.options, ['Download Output']);
    await waitUntil(
      async () => ((await snapshot()).autoRefresh.active ? undefined : true),
      'auto-refresh to stop once no batch is running',
    );
  });

  it('downloads the output beside the input file and opens it', async () => {
    assert.ok(reviewsBatch, 'an earlier test submitted explorer/reviews.jsonl');
    const input = explorerFixture('reviews.jsonl').fsPath;
    const output = await vscode.commands.executeCommand<string>('batchStudio.downloadOutput', reviewsBatch);
    assert.strictEqual(output, explorerFixture('reviews.output.jsonl').fsPath);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, output, 'the output file is opened');
    assert.deepStrictEqual(customIds(output), customIds(input), 'one result per request');
    for (const line of lines(output)) {
      const result = JSON.parse(line) as { response: { status_code: number; body: { object: string } }; error: unknown };
      assert.strictEqual(result.response.status_code, 200);
      assert.strictEqual(result.response.body.object, 'chat.completion');
      assert.strictEqual(result.error, null);
    }

    // Downloading again asks before replacing the file.
    await messages(true);
    await answerPrompts('Replace');
    assert.strictEqual(await vscode.commands.executeCommand<string>('batchStudio.downloadOutput', reviewsBatch), output);
    const ask = findMessage(await messages(true), 'modal', /already exists/);
    assert.strictEqual(ask.message, 'reviews.output.jsonl already exists. Replace it?');
    assert.deepStrictEqual(ask.options, ['Replace', 'Save As…']);
  });

  it('shows failed requests, downloads the errors and writes a retry file with exactly those requests', async () => {
    const input = explorerFixture('with-failures.jsonl').fsPath;
    await openFixture('explorer/with-failures.jsonl');
    await messages(true);
    await answerPrompts(''); // no description: the file name labels the batch
    const id = await submit();
    assert.ok(id);

    const done = await waitForBatch(id, (item) => item.contextValue?.includes('finished') === true, 'completed');
    assert.strictEqual(done.label, 'with-failures.jsonl');
    assert.strictEqual(done.description, '3/5 · 2 failed');
    assert.strictEqual(done.icon, 'warning');
    assert.strictEqual(done.contextValue, 'batch hasOutput hasErrors retryable finished');
    for (const command of ['batchStudio.downloadOutput', 'batchStudio.downloadErrors', 'batchStudio.createRetryFile']) {
      assert.ok(menuOffers(command, done.contextValue), `the context menu offers ${command}`);
    }
    const notice = await waitForMessage('notification', /^Batch 'with-failures\.jsonl' completed/);
    assert.strictEqual(notice.message, "Batch 'with-failures.jsonl' completed: 3/5 requests, 2 failed");
    assert.strictEqual(notice.severity, 'warning');
    assert.deepStrictEqual(notice.options, ['Download Output', 'Download Errors', 'Create Retry File']);

    const errors = await vscode.commands.executeCommand<string>('batchStudio.downloadErrors', id);
    assert.strictEqual(errors, explorerFixture('with-failures.errors.jsonl').fsPath);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, errors, 'the error file is opened');
    assert.deepStrictEqual(customIds(errors), ['fail-0002', 'fail-0004']);
    for (const line of lines(errors)) {
      const result = JSON.parse(line) as { response: { status_code: number; body: { error: { code: string } } } };
      assert.strictEqual(result.response.status_code, 400);
      assert.strictEqual(result.response.body.error.code, 'emulated_failure');
    }

    await messages(true);
    const retry = await vscode.commands.executeCommand<string>('batchStudio.createRetryFile', id);
    assert.strictEqual(retry, explorerFixture('with-failures.retry.jsonl').fsPath);
    const original = lines(input);
    assert.deepStrictEqual(lines(retry), [original[1], original[3]], 'the failed requests, exactly as they were submitted');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, retry, 'the retry file is opened');
    findMessage(await messages(true), 'notification', /^Wrote 2 requests to with-failures\.retry\.jsonl \(2 failed\)\.$/);
  });

  it('cancels a running batch after asking', async () => {
    const input = writeGeneratedInput('generated-long-run.jsonl', 60);
    await vscode.window.showTextDocument(input);
    await answerPrompts('Long run to cancel');
    const id = await submit();
    assert.ok(id);
    const running = batchItem(await snapshot(), id);
    assert.match(running?.contextValue ?? '', /\bcancellable\b/);
    assert.ok(menuOffers('batchStudio.cancelBatch', running?.contextValue), 'the context menu offers Cancel Batch');

    await messages(true);
    await answerPrompts('Cancel Batch');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.cancelBatch', id), 'cancelling');
    const shown = await messages();
    const confirm = findMessage(shown, 'modal', /^Cancel batch 'Long run to cancel'\?/);
    assert.strictEqual(confirm.severity, 'warning');
    assert.deepStrictEqual(confirm.options, ['Cancel Batch', 'Keep Running'], 'buttons that say what they do');
    assert.strictEqual(confirm.answer, 'Cancel Batch');
    findMessage(shown, 'notification', /^Batch 'Long run to cancel' is cancelling\.$/);

    const cancelled = await waitForBatch(id, (item) => /cancelled$/.test(item.description ?? ''), 'cancelled');
    assert.strictEqual(cancelled.icon, 'circle-slash');
    assert.ok(!menuOffers('batchStudio.cancelBatch', cancelled.contextValue), 'a cancelled batch offers no Cancel Batch');
    assert.ok(row(cancelled, 'cancelled_at'));
    await waitForMessage('notification', /^Batch 'Long run to cancel' cancelled: /);
  });

  it('does not offer to cancel a finished batch, and says why when asked anyway', async () => {
    assert.ok(reviewsBatch, 'an earlier test submitted explorer/reviews.jsonl');
    const finished = batchItem(await snapshot(), reviewsBatch);
    assert.strictEqual(finished?.description, '3/3');
    assert.ok(!menuOffers('batchStudio.cancelBatch', finished.contextValue), 'the context menu has no Cancel Batch');
    await messages(true);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.cancelBatch', reviewsBatch), undefined);
    const shown = await messages(true);
    findMessage(
      shown,
      'notification',
      /^Batch 'Nightly review summaries' is completed; only batches that are validating, in progress or finalizing can be cancelled\.$/,
    );
    assert.ok(!shown.some((m) => m.kind === 'modal'), 'no confirmation is asked for');
    assert.strictEqual((await emulatorClient().batches.retrieve(reviewsBatch)).status, 'completed');
  });

  it("shows why the API rejected an input file and opens it at the error's line", async () => {
    const validation = vscode.workspace.getConfiguration('batchStudio.validation');
    // The user switched the editor's check for mixed models off; the API still enforces it.
    await validation.update('severity', { mismatched_model: 'off' }, Global);
    try {
      const input = explorerFixture('mixed-models.jsonl');
      await openFixture('explorer/mixed-models.jsonl');
      await messages(true);
      await answerPrompts('Headlines, two models');
      const id = await submit();
      assert.ok(id, 'the file passes the editor checks left on, so it is submitted');

      const failed = await waitForBatch(id, (item) => item.description === '1 error · failed', 'failed');
      assert.strictEqual(failed.icon, 'error');
      assert.strictEqual(failed.contextValue, 'batch finished');
      const errors = row(failed, 'errors');
      assert.strictEqual(errors.description, '1 error');
      assert.strictEqual(errors.collapsible, 'expanded', 'the errors are shown without expanding them');
      const error = row(failed, 'errors', 'line 3: mismatched_model');
      assert.match(error.description ?? '', /uses model "gpt-4o", but the file's model is "gpt-4o-mini"/);
      assert.deepStrictEqual(error.command, { command: 'batchStudio.openInputLine', arguments: [id, 3] });
      const notice = await waitForMessage('notification', /^Batch 'Headlines, two models' failed/);
      assert.match(notice.message, /^Batch 'Headlines, two models' failed: line 3: This request uses model "gpt-4o"/);
      assert.strictEqual(notice.severity, 'error');
      assert.deepStrictEqual(notice.options, ['Show Batch']);

      // Clicking the error runs its command: the input file opens with that line selected.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.strictEqual(await vscode.commands.executeCommand(error.command.command, ...(error.command.arguments ?? [])), input.fsPath);
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.fsPath, input.fsPath);
      assert.strictEqual(editor.selection.start.line, 2);
      assert.strictEqual(editor.document.getText(editor.selection), editor.document.lineAt(2).text, 'the whole line is selected');
    } finally {
      await validation.update('severity', undefined, Global);
    }
  });

  it('shows batches in every state side by side, each with all its fields', async () => {
    const input = writeGeneratedInput('generated-translations.jsonl', 200);
    await vscode.window.showTextDocument(input);
    await answerPrompts('Product titles in French');
    const id = await submit();
    assert.ok(id);
    await waitForBatch(id, (item) => /^[1-9][\d,]*\/200 · in progress$/.test(item.description ?? ''), 'in progress with results');
    const snap = await snapshot();
    const icons = new Set(snap.items.map((item) => item.icon));
    assert.deepStrictEqual([...icons].sort(), ['check', 'circle-slash', 'error', 'sync~spin', 'warning'], 'a status icon each');
    assert.strictEqual(snap.autoRefresh.active, true);

    // For the picture (docs/media/explorer.png): the batch with failures expanded, in a side bar
    // wide enough for its fields, beside its input file.
    const editorSettings = vscode.workspace.getConfiguration('editor');
    await editorSettings.update('wordWrap', 'on', Global);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await openFixture('explorer/with-failures.jsonl');
      await vscode.commands.executeCommand('workbench.action.closePanel');
      const index = snap.items.findIndex((item) => item.label === 'with-failures.jsonl');
      // Resizing acts on the focused part: narrow the editor, and the side bar takes the room.
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
      await vscode.commands.executeCommand('batchStudio.batches.focus');
      await vscode.commands.executeCommand('list.focusFirst');
      for (let i = 0; i < index; i++) await vscode.commands.executeCommand('list.focusDown');
      await vscode.commands.executeCommand('list.expand');
      await screenshot('explorer');
      // Give the editor its width back: later files see the side bar at its default width.
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
    } finally {
      await editorSettings.update('wordWrap', undefined, Global);
    }
  });
});
