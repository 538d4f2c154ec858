// Fixing a batch file as a user does: the preferred quick fix (the light bulb's first choice),
// "Fix all N <code> problems in the file", Fix All (source.fixAll) and Fix All on save through
// `editor.codeActionsOnSave`; and Submit on a file with warnings only, which says how many and of
// which kinds and asks before sending it. The file writes its own inputs into the run's copy of
// the workspace (explorer/generated-*.jsonl, removed again), so it can run alone.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { answerPrompts, emulatorClient, ensureApiKey, explorerFixture, findMessage, messages, removeWrittenFiles } from './explorer';
import { codeOf, enableTestMode, openFixture, revert, waitForCodes, waitForDiagnostics } from './helpers';

const Global = vscode.ConfigurationTarget.Global;

const MESSAGES = [{ role: 'user', content: 'Summarize the ticket.' }];
const row = (fields: Record<string, unknown>, body: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: 'req-1',
    method: 'POST',
    url: '/v1/chat/completions',
    ...fields,
    body: { model: 'gpt-4o-mini', messages: MESSAGES, ...body },
  });

/** Every fault with one obvious repair, a few to a line. */
const BROKEN = [
  row({ url: 'https://api.openai.com/v1/chat/completions' }, { temperature: '0.2' }),
  JSON.stringify({ custom_id: 'req-2', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: MESSAGES, stream: true } }),
  '',
  row({ custom_id: 'req-2' }, { temprature: 0.7, colour: 'red' }),
  row({ custom_id: 5 }, { max_completion_tokens: '256', temperature: 3 }),
];

/** BROKEN, repaired. */
const FIXED = [
  row({}, { temperature: 0.2 }),
  row({ custom_id: 'req-2' }),
  row({ custom_id: 'req-3' }, { temperature: 0.7 }),
  row({ custom_id: '5' }, { max_completion_tokens: 256, temperature: 2 }),
];

function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

function titles(actions: readonly vscode.CodeAction[]): string {
  return actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(', ') || 'none';
}

describe('fixing a batch file', function () {
  this.timeout(60_000);
  let document: vscode.TextDocument;

  before(async () => {
    removeWrittenFiles();
    const uri = explorerFixture('generated-fixes.jsonl');
    fs.writeFileSync(uri.fsPath, BROKEN.join('\n') + '\n');
    document = await openFixture('explorer/generated-fixes.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'jsonl' }).update('codeActionsOnSave', undefined, Global, true);
    if (document) await revert(document);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it('applies the preferred quick fix: a full URL loses its host', async () => {
    const diagnostics = await waitForCodes(document.uri, ['unsupported_url']);
    const url = diagnostics.find((d) => codeOf(d) === 'unsupported_url')!;
    assert.match(url.message, /drop the host, "\/v1\/chat\/completions"\.$/);
    assert.ok(!url.message.includes('/v1/embeddings'), 'the endpoints are not listed');
    const actions = await actionsAt(document.uri, url.range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepStrictEqual(
      preferred.map((a) => a.title),
      ['Change to "/v1/chat/completions"'],
      titles(actions),
    );
    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!));
    assert.ok(document.lineAt(0).text.includes('"url":"/v1/chat/completions"'), document.lineAt(0).text);
    // The body is checked now that the url is right: its numeric string is next.
    await waitForDiagnostics(
      document.uri,
      (list) =>
        !list.some((d) => codeOf(d) === 'unsupported_url') && list.some((d) => d.range.start.line === 0 && codeOf(d) === 'invalid_type'),
      'the url fixed, and the temperature reported',
    );
  });

  it('offers to fix all problems of a kind, beside each of their fixes', async () => {
    const diagnostics = await waitForCodes(document.uri, ['unknown_parameter']);
    const unknown = diagnostics.filter((d) => codeOf(d) === 'unknown_parameter');
    assert.strictEqual(unknown.length, 2);
    const actions = await actionsAt(document.uri, unknown[1].range);
    assert.ok(
      actions.some((a) => a.title === 'Remove "colour"' && a.isPreferred),
      titles(actions),
    );
    assert.ok(
      actions.some((a) => a.title === 'Fix all 2 unknown_parameter problems in the file'),
      titles(actions),
    );
  });

  it('fixes every problem with an obvious repair at once with Fix All (source.fixAll)', async () => {
    const before = await waitForCodes(document.uri, [
      'missing_required_parameter',
      'streaming_unsupported',
      'blank_line',
      'duplicate_custom_id',
      'invalid_value',
    ]);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await actionsAt(document.uri, whole, vscode.CodeActionKind.SourceFixAll.value);
    assert.strictEqual(actions.length, 1, titles(actions));
    const [fixAll] = actions;
    assert.strictEqual(fixAll.kind?.value, 'source.fixAll.batchStudio');
    assert.strictEqual(fixAll.title, `Fix all: ${before.length} problems with an obvious repair`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit!));
    await waitForDiagnostics(document.uri, (list) => list.length === 0, 'no problems left');
    assert.strictEqual(document.getText(), FIXED.join('\n') + '\n');
  });

  it('fixes the file on save with "editor.codeActionsOnSave": {"source.fixAll": "explicit"}', async () => {
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'jsonl' })
      .update('codeActionsOnSave', { 'source.fixAll': 'explicit' }, Global, true);
    const editor = await vscode.window.showTextDocument(document);
    // A stray blank line and a streaming request, typed just before saving.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `${row({ custom_id: 'req-9' }, { stream: true })}\n\n`));
    await waitForCodes(document.uri, ['streaming_unsupported', 'blank_line']);
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.strictEqual(document.isDirty, false, 'saved');
    const saved = fs.readFileSync(document.uri.fsPath, 'utf8');
    assert.strictEqual(saved, [FIXED[0], row({ custom_id: 'req-9' }), ...FIXED.slice(1)].join('\n') + '\n', 'saved as fixed');
    await waitForDiagnostics(document.uri, (list) => list.length === 0, 'no problems after saving');
  });

  describe('Submit with warnings', () => {
    let warned: vscode.TextDocument;
    const input = () => explorerFixture('generated-warnings.jsonl');

    before(async () => {
      await ensureApiKey();
      fs.writeFileSync(
        input().fsPath,
        [row({ custom_id: 'w-1' }, { temprature: 0.3 }), row({ custom_id: 'w-2' }), row({ custom_id: 'w-3' }, { temprature: 0.3 })].join(
          '\n',
        ) + '\n',
      );
      warned = await openFixture('explorer/generated-warnings.jsonl');
      await waitForDiagnostics(
        warned.uri,
        (list) => list.length === 2 && list.every((d) => d.severity === vscode.DiagnosticSeverity.Warning),
        'two warnings',
      );
    });

    const submit = () => vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch', input());

    it('says how many warnings of which kinds, and Show Problems goes to the first', async () => {
      // Batches of earlier tests may still be finishing and adding their output files: count only
      // uploads of this input.
      const uploadsOfInput = async () =>
        (await emulatorClient().files.list()).data.filter((file) => file.filename === 'generated-warnings.jsonl').length;
      const uploads = await uploadsOfInput();
      await messages(true);
      await answerPrompts('Show Problems');
      assert.strictEqual(await submit(), undefined, 'nothing was submitted');
      const ask = findMessage(await messages(true), 'modal', /^generated-warnings\.jsonl has/);
      assert.strictEqual(ask.severity, 'warning');
      assert.match(
        ask.message,
        /^generated-warnings\.jsonl has 2 warnings \(2 unknown_parameter\): the Batch API may fail the requests they are on\. Submit anyway\?\nLine 1: Unknown parameter "temprature" in body\. Did you mean "temperature"\?\nLine 3: /,
      );
      assert.deepStrictEqual(ask.options, ['Show Problems', 'Submit Anyway']);
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.toString(), warned.uri.toString(), 'Show Problems goes to the file');
      assert.strictEqual(editor.selection.active.line, 0, 'and to the first warning');
      assert.strictEqual(await uploadsOfInput(), uploads, 'nothing was uploaded');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    it('submits the file with Submit Anyway', async () => {
      await messages(true);
      await answerPrompts('Submit Anyway', 'Warnings accepted');
      const id = await submit();
      assert.match(id ?? '', /^batch_/, 'the batch was created');
      const shown = await messages(true);
      findMessage(shown, 'modal', /^generated-warnings\.jsonl has 2 warnings/);
      findMessage(shown, 'notification', new RegExp(`^Submitted generated-warnings\\.jsonl as batch ${id}: 3 requests`));
      const batch = await emulatorClient().batches.retrieve(id!);
      assert.strictEqual(batch.metadata?.description, 'Warnings accepted');
    });
  });
});
