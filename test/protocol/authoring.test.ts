/** Writing a batch file over LSP: whole requests and values as snippets, model names from the
 *  known list and the user's setting, and the requests behind New Batch File and Add Request. */
import * as assert from 'node:assert/strict';
import { type CompletionItem, type Hover, InsertTextFormat } from 'vscode-languageserver-protocol';
import { AuthoringCatalogRequest, RequestTemplateRequest } from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { requestLine } from '../helpers/requests';

const chat = (id: string) => requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

/** A snippet with every tab stop left at its default, as the editor inserts it when Tab is pressed through. */
const expand = (snippet: string) =>
  snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');

describe('writing a batch file over LSP', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  async function complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    return client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  function item(items: CompletionItem[], label: string): CompletionItem & { textEdit: { newText: string } } {
    const found = items.find((i) => i.label === label);
    assert.ok(found?.textEdit, `${label} is offered; got ${items.map((i) => i.label).join(' | ')}`);
    return found as CompletionItem & { textEdit: { newText: string } };
  }

  it('offers a first request per endpoint in an empty file, with tab stops for the id, model and prompt', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } }, snippets: true });
    const uri = 'file:///work/new-batch.jsonl';
    client.open(uri, '');
    await client.waitForDiagnostics(uri);
    const items = await complete(uri, 0, 0);
    const chatRequest = item(items, 'New /v1/chat/completions request');
    assert.equal(chatRequest.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(chatRequest.detail, '/v1/chat/completions');
    const snippet = chatRequest.textEdit.newText;
    assert.match(
      snippet,
      /^\{"custom_id": "\$\{1:request-1\}", "method": "POST", "url": "\/v1\/chat\/completions", "body": \{"model": "\$\{2\|gpt-5\.4,/,
    );
    assert.match(snippet, /"messages": \[\{"role": "user", "content": "\$\{3:prompt\}"\}\]/);
    // The request, typed through, is one the server accepts.
    client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `${expand(snippet)}\n`);
    assert.deepEqual(await client.waitForDiagnostics(uri, (_, version) => version === 2), []);
  });

  it("adds a request on a blank line: the next custom_id in the file's numbering, its endpoint and model", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } }, snippets: true });
    const uri = 'file:///work/tasks.jsonl';
    client.open(uri, `${chat('task_005')}\n${chat('task_006')}\n`);
    await client.waitForDiagnostics(uri);
    const items = await complete(uri, 2, 0);
    assert.deepEqual(
      items.map((i) => i.label),
      ['New request task_007'],
    );
    const line = expand(item(items, 'New request task_007').textEdit.newText);
    assert.deepEqual(JSON.parse(line), {
      custom_id: 'task_007',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'prompt' }] },
    });
  });

  it('inserts whole values with a key, as snippets, and plain text for a client without snippets', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } }, snippets: true });
    const uri = 'file:///work/keys.jsonl';
    const text = '{"custom_id": "req-40", "';
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const items = await complete(uri, 0, text.length - 1);
    assert.equal(item(items, 'method').textEdit.newText, '"method": "POST"');
    assert.match(item(items, 'url').textEdit.newText, /^"url": "\$\{1\|\/v1\/responses,/);
    assert.equal(item(items, 'url').insertTextFormat, InsertTextFormat.Snippet);
    await client.stop();

    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const plain = item(await complete(uri, 0, text.length - 1), 'url');
    assert.equal(plain.insertTextFormat, InsertTextFormat.PlainText);
    assert.equal(plain.textEdit.newText, '"url": "/v1/responses"', 'the first choice, with no snippet syntax');
  });

  it("offers the endpoint's models and the user's batchStudio.models on the first line, and follows a change of the setting", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 }, models: ['ft:gpt-4o-mini:acme::x1'] } });
    const uri = 'file:///work/first.jsonl';
    const text = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": ';
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const labels = (await complete(uri, 0, text.length)).map((i) => i.label);
    assert.equal(labels[0], '"ft:gpt-4o-mini:acme::x1"');
    assert.ok(labels.includes('"gpt-4o-mini"') && labels.includes('"gpt-5.4"'), labels.slice(0, 10).join(' '));
    assert.ok(!labels.includes('"text-embedding-3-small"'), "only the models of the line's endpoint");

    client.settings = { validation: { delayMs: 0 }, models: ['my-deployment'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = (await complete(uri, 0, text.length)).map((i) => i.label);
    assert.equal(after[0], '"my-deployment"');
    assert.ok(!after.includes('"ft:gpt-4o-mini:acme::x1"'));
  });

  it('hovers a model with whether Batch Studio knows it, and never reports an unknown one', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 }, models: ['my-deployment'] } });
    const uri = 'file:///work/models.jsonl';
    const lines = [chat('a').replace('gpt-4o-mini', 'my-deployment'), chat('b').replace('gpt-4o-mini', 'my-deployment')];
    client.open(uri, `${lines.join('\n')}\n`);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    const hover = await client.connection.sendRequest<Hover & { contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: lines[0].indexOf('"my-deployment"') + 3 },
    });
    assert.match(hover.contents.value, /`my-deployment` is one of your models/);
  });

  it('answers batchStudio/authoringCatalog and batchStudio/requestTemplate for New Batch File and Add Request', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 }, models: ['my-embedder'] } });
    const catalog = await client.connection.sendRequest(AuthoringCatalogRequest.type, {});
    const embeddings = catalog.endpoints.find((e) => e.url === '/v1/embeddings');
    assert.ok(embeddings);
    assert.match(embeddings.description, /^Embeddings: /);
    assert.deepEqual(embeddings.models, ['my-embedder', 'text-embedding-ada-002', 'text-embedding-3-small', 'text-embedding-3-large']);
    assert.equal(embeddings.suggestedModel, 'text-embedding-3-small');
    assert.ok(!catalog.endpoints.some((e) => e.url === '/v1/videos'), 'no endpoint Batch Studio has no body schema for');

    const fresh = await client.connection.sendRequest(RequestTemplateRequest.type, { endpoint: '/v1/embeddings', model: 'my-embedder' });
    assert.equal(fresh?.customId, 'request-1');
    assert.match(fresh?.snippet ?? '', /"body": \{"model": "my-embedder", "input": "\$\{2:text to embed\}"\}\}\$0$/);

    const uri = 'file:///work/reqs.jsonl';
    client.open(uri, `${chat('req-39')}\n${chat('req-40')}\n`);
    await client.waitForDiagnostics(uri);
    const next = await client.connection.sendRequest(RequestTemplateRequest.type, { uri });
    assert.deepEqual(next && { customId: next.customId, endpoint: next.endpoint, model: next.model }, {
      customId: 'req-41',
      endpoint: '/v1/chat/completions',
      model: 'gpt-4o-mini',
    });
    const fileCatalog = await client.connection.sendRequest(AuthoringCatalogRequest.type, { uri });
    assert.equal(fileCatalog.fileEndpoint, '/v1/chat/completions');
    assert.equal(fileCatalog.fileModel, 'gpt-4o-mini');
    assert.equal(
      await client.connection.sendRequest(RequestTemplateRequest.type, {}),
      null,
      'no endpoint and model: the client asks for them',
    );
  });
});
