import * as assert from 'node:assert/strict';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { formatRequest } from '../../common/src/requestText';
import { requestQuery } from '../../common/src/requestUri';
import { TestClient } from '../helpers/lspClient';
import { requestLine } from '../helpers/requests';

const chat = (id: string, extra: Record<string, unknown> = {}) =>
  requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

const BATCH = 'file:///work/edit%20me.jsonl';
/** A request document's URI as VS Code sends it: the query percent-encoded once more. */
const requestUri = (customId: string) =>
  `batch-request:/edit%20me.jsonl/${customId}.json?${encodeURIComponent(requestQuery({ batch: BATCH, customId }))}`;

const labelOf = (item: CompletionItem) => item.label;
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

/** The text a range covers in a text of several lines. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [
    lines[range.start.line].slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    lines[range.end.line].slice(0, range.end.character),
  ].join('\n');
}

/** The position just after the first `needle` in a text of several lines. */
function after(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `the text has ${needle}`);
  const before = text.slice(0, offset + needle.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('a request opened for editing (batch-request: documents) over LSP', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  async function start(): Promise<void> {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } }, snippets: true });
    client.open(BATCH, [chat('first'), chat('second')].join('\n') + '\n');
    await client.waitForDiagnostics(BATCH);
  }

  it('gets the batch file’s problems with ranges over its lines', async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first', { temprature: 1, messages: [{ role: 'robot', content: 'Hi' }] }))!;
    client.open(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, textAt(text, d.range)]),
      [
        ['invalid_value', '"robot"'],
        ['unknown_parameter', '"temprature"'],
      ],
    );
    assert.ok(diagnostics.every((d) => d.source === 'batch-studio'));
    assert.notEqual(diagnostics[0].range.start.line, diagnostics[1].range.start.line, 'the request spans several lines');
  });

  it('reports a custom_id another line of the batch file uses, pointing there; the request’s own is fine', async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first', { temperature: 0.5 }))!;
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (d, version) => version === 1 && d.length === 0);
    const at = after(text, '"custom_id": "');
    client.change(uri, { start: at, end: { line: at.line, character: at.character + 'first'.length } }, 'second');
    const [duplicate] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(duplicate.code, 'duplicate_custom_id');
    assert.match(messageOf(duplicate), /already used on line 2 of the batch file/);
    assert.equal(duplicate.relatedInformation?.[0].location.uri, BATCH);
    assert.equal(duplicate.relatedInformation?.[0].location.range.start.line, 1);
  });

  it('says where the JSON breaks', async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first'))!.replace('"method": "POST",', '"method": "POST"');
    client.open(uri, text);
    const [syntax] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(syntax.code, 'invalid_json_line');
    assert.match(messageOf(syntax), /^This request is not valid JSON: a missing ','/);
    assert.equal(textAt(text, syntax.range), '"url"');
  });

  it('hovers and completes as on the line, with ranges in the request', async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first'))!.replace('"role": "user"', '"role": "u"');
    client.open(uri, text);
    const modelKey = after(text, '"mod');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: modelKey });
    assert.match(JSON.stringify(hover?.contents), /\*\*model\*\*/);
    assert.equal(textAt(text, hover!.range!), '"model"');

    const inRole = after(text, '"role": "u');
    const answer = await client.connection.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: inRole,
    });
    const items = Array.isArray(answer) ? answer : answer.items;
    const user = items.find((item) => labelOf(item) === '"user"');
    assert.ok(user, `roles offered: ${items.map(labelOf).join(' ')}`);
    const edit = user.textEdit as TextEdit;
    assert.equal(edit.range.start.line, inRole.line);
    assert.equal(textAt(text, edit.range), '"u"');
  });

  it('inserts a key where the cursor is, on an empty line of its own', async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first'))!.replace('"model": "gpt-4o-mini",', '"model": "gpt-4o-mini",\n    ');
    client.open(uri, text);
    const cursor = { line: after(text, '"model": "gpt-4o-mini",').line + 1, character: 4 };
    const answer = await client.connection.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: cursor,
    });
    const items = Array.isArray(answer) ? answer : answer.items;
    const temperature = items.find((item) => labelOf(item) === 'temperature');
    assert.ok(temperature, `keys offered: ${items.map(labelOf).join(' ')}`);
    assert.ok(!items.some((item) => ['model', 'messages'].includes(labelOf(item))), 'keys the body has are not offered');
    assert.deepEqual((temperature.textEdit as TextEdit).range, { start: cursor, end: cursor });
  });

  it("offers the batch file's quick fixes on the request", async () => {
    await start();
    const uri = requestUri('first');
    const text = formatRequest(chat('first', { temprature: 1 }))!;
    client.open(uri, text);
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const fix = actions.find((a) => a.title.includes('"temperature"'));
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const [edit] = fix.edit?.changes?.[uri] ?? [];
    assert.equal(textAt(text, edit.range), '"temprature"');
  });

  it('leaves symbols and navigation of the request to JSON', async () => {
    await start();
    const uri = requestUri('first');
    client.open(uri, formatRequest(chat('first'))!);
    await client.waitForDiagnostics(uri);
    assert.equal(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), null);
  });
});
