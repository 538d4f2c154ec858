import * as assert from 'node:assert/strict';
import type { DocumentSymbol, Location, Position } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';
import { requestLine } from '../helpers/requests';

const chat = (id: string | undefined, model = 'gpt-4o-mini') =>
  id === undefined
    ? JSON.stringify({ method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: 'Hi' }] } })
    : requestLine(id, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'Hi' }] });

const lines = [chat('intro'), chat('summary', 'gpt-4.1'), chat(undefined), chat('intro'), '', chat('intro')];
const text = lines.join('\n') + '\n';

describe('navigation over LSP', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  const symbols = (uri: string) =>
    client.connection.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
  const definition = (uri: string, position: Position) =>
    client.connection.sendRequest<Location | Location[] | null>('textDocument/definition', { textDocument: { uri }, position });
  const references = (uri: string, position: Position, includeDeclaration: boolean) =>
    client.connection.sendRequest<Location[] | null>('textDocument/references', {
      textDocument: { uri },
      position,
      context: { includeDeclaration },
    });
  /** The position of the first character of `needle` on a line, plus `offset`. */
  const at = (line: number, needle: string, offset = 1): Position => ({ line, character: lines[line].indexOf(needle) + offset });
  const spanText = (location: { range: { start: Position; end: Position } }) =>
    lines[location.range.start.line].slice(location.range.start.character, location.range.end.character);

  it('lists a symbol per request: its custom_id (or line), endpoint and model, the id selected', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/outline.jsonl';
    client.open(uri, text);
    const found = await symbols(uri);
    assert.ok(found);
    assert.deepEqual(
      found.map((s) => [s.name, s.detail, s.range.start.line]),
      [
        ['intro', '/v1/chat/completions · gpt-4o-mini', 0],
        ['summary', '/v1/chat/completions · gpt-4.1', 1],
        ['line 3', '/v1/chat/completions · gpt-4o-mini', 2],
        ['intro', '/v1/chat/completions · gpt-4o-mini', 3],
        ['intro', '/v1/chat/completions · gpt-4o-mini', 5],
      ],
    );
    assert.deepEqual(found[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: lines[1].length } });
    assert.equal(spanText({ range: found[1].selectionRange }), '"summary"');
  });

  it('follows edits, and lists nothing for JSON Lines of another kind or with detection off', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/outline-edit.jsonl';
    client.open(uri, text);
    await symbols(uri);
    const start = lines[1].indexOf('"summary"');
    client.change(uri, { start: { line: 1, character: start }, end: { line: 1, character: start + 9 } }, '"recap"');
    assert.equal((await symbols(uri))?.[1].name, 'recap');

    const fineTuning = 'file:///work/train.jsonl';
    client.open(fineTuning, '{"messages": [{"role": "user", "content": "Hi"}]}\n');
    assert.deepEqual((await symbols(fineTuning)) ?? [], []);

    client.settingsByUri.set('file:///work/off.jsonl', { validation: { delayMs: 0, detection: 'never' } });
    client.open('file:///work/off.jsonl', text);
    assert.deepEqual((await symbols('file:///work/off.jsonl')) ?? [], []);
  });

  it('goes from a duplicate custom_id to its first use, from its key too', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/definition.jsonl';
    client.open(uri, text);
    for (const position of [at(5, '"intro"'), at(3, '"custom_id"'), at(0, '"intro"')]) {
      const found = await definition(uri, position);
      const location = Array.isArray(found) ? found[0] : found;
      assert.ok(location, `a definition at ${JSON.stringify(position)}`);
      assert.equal(location.uri, uri);
      assert.equal(location.range.start.line, 0);
      assert.equal(spanText(location), '"intro"');
    }
    assert.equal(await definition(uri, at(5, 'gpt-4o-mini')), null);
  });

  it('finds all references of a custom_id, with or without its first use', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/references.jsonl';
    client.open(uri, text);
    const all = await references(uri, at(3, '"intro"'), true);
    assert.deepEqual(
      all?.map((l) => [l.uri, l.range.start.line, spanText(l)]),
      [
        [uri, 0, '"intro"'],
        [uri, 3, '"intro"'],
        [uri, 5, '"intro"'],
      ],
    );
    assert.deepEqual(
      (await references(uri, at(3, '"intro"'), false))?.map((l) => l.range.start.line),
      [3, 5],
    );
    assert.deepEqual(
      (await references(uri, at(1, '"summary"'), true))?.map((l) => l.range.start.line),
      [1],
    );
    assert.equal(await references(uri, at(1, '"model"'), true), null);
  });
});
