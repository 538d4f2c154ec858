// Navigating a batch file and editing one request, as a user does: the Outline's symbols, Go to
// Definition and Find All References on a duplicate custom_id, and Edit Request: the request as
// formatted JSON in its own tab, checked as the line is, saved back as one line in one undo step,
// refused when it is not JSON, and found again after lines above it moved.
//
// navigate-batch.jsonl: "intro" (a six-message conversation), "summary", "intro" again, "faq".
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, enableTestMode, openFixture, rangeOf, revert, waitForDiagnostics, waitUntil } from './helpers';

const FIXTURE = 'navigate-batch.jsonl';

/** The location a definition provider answered (a Location or a LocationLink). */
function targetOf(found: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in found ? { uri: found.targetUri, range: found.targetSelectionRange ?? found.targetRange } : found;
}

describe('navigating a batch file and editing a request', () => {
  let batch: vscode.TextDocument;
  let original: string[];

  before(async () => {
    batch = await openFixture(FIXTURE); // activates Batch Studio when this file runs alone
    await enableTestMode();
    original = batch.getText().split('\n');
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'batch-request')) await revert(document);
    if (batch) await revert(batch);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists each request in the Outline by its custom_id, with endpoint and model', async () => {
    const symbols = await waitUntil(async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        batch.uri,
      );
      return found && found.length > 0 ? found : undefined;
    }, 'the Outline of the batch file');
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.detail, s.range.start.line]),
      [
        ['intro', '/v1/chat/completions · gpt-4o-mini', 0],
        ['summary', '/v1/chat/completions · gpt-4o-mini', 1],
        ['intro', '/v1/chat/completions · gpt-4o-mini', 2],
        ['faq', '/v1/chat/completions · gpt-4o-mini', 3],
      ],
    );
    assert.strictEqual(batch.getText(symbols[3].selectionRange), '"faq"', 'Go to Symbol puts the cursor on the id');
  });

  it('goes from a duplicate custom_id to its first use', async () => {
    const at = rangeOf(batch, 2, '"intro"').start.translate(0, 2);
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      batch.uri,
      at,
    );
    const targets = found.map(targetOf).filter((t) => t.uri.toString() === batch.uri.toString());
    assert.strictEqual(targets.length, 1, `one definition; got ${JSON.stringify(found)}`);
    assert.strictEqual(targets[0].range.start.line, 0);
    assert.strictEqual(batch.getText(targets[0].range), '"intro"');
  });

  it('finds all references of a custom_id', async () => {
    const at = rangeOf(batch, 0, '"intro"').start.translate(0, 2);
    const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', batch.uri, at);
    assert.deepStrictEqual(found.map((l) => [l.uri.toString(), l.range.start.line, batch.getText(l.range)]).sort(), [
      [batch.uri.toString(), 0, '"intro"'],
      [batch.uri.toString(), 2, '"intro"'],
    ]);
  });

  it('offers Edit Request as a code action on a request line', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      batch.uri,
      new vscode.Range(1, 5, 1, 5),
    );
    const edit = actions.find((a) => a.title === 'Edit request as formatted JSON');
    assert.ok(edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.strictEqual(edit.command?.command, 'batchStudio.editRequest');
    assert.deepStrictEqual(edit.command.arguments?.[1], 1);
  });

  describe('Edit Request', () => {
    let request: vscode.TextDocument;

    async function editRequest(line: number): Promise<vscode.TextDocument> {
      const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.editRequest', batch.uri, line);
      assert.ok(uri, 'Edit Request opened a document');
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.toString(), uri, 'the request is the active editor');
      return editor.document;
    }

    async function replaceInRequest(needle: string, replacement: string): Promise<void> {
      const text = request.getText();
      const at = text.indexOf(needle);
      assert.ok(at >= 0, `the request holds ${needle}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(request.uri, new vscode.Range(request.positionAt(at), request.positionAt(at + needle.length)), replacement);
      assert.ok(await vscode.workspace.applyEdit(edit));
    }

    it('opens the long conversation as formatted JSON in its own tab', async () => {
      request = await editRequest(0);
      assert.strictEqual(request.uri.scheme, 'batch-request');
      assert.strictEqual(request.languageId, 'json');
      assert.ok(request.lineCount > 30, `one member per line: ${request.lineCount} lines`);
      assert.strictEqual(request.lineAt(1).text, '  "custom_id": "intro",');
      assert.deepStrictEqual(JSON.parse(request.getText()), JSON.parse(original[0]), 'the same request');
      assert.ok(
        request
          .getText()
          .split('\n')
          .some((line) => line.trim() === '"content": "Can I pick it up at the depot instead?"'),
        'each message on lines of its own',
      );
    });

    it("checks it against the batch schemas, on the request's own lines", async () => {
      // Its id is the one line 3 repeats: the request says so, as the batch file does.
      const [duplicate] = await waitForDiagnostics(request.uri, (list) => list.length > 0, 'the duplicate id in the request');
      assert.strictEqual(codeOf(duplicate), 'duplicate_custom_id');
      assert.match(duplicate.message, /"intro" is already used on line 3 of the batch file/);
      assert.strictEqual(request.getText(duplicate.range), '"intro"');

      await replaceInRequest('"role": "user"', '"role": "customer"');
      const invalid = (list: vscode.Diagnostic[]) => list.find((d) => codeOf(d) === 'invalid_value');
      const problem = invalid(
        await waitForDiagnostics(request.uri, (list) => invalid(list) !== undefined, 'invalid_value in the request'),
      )!;
      assert.strictEqual(request.getText(problem.range), '"customer"');
      assert.ok(problem.range.start.line > 3, 'the range is on the line of the value');
      await replaceInRequest('"role": "customer"', '"role": "user"');
      await waitForDiagnostics(request.uri, (list) => invalid(list) === undefined, 'invalid_value to clear once fixed');
    });

    it('hovers and completes in the request', async () => {
      const text = request.getText();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        request.uri,
        request.positionAt(text.indexOf('"model"') + 2),
      );
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
      assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /\*\*model\*\*/);
      const inRole = request.positionAt(text.indexOf('"role": "') + '"role": "'.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', request.uri, inRole);
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.ok(labels.includes('"assistant"'), `roles offered: ${labels.slice(0, 12).join(' ')}`);
    });

    it('saves back as one line in place, in the line’s own style, undone in one step', async () => {
      await replaceInRequest('what are the opening hours?', 'what are the opening hours on Saturday?');
      assert.ok(await request.save(), 'the request was saved');
      assert.strictEqual(request.isDirty, false);
      const expected = original[0].replace('what are the opening hours?', 'what are the opening hours on Saturday?');
      await waitUntil(() => (batch.lineAt(0).text === expected ? true : undefined), 'line 1 of the batch file to hold the edited request');
      assert.strictEqual(batch.lineCount, original.length, 'still one line per request');
      assert.deepStrictEqual(batch.getText().split('\n').slice(1), original.slice(1), 'the other lines are untouched');
      assert.ok(batch.isDirty, 'the batch file has the change, unsaved');

      await vscode.window.showTextDocument(batch, { preview: false });
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(batch.lineAt(0).text, original[0], 'one undo restores the line');
      // The request's tab follows its line.
      await waitUntil(
        () => (request.getText().includes('"Great, and what are the opening hours?"') ? true : undefined),
        'the request tab to show the restored line',
      );
    });

    it('refuses to save a request that is no longer JSON, leaving the batch file alone', async () => {
      request = await editRequest(0);
      await replaceInRequest('"method": "POST",', '"method": "POST"');
      const [syntax] = await waitForDiagnostics(
        request.uri,
        (list) => list.some((d) => codeOf(d) === 'invalid_json_line'),
        'the syntax error in the request',
      );
      assert.match(syntax.message, /not valid JSON: a missing ','/);
      assert.strictEqual(await request.save(), false, 'the save fails');
      assert.ok(request.isDirty, 'the edit is kept in the tab');
      assert.strictEqual(batch.lineAt(0).text, original[0], 'the batch file is unchanged');
      await replaceInRequest('"method": "POST"', '"method": "POST",');
      assert.ok(await request.save(), 'saved once fixed');
      assert.strictEqual(batch.lineAt(0).text, original[0], 'an unchanged request gives back its line exactly');
    });

    it('asks before overwriting a line that was changed in the batch file meanwhile', async () => {
      const hooks = await enableTestMode();
      request = await editRequest(1);
      await replaceInRequest('in one sentence.', 'in one short sentence.');
      const meanwhile = new vscode.WorkspaceEdit();
      meanwhile.replace(batch.uri, rangeOf(batch, 1, '"gpt-4o-mini"'), '"gpt-4.1-mini"');
      assert.ok(await vscode.workspace.applyEdit(meanwhile));
      const changedLine = batch.lineAt(1).text;
      hooks.messages(true);

      hooks.answerPrompts([null]);
      assert.strictEqual(await request.save(), false, 'not saved when the user declines');
      const [asked] = hooks.messages(true).filter((m) => m.kind === 'modal');
      assert.match(asked?.message ?? '', /^Line 2 of navigate-batch\.jsonl changed since this request was opened\./);
      assert.deepStrictEqual(asked.options, ['Overwrite']);
      assert.strictEqual(batch.lineAt(1).text, changedLine, "the batch file's own change is kept");

      hooks.answerPrompts(['Overwrite']);
      assert.ok(await request.save(), 'saved when the user agrees');
      assert.strictEqual(batch.lineAt(1).text, original[1].replace('in one sentence.', 'in one short sentence.'));
    });

    it('finds its line again after lines above it moved', async () => {
      request = await editRequest(3);
      const added = new vscode.WorkspaceEdit();
      added.insert(batch.uri, new vscode.Position(0, 0), `${original[1].replace('"summary"', '"new-first"')}\n`);
      assert.ok(await vscode.workspace.applyEdit(added));
      await replaceInRequest('"max_completion_tokens": 300', '"max_completion_tokens": 500');
      assert.ok(await request.save(), 'the request was saved');
      assert.strictEqual(
        batch.lineAt(4).text,
        original[3].replace('"max_completion_tokens": 300', '"max_completion_tokens": 500'),
        'the request, now on line 5, changed',
      );
      assert.strictEqual(batch.lineAt(3).text, original[2], 'the line above is untouched');
    });
  });
});
