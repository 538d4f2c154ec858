// Writing a batch file as a user does: New Batch File (quick picks answered through the test
// hooks), the snippet's tab stops, Add Request and the empty-line completion with the next
// custom_id, values that come with their keys, and model names from the user's setting.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { answerPrompts, findMessage, messages } from './explorer';
import { batchDiagnostics, enableTestMode, fixtureUri, openFixture, revert, testing, waitUntil } from './helpers';

interface Line {
  custom_id: string;
  method: string;
  url: string;
  body: { model: string; [key: string]: unknown };
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

async function completionsAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items;
}

function find(items: vscode.CompletionItem[], label: string): vscode.CompletionItem {
  const item = items.find((i) => labelOf(i) === label);
  assert.ok(item, `${label} is offered; got: ${items.map(labelOf).slice(0, 15).join(' | ')}`);
  return item;
}

/** Inserts a completion item as accepting it does: its snippet at its range. */
async function accept(editor: vscode.TextEditor, item: vscode.CompletionItem): Promise<void> {
  const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
  assert.ok(range && item.insertText instanceof vscode.SnippetString, `${labelOf(item)} is a snippet with a range`);
  assert.ok(await editor.insertSnippet(item.insertText, range), 'the snippet was inserted');
}

/** Types over the selected placeholder, then moves to the next one, as Tab does. */
async function typeAndTab(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
  await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
}

const selected = (editor: vscode.TextEditor) => editor.document.getText(editor.selection);

/** Waits until the status item shows `requests` for the active editor: the server has seen the text. */
async function statusShows(requests: number): Promise<void> {
  const hooks = await testing();
  await waitUntil(() => (hooks.status()?.requests === requests ? true : undefined), `the status item to count ${requests} requests`);
}

async function closeWithoutSaving(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('writing a batch file', () => {
  before(async () => {
    await openFixture('chat-batch.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
  });

  it('New Batch File asks for the endpoint and model, then Tab goes from the custom_id to the prompt', async () => {
    await messages(true);
    await answerPrompts('/v1/embeddings', 'text-embedding-3-small');
    const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.newBatchFile');
    assert.ok(uri, 'a document was opened');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === uri, 'the new file is the active editor');
    assert.strictEqual(editor.document.languageId, 'jsonl');

    const shown = await messages(true);
    const endpoints = findMessage(shown, 'pick', /endpoint/).options ?? [];
    assert.ok(endpoints.includes('/v1/chat/completions') && endpoints.includes('/v1/embeddings'), endpoints.join(', '));
    assert.strictEqual(findMessage(shown, 'pick', /model/).options?.[0], 'text-embedding-3-small', 'the suggested model first');

    assert.strictEqual(selected(editor), 'request-1', 'the custom_id is the first tab stop');
    await typeAndTab('emb-1');
    assert.strictEqual(selected(editor), 'text to embed', 'Tab goes on to the input');
    await vscode.commands.executeCommand('type', { text: 'The first sentence' });
    assert.deepStrictEqual(JSON.parse(editor.document.lineAt(0).text), {
      custom_id: 'emb-1',
      method: 'POST',
      url: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: 'The first sentence' },
    });
    await statusShows(1);
    assert.deepStrictEqual(batchDiagnostics(editor.document.uri), [], 'the new request is valid');
    await closeWithoutSaving(editor.document);
  });

  it('New Batch File on a folder names the file there, and takes a model no list holds', async () => {
    await answerPrompts('my-requests.jsonl', '/v1/chat/completions', 'Other model…', 'my-deployment');
    const folder = fixtureUri('explorer');
    const uri = await vscode.commands.executeCommand<string | undefined>('batchStudio.newBatchFile', folder);
    assert.ok(uri);
    const document = vscode.window.activeTextEditor!.document;
    assert.strictEqual(document.uri.scheme, 'untitled', 'not written until saved');
    assert.strictEqual(document.uri.path, vscode.Uri.joinPath(folder, 'my-requests.jsonl').path);
    const line = JSON.parse(document.lineAt(0).text) as Line;
    assert.strictEqual(line.url, '/v1/chat/completions');
    assert.strictEqual(line.body.model, 'my-deployment');
    await statusShows(1);
    assert.deepStrictEqual(batchDiagnostics(document.uri), [], 'an unknown model is no problem');
    await closeWithoutSaving(document);
  });

  describe('in a file with requests', () => {
    let document: vscode.TextDocument;
    let editor: vscode.TextEditor;

    beforeEach(async () => {
      document = await openFixture('chat-batch.jsonl'); // review-0001 … review-0003, then an empty line
      editor = await vscode.window.showTextDocument(document, { preview: false });
      await statusShows(3);
    });

    afterEach(async () => revert(document));

    it("Add Request adds the next request in the file's numbering, with its endpoint and model", async () => {
      editor.selection = new vscode.Selection(1, 5, 1, 5); // inside a request: the new one goes below it
      const id = await vscode.commands.executeCommand<string | undefined>('batchStudio.addRequest');
      assert.strictEqual(id, 'review-0004');
      assert.strictEqual(selected(editor), 'review-0004');
      await typeAndTab('review-0004');
      assert.strictEqual(selected(editor), 'prompt');
      await vscode.commands.executeCommand('type', { text: 'Great sound, weak battery.' });
      const line = JSON.parse(document.lineAt(2).text) as Line;
      assert.deepStrictEqual([line.custom_id, line.url, line.body.model], ['review-0004', '/v1/chat/completions', 'gpt-4o-mini']);
      assert.deepStrictEqual(line.body.messages, [{ role: 'user', content: 'Great sound, weak battery.' }]);
      await statusShows(4);
      assert.deepStrictEqual(batchDiagnostics(document.uri), []);
    });

    it('completion on the empty last line offers the next request, and a key comes with its value', async () => {
      const last = document.lineCount - 1;
      assert.strictEqual(document.lineAt(last).text, '', 'the fixture ends with a line break');
      const items = await completionsAt(document, new vscode.Position(last, 0));
      await accept(editor, find(items, 'New request review-0004'));
      await statusShows(4);
      assert.deepStrictEqual(batchDiagnostics(document.uri), []);

      const edit = new vscode.WorkspaceEdit();
      edit.insert(
        document.uri,
        new vscode.Position(document.lineCount - 1, document.lineAt(document.lineCount - 1).text.length),
        '\n{"custom_id": "x", "',
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      const end = document.lineAt(document.lineCount - 1).range.end;
      const keys = await completionsAt(document, end);
      const method = find(keys, 'method');
      assert.strictEqual((method.insertText as vscode.SnippetString).value, '"method": "POST"');
      const url = find(keys, 'url');
      assert.strictEqual((url.insertText as vscode.SnippetString).value, '"url": "/v1/chat/completions"', "the file's endpoint, in quotes");
      assert.match(
        String((method.documentation as vscode.MarkdownString | undefined)?.value),
        /only POST is supported/,
        'with its documentation',
      );
    });
  });

  describe('models', () => {
    let document: vscode.TextDocument;
    const config = () => vscode.workspace.getConfiguration('batchStudio');

    before(async () => {
      document = await openFixture('empty-batch.jsonl');
    });

    after(async () => {
      await config().update('models', undefined, vscode.ConfigurationTarget.Workspace);
      if (document) await revert(document);
    });

    it('an empty batch file offers a first request per endpoint', async () => {
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const items = await completionsAt(document, new vscode.Position(0, 0));
      for (const endpoint of ['/v1/responses', '/v1/chat/completions', '/v1/embeddings']) find(items, `New ${endpoint} request`);
      const chat = find(items, 'New /v1/chat/completions request');
      assert.match(String(chat.detail), /\/v1\/chat\/completions/);
      await accept(editor, chat);
      assert.strictEqual(selected(editor), 'request-1');
      await statusShows(1);
      assert.deepStrictEqual(batchDiagnostics(document.uri), []);
    });

    it("the first line's model gets the endpoint's models, the user's batchStudio.models first, and hover knows them", async () => {
      const text = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": ';
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const at = new vscode.Position(0, text.length);
      const labels = (await completionsAt(document, at)).map(labelOf);
      assert.ok(labels.includes('"gpt-4o-mini"') && labels.includes('"gpt-5.4"'), labels.slice(0, 10).join(' '));
      assert.ok(!labels.includes('"text-embedding-3-small"'), "only the line's endpoint's models");

      await config().update('models', ['my-deployment'], vscode.ConfigurationTarget.Workspace);
      await waitUntil(
        async () => (labelOf((await completionsAt(document, at))[0]) === '"my-deployment"' ? true : undefined),
        "the user's model to be offered first",
      );

      const done = new vscode.WorkspaceEdit();
      done.insert(document.uri, at, '"my-deployment", "messages": [{"role": "user", "content": "Hi"}]}}');
      assert.ok(await vscode.workspace.applyEdit(done));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at.translate(0, 3));
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
      const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(hoverText, /`my-deployment` is one of your models/);
    });
  });
});
