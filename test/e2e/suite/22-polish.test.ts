// What a new user reads on every surface, in the real VS Code against the emulator: the Batches
// view at its default width (counts first, the rest in tooltips and for screen readers, a split
// file's parts under one name), a failure notice and Show Batch (errors and the next step first),
// Show Batch as JSON (a read-only document that follows the batch), the cancel dialog's buttons,
// and the language status item (count and model at a glance, in a high-contrast theme too). The
// screenshots for docs/media are taken here. Runs alone: its before() sets up what it needs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { openFixture, screenshot, testing, waitForDiagnostics, waitUntil } from './helpers';
import {
  answerPrompts,
  batchItem,
  emulatorClient,
  explorerFixture,
  findMessage,
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

async function submit(fixture: string, description: string): Promise<string> {
  await openFixture(fixture);
  await answerPrompts(description);
  const id = await vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch');
  assert.ok(id, `${fixture} was submitted`);
  return id;
}

/** Two parts of a split file, as Submit All Parts creates them (each part's batch names its file
 *  and the file it was split from). */
async function submitParts(): Promise<string[]> {
  const client = emulatorClient();
  const ids: string[] = [];
  for (const part of [1, 2]) {
    const input = writeGeneratedInput(`generated-translations.part-00${part}.jsonl`, 4);
    const file = await client.files.create({ file: fs.createReadStream(input.fsPath), purpose: 'batch' });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { input_file_name: `translations.part-00${part}.jsonl`, batch_studio_group: 'translations.jsonl' },
    });
    ids.push(batch.id);
  }
  return ids;
}

describe('polish: what a user reads', function () {
  this.timeout(60_000);

  before(() => watchBatchesView('set'));

  after(async () => {
    await vscode.workspace.getConfiguration('batchStudio.validation').update('severity', undefined, Global);
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, Global);
    await stopWatchingBatchesView();
  });

  it('shows the counts first in the Batches view at its default width, the rest in tooltips', async () => {
    const partIds = await submitParts();
    const withFailures = await submit('explorer/with-failures.jsonl', '');
    await vscode.commands.executeCommand('batchStudio.refreshBatches');
    const done = await waitForBatch(withFailures, (item) => item.contextValue?.includes('finished') === true, 'finished');
    assert.strictEqual(done.description, '3/5 · 2 failed', 'counts first, short; the icon says completed');
    assert.deepStrictEqual([done.icon, done.color], ['warning', 'list.warningForeground']);
    assert.strictEqual(done.accessibilityLabel, 'with-failures.jsonl, completed, 3 of 5 requests done, 2 failed');
    assert.match(done.tooltip ?? '', /^\*\*with\\-failures\\\.jsonl\*\*\n\ncompleted · `batch_/);
    assert.match(done.tooltip ?? '', /\n- Requests: 3 of 5 completed, 2 failed\n/);
    assert.match(done.tooltip ?? '', /\n- Endpoint: \/v1\/chat\/completions · gpt\\-4o\\-mini\n/);
    assert.strictEqual(row(done, 'next step').description, 'Create Retry File: the 2 failed requests');

    // The parts of translations.jsonl, under its name, with their combined counts.
    const group = await waitUntil(async () => {
      const found = (await snapshot()).items.find((item) => item.id === 'group:translations.jsonl');
      return found && /^8\/8 · 2 parts$/.test(found.description ?? '') ? found : undefined;
    }, 'the parts of translations.jsonl to finish, under one name');
    assert.strictEqual(group.label, 'translations.jsonl');
    assert.strictEqual(group.icon, 'check');
    assert.strictEqual(group.collapsible, 'expanded');
    assert.deepStrictEqual(
      group.children?.map((child) => [child.id, child.label, child.description]),
      partIds.map((id, index) => [`batch:${id}`, `translations.part-00${index + 1}.jsonl`, '4/4']),
    );
    assert.strictEqual(group.accessibilityLabel, 'translations.jsonl, 2 parts, 2 completed, 8 of 8 requests done');
    assert.ok(!batchItem(await snapshot(), partIds[0]), 'a part is not listed again on its own');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('batchStudio.batches.focus');
    await screenshot('explorer-default-width');
  });

  it('puts the errors and the next step first when a batch failed, from the notice to Show Batch', async () => {
    // The editor's check for mixed models is switched off; the API still enforces it.
    await vscode.workspace.getConfiguration('batchStudio.validation').update('severity', { mismatched_model: 'off' }, Global);
    await messages(true);
    const id = await submit('explorer/mixed-models.jsonl', 'Headlines, two models');
    const notice = await waitForMessage('notification', /^Batch 'Headlines, two models' failed/);
    assert.match(notice.message, /^Batch 'Headlines, two models' failed: line 3: This request uses model "gpt-4o"/);
    assert.deepStrictEqual(notice.options, ['Show Batch']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The test window shows no toasts: the notification centre shows the notice as it reads.
    await vscode.commands.executeCommand('notifications.showList');
    await screenshot('failure-notice');
    await vscode.commands.executeCommand('notifications.hideList');

    // Show Batch, as the notice's button runs it.
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.showBatch', id), id);
    const failed = batchItem(await snapshot(), id);
    assert.ok(failed);
    assert.strictEqual(failed.description, '1 error · failed');
    assert.deepStrictEqual([failed.icon, failed.color], ['error', 'testing.iconFailed']);
    const rows = failed.children ?? [];
    assert.deepStrictEqual(
      rows.slice(0, 3).map((r) => [r.label, r.description]),
      [
        ['errors', '1 error'],
        ['next step', 'fix the input file, then submit it again'],
        ['status', 'failed'],
      ],
      'what the user came for, first',
    );
    assert.strictEqual(rows[0].collapsible, 'expanded');
    assert.deepStrictEqual(row(failed, 'errors', 'line 3: mismatched_model').command, {
      command: 'batchStudio.openInputLine',
      arguments: [id, 3],
    });
    assert.deepStrictEqual(rows[1].command, { command: 'batchStudio.openInputLine', arguments: [id, 3] });
    assert.ok(
      rows.every((r) => r.description !== '—' && r.label !== 'usage' && r.label !== 'request_counts'),
      `no unset fields, no zero-valued groups: ${rows.map((r) => r.label).join(', ')}`,
    );
    assert.ok(rows.length <= 12, `a short list (${rows.length} rows): ${rows.map((r) => r.label).join(', ')}`);
    await screenshot('failure-show-batch');

    // The next step opens the input file at the line the API named.
    assert.strictEqual(
      await vscode.commands.executeCommand(rows[1].command.command, ...(rows[1].command.arguments ?? [])),
      explorerFixture('mixed-models.jsonl').fsPath,
    );
    assert.strictEqual(vscode.window.activeTextEditor?.selection.start.line, 2);
  });

  it('shows a batch as JSON in a read-only document that follows the batch', async () => {
    writeGeneratedInput('generated-json-view.jsonl', 40);
    const id = await submit('explorer/generated-json-view.jsonl', 'Followed as JSON');
    const uri = await vscode.commands.executeCommand<string>('batchStudio.showBatchJson', id);
    assert.strictEqual(uri, `batch-json:/${id}.json`);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document && document.uri.toString() === uri, 'the batch is shown');
    assert.strictEqual(document.languageId, 'json');
    assert.strictEqual(document.isUntitled, false, 'not an Untitled document: closing it asks nothing');
    assert.strictEqual((JSON.parse(document.getText()) as { id: string }).id, id);
    // Refreshed in place as the explorer follows the batch to its end.
    await waitUntil(
      () => ((JSON.parse(document.getText()) as { status: string }).status === 'completed' ? true : undefined),
      'the JSON to show the batch completed',
      30_000,
    );
    assert.strictEqual(document.isDirty, false);
    assert.strictEqual(vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri).length, 1, 'one tab');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri), 'closed without a question');
  });

  it('asks before cancelling with buttons that say what they do, and offers the retry file for what never ran', async () => {
    writeGeneratedInput('generated-polish-cancel.jsonl', 60);
    const id = await submit('explorer/generated-polish-cancel.jsonl', 'Cancelled for the retry file');
    await messages(true);
    await answerPrompts('Keep Running');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.cancelBatch', id), undefined, 'Keep Running keeps it');
    const ask = findMessage(await messages(true), 'modal', /^Cancel batch 'Cancelled for the retry file'\?/);
    assert.deepStrictEqual(ask.options, ['Cancel Batch', 'Keep Running']);
    assert.notStrictEqual((await emulatorClient().batches.retrieve(id)).status, 'cancelling');

    await answerPrompts('Cancel Batch');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.cancelBatch', id), 'cancelling');
    const notice = await waitForMessage('notification', /^Batch 'Cancelled for the retry file' cancelled: /);
    assert.ok(notice.options?.includes('Create Retry File'), `the notice offers Create Retry File: ${notice.options?.join(', ')}`);
    const cancelled = await waitForBatch(id, (item) => /cancelled$/.test(item.description ?? ''), 'cancelled');
    assert.match(cancelled.description ?? '', /^(\d+\/60 · )?cancelled$/);
    assert.strictEqual(row(cancelled, 'next step').description, 'Create Retry File: those that never ran');
  });

  it('opens a batch by its id, beyond the loaded pages', async () => {
    // An older batch, then a page's worth of newer ones made elsewhere (say, by a script).
    const client = emulatorClient();
    const input = writeGeneratedInput('generated-by-id.jsonl', 1);
    const file = await client.files.create({ file: fs.createReadStream(input.fsPath), purpose: 'batch' });
    const create = (description: string) =>
      client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { description },
      });
    const old = await create('Opened by its id');
    for (let i = 0; i < 20; i++) await create(`Newer ${i + 1}`);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    assert.ok(!batchItem(await snapshot(), old.id), 'beyond the first page');

    await messages(true);
    await answerPrompts(`  "${old.id}" `);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.openBatchById'), old.id);
    findMessage(await messages(true), 'input', /id of a batch/);
    const shown = batchItem(await snapshot(), old.id);
    assert.strictEqual(shown?.label, 'Opened by its id');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true);
    assert.ok(batchItem(await snapshot(), old.id), 'still shown after a refresh');

    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.openBatchById', 'batch_does_not_exist'), undefined);
    findMessage(await messages(true), 'notification', /^Could not open batch batch_does_not_exist: /);
  });

  it('shows the request count and model at a glance in the status item, readable in high contrast', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openFixture('chat-batch.jsonl');
    const hooks = await testing();
    const item = await waitUntil(() => {
      const shown = hooks.statusItem();
      return /≤ \$/.test(shown.text) ? shown : undefined;
    }, 'the status item to show the estimate');
    assert.match(item.text, /^\$\(layers\) 3 requests · gpt-4o-mini · ≤ \$0\.\d+$/);
    assert.match(item.accessibilityLabel, /^Batch file: 3 requests, to \/v1\/chat\/completions, model gpt-4o-mini, est\. \$/);
    assert.ok(!item.accessibilityLabel.includes('$('), 'no codicon syntax read out');
    assert.deepStrictEqual(item.command, { title: 'Submit Batch', command: 'batchStudio.submitBatch' });

    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default High Contrast', Global);
    await screenshot('status-high-contrast', { target: '[id="status.languageStatus"]', shows: '.hover-language-status' });
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, Global);

    // Another kind of JSON Lines file: offered to be treated as a batch file, which it then is.
    const notes = explorerFixture('generated-notes.jsonl');
    fs.writeFileSync(notes.fsPath, '{"note": "first"}\n{"note": "second"}\n');
    await vscode.window.showTextDocument(notes);
    const other = await waitUntil(() => {
      const shown = hooks.statusItem();
      return shown.text === 'JSON Lines' ? shown : undefined;
    }, 'the status item of a JSON Lines file that is not a batch file');
    assert.strictEqual(other.detail, 'not a batch file');
    assert.deepStrictEqual(other.command, { title: 'Treat as Batch File', command: 'batchStudio.treatAsBatchFile' });
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.treatAsBatchFile', notes), true);
    await waitForDiagnostics(notes, (list) => list.length > 0, 'the file checked as a batch file');
    await waitUntil(() => (hooks.statusItem().text.startsWith('$(layers) 2 requests') ? true : undefined), 'the status of a batch file');
  });
});
