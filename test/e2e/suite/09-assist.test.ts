import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, openFixture, rangeOf, revert, waitForCodes, waitForDiagnostics } from './helpers';

// fix-me-batch.jsonl: line 1 (0-based) repeats line 0's custom_id and misspells temperature.
describe('quick fixes, hover and completion in the editor', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openFixture('fix-me-batch.jsonl');
  });

  after(async () => {
    if (document) await revert(document);
  });

  it('fixes a misspelt parameter with its quick fix', async () => {
    const diagnostics = await waitForCodes(document.uri, ['unknown_parameter']);
    const unknown = diagnostics.find((d) => codeOf(d) === 'unknown_parameter')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      unknown.range,
    );
    const fix = actions.find((a) => a.title === 'Change to "temperature"');
    assert.ok(fix?.edit, `a quick fix is offered; got: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.lineAt(1).text.includes('"temperature"'));
    await waitForDiagnostics(document.uri, (list) => !list.some((d) => codeOf(d) === 'unknown_parameter'), 'the warning to clear');
  });

  it('explains a parameter on hover', async () => {
    const at = rangeOf(document, 0, '"model"').start.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*model\*\*/);
  });

  it('completes message roles', async () => {
    const at = rangeOf(document, 0, '"role": "').end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, at);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const role of ['"system"', '"user"', '"assistant"'])
      assert.ok(labels.includes(role), `${role} in ${labels.slice(0, 12).join(' ')}`);
  });
});
