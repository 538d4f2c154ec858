// The explorer's list beyond its first page of 20: batches made elsewhere (here: straight
// through the SDK against the emulator) appear on refresh, the rest behind "Load more…".
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { enableTestMode, openFixture, waitUntil } from './helpers';
import { emulatorClient, ensureApiKey, loadedSnapshot, showBatchesView, snapshot, writeGeneratedInput } from './explorer';

describe('batch explorer paging', function () {
  this.timeout(30_000);
  let input: vscode.Uri | undefined;

  before(async () => {
    await openFixture('explorer/reviews.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
    await showBatchesView();
    await ensureApiKey();
    await loadedSnapshot();
  });

  after(() => {
    if (input) fs.rmSync(input.fsPath, { force: true });
  });

  it('shows the newest 20 batches and the rest behind Load more', async () => {
    // 22 batches created with another client (say, a script), two named, the rest not.
    const client = emulatorClient();
    input = writeGeneratedInput('generated-paging.jsonl', 2);
    const file = await client.files.create({ file: fs.createReadStream(input.fsPath), purpose: 'batch' });
    for (let i = 1; i <= 22; i++) {
      const metadata = i === 22 ? { description: 'Made by a script' } : null;
      await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata });
    }
    const all = (await client.batches.list({ limit: 100 })).data.map((batch) => `batch:${batch.id}`);
    assert.ok(all.length > 20 && all.length <= 40, `between 21 and 40 batches in the account (${all.length})`);

    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    let snap = await snapshot();
    assert.deepStrictEqual(
      snap.items.slice(0, 20).map((item) => item.id),
      all.slice(0, 20),
      'the first page, newest first',
    );
    const more = snap.items[20];
    assert.deepStrictEqual(
      [more?.label, more?.command?.command, snap.items.length, snap.hasMore],
      ['Load more…', 'batchStudio.loadMoreBatches', 21, true],
    );
    assert.strictEqual(snap.items[0].label, 'Made by a script');
    // Unnamed batches are labelled with their input file's name, fetched from the Files API.
    await waitUntil(
      async () => ((await snapshot()).items[1].label === 'generated-paging.jsonl' ? true : undefined),
      'an unnamed batch to show its file name',
    );

    // Clicking "Load more…" runs its command.
    assert.strictEqual(await vscode.commands.executeCommand(more.command!.command), true);
    snap = await snapshot();
    assert.deepStrictEqual(
      snap.items.map((item) => item.id),
      all,
      'every batch, newest first, and no Load more',
    );
    assert.strictEqual(snap.hasMore, false);

    // Refreshing keeps what is loaded.
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    assert.deepStrictEqual(
      (await snapshot()).items.map((item) => item.id),
      all,
    );
  });
});
