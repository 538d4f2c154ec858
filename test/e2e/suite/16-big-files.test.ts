// Batch files over 50 MB, which VS Code never hands to extensions as documents (the API takes
// 200 MB): opened as a tab, such a file is validated from disk by the language server, its
// problems reach the Problems panel and its counts and cost the status item, it is checked again when it
// changes on disk, and Submit refuses it with a Show Problems that works. And with
// batchStudio.validation.workspace, a batch file nobody opened is validated too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  type BatchStatus,
  batchStatus,
  codeOf,
  enableTestMode,
  fixtureUri,
  openFixture,
  testing,
  waitForCodes,
  waitForDiagnostics,
  waitUntil,
} from './helpers';
import { API_LIMIT, BROKEN, BROKEN_LINE, FROM_DISK_MS, MB, REQUESTS, request, summary, tabOf, writeHugeFile } from './bigFiles';
import { answerPrompts, emulatorClient, ensureApiKey, findMessage, messages } from './explorer';

describe('batch files over 50 MB', function () {
  this.timeout(3 * FROM_DISK_MS);
  let huge: vscode.Uri;

  before(async () => {
    await openFixture('chat-batch.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
    huge = fixtureUri('generated-huge-batch.jsonl');
    writeHugeFile(huge.fsPath);
    assert.ok(fs.statSync(huge.fsPath).size > 50 * MB, 'the file is over the 50 MB VS Code syncs');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('batchStudio.validation').update('workspace', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(huge.fsPath, { force: true });
    fs.rmSync(fixtureUri('generated-unopened-batch.jsonl').fsPath, { force: true });
  });

  it('shows the problems of an open file VS Code does not sync, read from disk', async () => {
    await vscode.commands.executeCommand('vscode.open', huge, { preview: false });
    await waitUntil(() => tabOf(huge), 'a tab for the file');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === huge.toString()),
      'VS Code gave extensions no document for it',
    );
    const diagnostics = await waitForCodes(huge, ['too_many_requests', 'invalid_json_line'], FROM_DISK_MS);
    assert.deepStrictEqual(summary(diagnostics), [`${API_LIMIT}:too_many_requests`, `${BROKEN_LINE}:invalid_json_line`].sort());
    const broken = diagnostics.find((d) => codeOf(d) === 'invalid_json_line');
    assert.strictEqual(broken?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('shows its request count, endpoint and model in the status item', async () => {
    await vscode.commands.executeCommand('vscode.open', huge, { preview: false });
    const status = await waitUntil(async () => {
      const shown = await batchStatus();
      return shown?.requests === REQUESTS ? shown : undefined;
    }, `the status item to count ${REQUESTS} requests`);
    assert.deepStrictEqual({ endpoint: status.endpoint, model: status.model }, { endpoint: '/v1/chat/completions', model: 'gpt-4o-mini' });
  });

  it('then shows its tokens and estimated cost, counted from disk', async () => {
    await vscode.commands.executeCommand('vscode.open', huge, { preview: false });
    // Every request but the broken one is capped at 200 output tokens.
    const maxOutput = ((REQUESTS - 1) * 200).toLocaleString('en-US');
    const estimate = new RegExp(
      `^/v1/chat/completions · [\\d,]+ input tokens \\+ up to ${maxOutput} output; est\\. \\$[\\d.]+ \\+ up to \\$[\\d.]+ output`,
    );
    let shown: (BatchStatus & { detail?: string }) | null = null;
    await waitUntil(
      async () => ((shown = await batchStatus()) && estimate.test(shown.detail ?? '') ? true : undefined),
      'the status item to show the estimate',
      FROM_DISK_MS,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(shown)}`);
    });
    const item = (await testing()).statusItem();
    assert.match(item.text, new RegExp(`^\\$\\(layers\\) ${REQUESTS.toLocaleString('en-US')} requests · gpt-4o-mini · ≤ \\$[\\d.]+$`));
  });

  it('checks it again when it changes on disk', async () => {
    fs.appendFileSync(huge.fsPath, request(1) + '\n'); // review-1 again
    const diagnostics = await waitForCodes(huge, ['duplicate_custom_id'], FROM_DISK_MS);
    assert.ok(
      diagnostics.some((d) => codeOf(d) === 'duplicate_custom_id' && d.range.start.line === REQUESTS),
      'the new last line repeats an id',
    );
  });

  it('Submit refuses it, and Show Problems shows them without opening a document', async () => {
    await ensureApiKey();
    await vscode.commands.executeCommand('vscode.open', huge, { preview: false });
    await messages(true);
    await answerPrompts('Show Problems');
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitBatch'), undefined, 'nothing was submitted');
    const shown = await messages(true);
    const refusal = findMessage(shown, 'modal', /^generated-huge-batch\.jsonl has 3 errors/);
    assert.strictEqual(refusal.severity, 'error');
    assert.match(refusal.message, new RegExp(`\\nLine ${API_LIMIT + 1}: `), 'it quotes the first error');
    assert.deepStrictEqual(
      shown.filter((m) => m.severity === 'error' && m !== refusal).map((m) => m.message),
      [],
      'no other error (such as "cannot open … Files above 50MB cannot be synchronized")',
    );
    assert.ok(tabOf(huge)?.isActive, 'its tab is the active one');
    const uploaded = (await emulatorClient().files.list()).data.filter((f) => f.filename === 'generated-huge-batch.jsonl');
    assert.deepStrictEqual(uploaded, [], 'nothing was uploaded');
  });

  it('clears its problems when its tab is closed', async () => {
    const tab = tabOf(huge);
    assert.ok(tab);
    await vscode.window.tabGroups.close(tab);
    await waitForDiagnostics(huge, (list) => list.length === 0, 'no problems once closed');
  });

  it('with batchStudio.validation.workspace, validates batch files nobody opened, as they change', async () => {
    const unopened = fixtureUri('generated-unopened-batch.jsonl');
    fs.writeFileSync(unopened.fsPath, `${request(1)}\n${BROKEN}\n`);
    const settings = vscode.workspace.getConfiguration('batchStudio.validation');
    await settings.update('workspace', true, vscode.ConfigurationTarget.Workspace);
    assert.deepStrictEqual(summary(await waitForCodes(unopened, ['invalid_json_line'], FROM_DISK_MS)), ['1:invalid_json_line']);
    // The large file too, though no tab shows it.
    await waitForCodes(huge, ['too_many_requests'], FROM_DISK_MS);
    // Fixed on disk (by another tool): its problem goes.
    fs.writeFileSync(unopened.fsPath, `${request(1)}\n${request(2)}\n`);
    await waitForDiagnostics(unopened, (list) => list.length === 0, 'no problems once fixed on disk', FROM_DISK_MS);
    fs.appendFileSync(unopened.fsPath, `${request(2)}\n`);
    await waitForCodes(unopened, ['duplicate_custom_id'], FROM_DISK_MS);
    await settings.update('workspace', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(unopened, (list) => list.length === 0, 'no problems once the setting is off', FROM_DISK_MS);
    await waitForDiagnostics(huge, (list) => list.length === 0, 'no problems once the setting is off', FROM_DISK_MS);
  });
});
