// Split into Batches and Submit All Parts as a user drives them: the quick fix on a file over a
// batch's limits writes the parts beside it and says what it wrote; an earlier split is replaced
// only after asking; Submit All Parts sends one batch per part to the emulator, named by its group,
// and a second run sends nothing twice. Sets up its own file, key and test mode.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Batch } from 'openai/resources/batches';
import * as vscode from 'vscode';
import { batchStatus, codeOf, enableTestMode, revert, waitForCodes, waitUntil } from './helpers';
import {
  answerPrompts,
  customIds,
  emulatorClient,
  ensureApiKey,
  explorerFixture,
  findMessage,
  messages,
  removeWrittenFiles,
  setFaults,
  showBatchesView,
} from './explorer';

const INPUT = 'generated-embeddings.jsonl';
const PARTS = ['generated-embeddings.part-001.jsonl', 'generated-embeddings.part-002.jsonl'];

/** What Submit All Parts resolves to. */
interface SubmitAllPartsResult {
  submitted: { part: string; batchId: string }[];
  skipped: { part: string; batchId: string }[];
  notSubmitted: string[];
}

/** 25 embeddings requests of 2,048 inputs each: 51,200 inputs, over the 50,000 a file may send. */
function writeOversizedInput(): vscode.Uri {
  const lines = Array.from({ length: 25 }, (_, i) =>
    JSON.stringify({
      custom_id: `doc-${String(i + 1).padStart(2, '0')}`,
      method: 'POST',
      url: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: Array.from({ length: 2048 }, (_, j) => `passage ${i + 1}.${j + 1}`) },
    }),
  );
  const uri = explorerFixture(INPUT);
  fs.writeFileSync(uri.fsPath, `${lines.join('\n')}\n`);
  return uri;
}

const partPath = (name: string) => explorerFixture(name).fsPath;

describe('split into batches', function () {
  this.timeout(60_000);
  let input: vscode.Uri;

  before(async () => {
    removeWrittenFiles();
    input = writeOversizedInput();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(input), { preview: false });
    await enableTestMode();
    await ensureApiKey();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it('offers the split as a quick fix of a file over its limit, and writes the parts beside it', async () => {
    const diagnostics = await waitForCodes(input, ['too_many_embedding_inputs']);
    const problem = diagnostics.find((d) => codeOf(d) === 'too_many_embedding_inputs');
    assert.ok(problem);
    assert.strictEqual(problem.range.start.line, 24, 'on the line that passes 50,000 inputs');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      input,
      problem.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const split = actions.find((a) => a.command?.command === 'batchStudio.splitIntoBatches');
    assert.ok(split?.command, `Split into Batches is offered; offered: ${actions.map((a) => a.title).join(', ') || 'nothing'}`);
    assert.strictEqual(split.title, `Split into batches that fit: ${PARTS[0]}, ${PARTS[1]}, …`);

    await messages(true);
    const written = await vscode.commands.executeCommand<string[] | undefined>(
      split.command.command,
      ...((split.command.arguments ?? []) as unknown[]),
    );
    assert.deepStrictEqual(
      written?.map((uri) => path.posix.basename(vscode.Uri.parse(uri).path)),
      PARTS,
    );
    const shown = findMessage(await messages(true), 'notification', /^Split generated-embeddings\.jsonl into 2 batch files/);
    assert.match(
      shown.message,
      /: generated-embeddings\.part-001\.jsonl \(24 requests, [\d.,]+ KB\), generated-embeddings\.part-002\.jsonl \(1 request, [\d.,]+ KB\)\.$/,
    );
    assert.deepStrictEqual(shown.options, ['Submit All Parts', 'Show in Explorer']);

    const original = fs.readFileSync(input.fsPath, 'utf8');
    const parts = PARTS.map((name) => fs.readFileSync(partPath(name), 'utf8'));
    assert.strictEqual(parts.join(''), original, 'the parts together are the file, byte for byte');
    const ids = PARTS.flatMap((name) => customIds(partPath(name)));
    assert.deepStrictEqual(ids, customIds(input.fsPath), 'every request once, in order');
    assert.strictEqual(new Set(ids).size, ids.length, 'custom_ids are unique across the parts');

    // Each part is a valid batch file: the editor finds no problem in it.
    const part = await vscode.workspace.openTextDocument(explorerFixture(PARTS[0]));
    await vscode.window.showTextDocument(part, { preview: false });
    const status = await waitUntil(async () => {
      const shownStatus = await batchStatus();
      return shownStatus?.requests === 24 ? shownStatus : undefined;
    }, 'the status item to show part 1');
    assert.strictEqual(status.endpoint, '/v1/embeddings');
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(part.uri).filter((d) => d.source === 'batch-studio'),
      [],
    );
  });

  it('asks before replacing the parts of an earlier split, and before splitting unsaved edits', async () => {
    const before = PARTS.map((name) => fs.statSync(partPath(name)).mtimeMs);
    await messages(true);
    await answerPrompts(null);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.splitIntoBatches', input), undefined);
    const ask = findMessage(
      await messages(true),
      'modal',
      /^generated-embeddings\.jsonl was split before: .* exist already\. Replace them\?/,
    );
    assert.deepStrictEqual(ask.options, ['Replace']);
    assert.deepStrictEqual(
      PARTS.map((name) => fs.statSync(partPath(name)).mtimeMs),
      before,
      'dismissed: the parts are untouched',
    );

    await answerPrompts('Replace');
    const replaced = await vscode.commands.executeCommand<string[] | undefined>('batchStudio.splitIntoBatches', input);
    assert.strictEqual(replaced?.length, 2);

    // Unsaved edits: the file on disk is what gets split, so it asks to save first.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(input), { preview: false });
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), ' '));
    await messages(true);
    await answerPrompts(null);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.splitIntoBatches', input), undefined);
    const save = findMessage(await messages(true), 'modal', /^generated-embeddings\.jsonl has unsaved changes\./);
    assert.deepStrictEqual(save.options, ['Save and Split']);
    await revert(editor.document);
  });

  it('submits one batch per part, named by their group, and never a part twice', async () => {
    const client = emulatorClient();
    const known = new Set((await client.batches.list({ limit: 100 })).data.map((b) => b.id));
    await showBatchesView();

    // The first create is refused: the run stops there, says what was not sent, and sends nothing.
    await setFaults({ kind: 'status', status: 400, method: 'POST', path: '^/v1/batches$', message: 'Quota exceeded for today.' });
    await messages(true);
    await answerPrompts('');
    const failed = await vscode.commands.executeCommand<SubmitAllPartsResult | undefined>('batchStudio.submitAllParts', input);
    assert.deepStrictEqual(failed, { submitted: [], skipped: [], notSubmitted: PARTS });
    const stopped = findMessage(
      await messages(true),
      'notification',
      /^Could not create the batch for generated-embeddings\.part-001\.jsonl: /,
    );
    assert.match(
      stopped.message,
      /Quota exceeded for today\..* The uploaded file was deleted again\. Not submitted: generated-embeddings\.part-001\.jsonl, generated-embeddings\.part-002\.jsonl\. Submit All Parts again sends only the parts not submitted yet\.$/,
    );
    assert.strictEqual((await client.batches.list({ limit: 100 })).data.filter((b) => !known.has(b.id)).length, 0, 'no batch was created');

    await messages(true);
    await answerPrompts('Embeddings of the archive');
    const result = await vscode.commands.executeCommand<SubmitAllPartsResult | undefined>('batchStudio.submitAllParts', input);
    assert.ok(result, 'something was submitted');
    assert.deepStrictEqual(
      result.submitted.map((s) => s.part),
      PARTS,
    );
    assert.deepStrictEqual(result.notSubmitted, []);
    const shown = await messages(true);
    const confirm = findMessage(
      shown,
      'input',
      /^Optional description for these 2 batches: 25 requests in all to \/v1\/embeddings \(text-embedding-3-small\); [\d,]+ input tokens; est\. \$/,
    );
    assert.strictEqual(confirm.answer, 'Embeddings of the archive');
    findMessage(
      shown,
      'notification',
      /^Submitted 2 parts of generated-embeddings\.jsonl: generated-embeddings\.part-001\.jsonl as batch_\w+, generated-embeddings\.part-002\.jsonl as batch_\w+\.$/,
    );

    const created = (await client.batches.list({ limit: 100 })).data.filter((b) => !known.has(b.id));
    assert.deepStrictEqual(
      created.map((b) => b.id).sort(),
      result.submitted.map((s) => s.batchId).sort(),
      'one batch per part in the account',
    );
    for (const [i, name] of PARTS.entries()) {
      const id: string = result.submitted[i].batchId;
      const batch: Batch | undefined = created.find((b) => b.id === id);
      assert.ok(batch);
      assert.strictEqual(batch.endpoint, '/v1/embeddings');
      assert.deepStrictEqual(batch.metadata, {
        input_file_name: name,
        batch_studio_group: INPUT,
        description: `Embeddings of the archive (part ${i + 1} of 2)`,
      });
      const uploaded = await (await client.files.content(batch.input_file_id)).text();
      assert.strictEqual(uploaded, fs.readFileSync(partPath(name), 'utf8'), `${name} is what was uploaded`);
    }

    // Again, from a part: both were sent already, unchanged, so nothing is sent twice.
    const again = await vscode.commands.executeCommand<SubmitAllPartsResult | undefined>(
      'batchStudio.submitAllParts',
      explorerFixture(PARTS[1]),
    );
    assert.deepStrictEqual(again?.submitted, []);
    assert.deepStrictEqual(
      again?.skipped.map((s) => s.batchId),
      result.submitted.map((s) => s.batchId),
    );
    findMessage(
      await messages(true),
      'notification',
      /^All 2 parts of generated-embeddings\.jsonl were submitted already, unchanged since/,
    );
    assert.strictEqual((await client.batches.list({ limit: 100 })).data.filter((b) => !known.has(b.id)).length, 2, 'no new batch');
  });

  it('remembers a part whose create had no certain outcome, and looks for its batch before sending it again', async () => {
    const client = emulatorClient();
    const known = new Set((await client.batches.list({ limit: 100 })).data.map((b) => b.id));
    const ours = async () => (await client.batches.list({ limit: 100 })).data.filter((b) => !known.has(b.id));
    // New versions of the parts, as a new split writes them: not submitted yet.
    const later = new Date(Date.now() + 60_000);
    for (const name of PARTS) fs.utimesSync(partPath(name), later, later);

    // The first create is carried out but its answer lost, and the list to look for it cannot be
    // fetched: whether part 1 was created is unknown.
    await setFaults(
      { kind: 'status', status: 502, method: 'POST', path: '^/v1/batches$', handled: true },
      { kind: 'status', status: 400, method: 'GET', path: '^/v1/batches$', times: 1000, message: 'Listing is switched off.' },
    );
    await messages(true);
    await answerPrompts('');
    const first = await vscode.commands.executeCommand<SubmitAllPartsResult | undefined>('batchStudio.submitAllParts', input);
    assert.deepStrictEqual(first, { submitted: [], skipped: [], notSubmitted: PARTS });
    const stopped = findMessage(
      await messages(true),
      'notification',
      /^Could not create the batch for generated-embeddings\.part-001\.jsonl: /,
    );
    assert.match(
      stopped.message,
      /The uploaded file file-\w+ was kept, since the batch may have been created all the same\. Not submitted: generated-embeddings\.part-001\.jsonl, generated-embeddings\.part-002\.jsonl\. Submit All Parts again first looks for a batch made from the upload of generated-embeddings\.part-001\.jsonl, and sends generated-embeddings\.part-001\.jsonl again only if there is none; then the parts not submitted yet\.$/,
    );
    await setFaults();
    const made = await ours();
    assert.strictEqual(made.length, 1, 'the lost create made the batch of part 1');

    // Again: part 1's batch is found and not sent twice; part 2 is sent.
    await answerPrompts('');
    const again = await vscode.commands.executeCommand<SubmitAllPartsResult | undefined>('batchStudio.submitAllParts', input);
    assert.deepStrictEqual(again?.skipped, [{ part: PARTS[0], batchId: made[0].id }]);
    assert.deepStrictEqual(
      again?.submitted.map((s) => s.part),
      [PARTS[1]],
    );
    findMessage(
      await messages(true),
      'notification',
      new RegExp(
        `^Submitted 1 part of generated-embeddings\\.jsonl: generated-embeddings\\.part-002\\.jsonl as batch_\\w+\\. Submitted before: generated-embeddings\\.part-001\\.jsonl as ${made[0].id}\\.$`,
      ),
    );
    assert.strictEqual((await ours()).length, 2, 'one batch per part, none twice');
  });
});
