// Results beside their requests, as a user meets them: a batch run through the emulator, its output
// and error files downloaded beside the input, then each request line's outcome at its end (inlay
// hints), the result in the hover of its custom_id, Go to Definition from a request to its result
// and back, and Show Results: a read-only table of the requests joined with their results, whose
// rows open their input line, filtered to failures by a title-bar toggle, refreshed in place when
// a result file changes, opened from the batch too, and for an output saved under another name
// once it is linked to its input.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { enableTestMode, openFixture, revert, waitUntil } from './helpers';
import {
  answerPrompts,
  batchItem,
  emulatorClient,
  ensureApiKey,
  explorerFixture,
  menuOffers,
  messages,
  removeWrittenFiles,
  snapshot,
} from './explorer';

const INPUT = 'explorer/generated-results.jsonl';

/** Three chat requests; the emulator fails the one whose custom_id starts with `fail-`. */
const requests = ['row-0001', 'fail-0002', 'row-0003'].map((id, i) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarise review ${i + 1}: it arrived on time and works well.` }] },
  }),
);

type Hint = vscode.InlayHint;

function labelOf(hint: Hint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

async function hints(document: vscode.TextDocument): Promise<Hint[]> {
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  return (await vscode.commands.executeCommand<Hint[]>('vscode.executeInlayHintProvider', document.uri, range)) ?? [];
}

/** Waits until the document's inlay hints read `expected` (line → label pattern). */
async function waitForHints(document: vscode.TextDocument, expected: RegExp[], what: string): Promise<Hint[]> {
  let last: Hint[] = [];
  try {
    return await waitUntil(async () => {
      last = await hints(document);
      return last.length === expected.length && last.every((hint, i) => hint.position.line === i && expected[i].test(labelOf(hint)))
        ? last
        : undefined;
    }, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the hints: ${last.map((h) => `${h.position.line}: ${labelOf(h)}`).join(', ') || 'none'}`);
  }
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const found = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return (
    found
      .flatMap((hover) => hover.contents)
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n\n')
  );
}

async function definitions(document: vscode.TextDocument, position: vscode.Position): Promise<{ uri: string; line: number }[]> {
  const found =
    (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      position,
    )) ?? [];
  return found.map((f) =>
    'targetUri' in f
      ? { uri: f.targetUri.toString(), line: f.targetRange.start.line }
      : { uri: f.uri.toString(), line: f.range.start.line },
  );
}

/** Inside the custom_id's value on a line. */
function idPosition(document: vscode.TextDocument, line: number): vscode.Position {
  const text = document.lineAt(line).text;
  const start = text.indexOf('"custom_id"');
  assert.ok(start >= 0, `line ${line + 1} has a custom_id`);
  return new vscode.Position(line, text.indexOf('"', start + 12) + 2);
}

async function viewDocument(uri: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
}

/** The rows of a results view: the lines after its column header. */
function rows(document: vscode.TextDocument): string[] {
  const lines = document.getText().split('\n');
  return lines.slice(lines.findIndex((line) => /^line {2}custom_id/.test(line)) + 1).filter(Boolean);
}

describe('results beside their requests', function () {
  this.timeout(60_000);
  let batchId: string;
  let input: vscode.TextDocument;
  const inputUri = () => explorerFixture('generated-results.jsonl');
  const output = () => explorerFixture('generated-results.output.jsonl');
  const errors = () => explorerFixture('generated-results.errors.jsonl');

  before(async () => {
    removeWrittenFiles();
    fs.writeFileSync(inputUri().fsPath, `${requests.join('\n')}\n`);
    input = await openFixture(INPUT); // activates Batch Studio when this file runs alone
    await enableTestMode();
    await ensureApiKey();
    await answerPrompts(''); // no description
    const id = await vscode.commands.executeCommand<string | undefined>('batchStudio.submitBatch', inputUri());
    assert.match(id ?? '', /^batch_/, 'the batch was submitted');
    batchId = id!;
    const client = emulatorClient();
    await waitUntil(
      async () => ((await client.batches.retrieve(batchId)).status === 'completed' ? true : undefined),
      'the batch to complete',
      30_000,
    );
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.downloadOutput', batchId), output().fsPath);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.downloadErrors', batchId), errors().fsPath);
    input = await openFixture(INPUT);
  });

  after(async () => {
    if (input) await revert(input);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it('marks each request line with how it went, at the end of the line', async () => {
    const found = await waitForHints(
      input,
      [/^✓ 200 · \d+ tok$/, /^✗ 400 emulated_failure$/, /^✓ 200 · \d+ tok$/],
      'a marker on each request',
    );
    assert.strictEqual(found[0].position.character, input.lineAt(0).text.length, 'at the end of the line');
    const part = found[0].label as vscode.InlayHintLabelPart[];
    assert.strictEqual(part[0].location?.uri.toString(), output().toString(), 'the marker links to the result line');

    // A request added since the batch ran has no result: it did not run.
    const edit = new vscode.WorkspaceEdit();
    const added = requests[0].replace('row-0001', 'row-0004');
    edit.insert(input.uri, new vscode.Position(input.lineCount - 1, 0), `${added}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForHints(input, [/^✓ 200/, /^✗ 400/, /^✓ 200/, /^not run$/], 'the new request marked as not run');
    await revert(input);
  });

  it('shows the result when hovering a custom_id: the reply and the tokens, or the error', async () => {
    const ok = await hoverText(input, idPosition(input, 0));
    assert.match(ok, /\*\*Result: ✓ 200\*\* — generated\\-results\\.output\\.jsonl, line 1/);
    assert.match(ok, /> Emulated reply to: "Summarise review 1/);
    assert.match(ok, /Tokens: \d+ tokens \(\d+ in, \d+ out\)/);
    const failed = await hoverText(input, idPosition(input, 1));
    assert.match(failed, /\*\*Result: ✗ 400 emulated\\_failure\*\* — generated\\-results\\.errors\\.jsonl, line 1/);
    assert.match(failed, /The emulator failed this request on purpose/);
  });

  it('goes from a request to its result line, and from a result back to its request', async () => {
    assert.deepStrictEqual(await definitions(input, idPosition(input, 2)), [{ uri: output().toString(), line: 1 }]);
    assert.deepStrictEqual(await definitions(input, idPosition(input, 1)), [{ uri: errors().toString(), line: 0 }]);
    const result = await vscode.workspace.openTextDocument(output());
    assert.deepStrictEqual(await definitions(result, idPosition(result, 1)), [{ uri: inputUri().toString(), line: 2 }]);
    const hover = await hoverText(result, idPosition(result, 1));
    assert.match(hover, /\*\*Request\*\* — generated\\-results\\.jsonl, line 3\n\n> Summarise review 3/);
  });

  let allView: string;

  it('Show Results: a read-only table of the requests and their results, each row opening its input line', async () => {
    const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.showResults', inputUri());
    assert.ok(uri, 'Show Results opened a view');
    allView = uri;
    const view = await viewDocument(uri);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), view.uri.toString(), 'the view is shown');
    assert.strictEqual(view.uri.scheme, 'batch-results');
    assert.strictEqual(view.languageId, 'batch-results');
    const text = view.getText();
    assert.match(text, /^Results of generated-results\.jsonl\n3 requests · 2 succeeded · 1 failed · 0 not run · \d[\d,]* tokens/);
    assert.match(text, /\nFrom generated-results\.output\.jsonl, generated-results\.errors\.jsonl\n/);
    const shown = rows(view);
    assert.strictEqual(shown.length, 3);
    assert.match(shown[0], /^ {3}1 {2}row-0001 {3}✓ 200 .*Summarise review 1: .*Emulated reply to: .* \d+$/);
    assert.match(shown[1], /^ {3}2 {2}fail-0002 {2}✗ 400 emulated_failure {2}.*Summarise review 2.*The emulator failed/);
    assert.match(shown[2], /^ {3}3 {2}row-0003 /);

    const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', view.uri)) ?? [];
    const targets = links.map((link) => [view.getText(link.range), link.target?.with({ fragment: '' }).toString(), link.target?.fragment]);
    assert.deepStrictEqual(targets, [
      ['1', inputUri().toString(), 'L1'],
      ['row-0001', inputUri().toString(), 'L1'],
      ['2', inputUri().toString(), 'L2'],
      ['fail-0002', inputUri().toString(), 'L2'],
      ['3', inputUri().toString(), 'L3'],
      ['row-0003', inputUri().toString(), 'L3'],
    ]);
  });

  let failuresView: vscode.TextDocument;

  it('shows only the failures with the title-bar toggle, in place of the full view', async () => {
    const menus = (
      vscode.extensions.getExtension('batch-studio.batch-studio')?.packageJSON as {
        contributes: { menus: Record<string, { command: string; when?: string }[]> };
      }
    ).contributes.menus['editor/title'];
    assert.ok(
      // VS Code hands the manifest back with its when clauses normalised: `resourceScheme == 'batch-results'`.
      menus.some(
        (entry) => entry.command === 'batchStudio.toggleResultFailures' && /^resourceScheme == '?batch-results'?$/.test(entry.when ?? ''),
      ),
      `the toggle is in the title bar of a results view: ${JSON.stringify(menus)}`,
    );
    const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.toggleResultFailures');
    assert.ok(uri && uri !== allView);
    failuresView = await viewDocument(uri);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), failuresView.uri.toString());
    assert.match(failuresView.getText(), /\nFailures only: 1 request that failed or did not run\.\n/);
    assert.deepStrictEqual(
      rows(failuresView).map((row) => row.trim().split(/ {2,}/).slice(0, 3)),
      [['2', 'fail-0002', '✗ 400 emulated_failure']],
    );
    const open = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .map((tab) => (tab.input as { uri?: vscode.Uri }).uri?.toString());
    assert.ok(!open.includes(allView), 'the full view’s tab was replaced');
  });

  it('refreshes in place when a result file changes on disk', async () => {
    fs.rmSync(errors().fsPath);
    await waitUntil(
      () => (/ · 0 failed · 1 not run/.test(failuresView.getText()) ? true : undefined),
      'the view to show the failed request as not run once its error file is gone',
    );
    assert.match(rows(failuresView)[0], /^ {3}2 {2}fail-0002 {2}· not run/);
    assert.strictEqual(failuresView.isDirty, false, 'a view never asks to be saved');
  });

  it('opens from a batch in the Batches view, downloading its results first when they are not there', async () => {
    await vscode.commands.executeCommand('batchStudio.refreshBatches');
    const item = await waitUntil(async () => batchItem(await snapshot(), batchId), 'the batch in the tree');
    assert.ok(menuOffers('batchStudio.showResults', item.contextValue), `the batch's menu offers Show Results (${item.contextValue})`);
    fs.rmSync(output().fsPath);
    await messages(true);
    await answerPrompts('Download');
    const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.showResults', batchId);
    const asked = (await messages(true)).find((m) => m.kind === 'modal');
    assert.strictEqual(
      asked?.message,
      "The results of 'generated-results.jsonl' are not downloaded yet.\nDownload them beside generated-results.jsonl to show them?",
    );
    assert.ok(fs.existsSync(output().fsPath) && fs.existsSync(errors().fsPath), 'both result files are downloaded again');
    assert.ok(uri);
    const view = await viewDocument(uri);
    // The view was open already: it follows the downloads as their files appear.
    await waitUntil(
      () => (/\n3 requests · 2 succeeded · 1 failed · 0 not run/.test(view.getText()) ? true : undefined),
      'the view to show both result files',
    );
  });

  it('uses an output file saved under another name once it is linked to its input', async () => {
    const copy = explorerFixture('generated-results-copy.jsonl');
    const elsewhere = explorerFixture('generated-batch-output.jsonl');
    fs.copyFileSync(inputUri().fsPath, copy.fsPath);
    fs.copyFileSync(output().fsPath, elsewhere.fsPath);
    const document = await vscode.workspace.openTextDocument(copy);
    await vscode.window.showTextDocument(document);
    assert.deepStrictEqual(await hints(document), [], 'no results by name');
    await messages(true);
    await answerPrompts(elsewhere.fsPath);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.linkResultsFile', copy), elsewhere.fsPath);
    await waitForHints(document, [/^✓ 200/, /^not run$/, /^✓ 200/], 'the linked output’s results');
    const view = vscode.window.activeTextEditor?.document;
    assert.strictEqual(view?.uri.scheme, 'batch-results', 'the results are shown once linked');
    assert.match(view.getText(), /\nFrom generated-batch-output\.jsonl\n/);
  });
});
