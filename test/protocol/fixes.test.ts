// Quick fixes and Fix All over LSP, as an editor asks for them: the edit each fix makes, that the
// one obvious fix is preferred, and that applying it clears the problem when the server validates
// again; "Fix all N <code> problems in the file"; and `source.fixAll`, as
// `editor.codeActionsOnSave: {"source.fixAll": "explicit"}` asks for it on save.
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatRequest } from '../../common/src/requestText';
import { requestQuery } from '../../common/src/requestUri';
import { TestClient } from '../helpers/lspClient';

const chat = (row: Record<string, unknown>, body: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: 'req-1',
    method: 'POST',
    url: '/v1/chat/completions',
    ...row,
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body },
  });

describe('quick fixes and fix all over LSP', () => {
  let client: TestClient;
  let texts: Map<string, string>;
  afterEach(async () => client?.stop());

  async function start(delayMs = 0): Promise<void> {
    client = await TestClient.start({ settings: { validation: { delayMs } } });
    texts = new Map();
  }

  function open(uri: string, lines: readonly string[]): Promise<Diagnostic[]> {
    const text = lines.join('\n') + '\n';
    texts.set(uri, text);
    client.open(uri, text);
    return client.waitForDiagnostics(uri, (_, version) => version === 1);
  }

  function actions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  /** Applies a workspace edit of `uri` as the editor would, and waits for the problems of the result. */
  async function apply(uri: string, action: CodeAction | undefined): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    assert.ok(action?.edit, 'the action has an edit');
    const edits: TextEdit[] = action.edit.changes?.[uri] ?? [];
    assert.deepEqual(Object.keys(action.edit.changes ?? {}), [uri], 'the edit changes this document only');
    const before = TextDocument.create(uri, 'jsonl', 0, texts.get(uri)!);
    const text = TextDocument.applyEdits(before, edits);
    texts.set(uri, text);
    const version = (client.diagnostics.get(uri)?.version ?? 1) + 1;
    client.change(uri, { start: { line: 0, character: 0 }, end: before.positionAt(before.getText().length) }, text);
    return { text, diagnostics: await client.waitForDiagnostics(uri, (_, v) => v === version) };
  }

  it('declares quick fixes and Fix All among its code action kinds', async () => {
    await start();
    const provider = client.initializeResult?.capabilities.codeActionProvider;
    assert.ok(provider && typeof provider === 'object');
    assert.deepEqual(provider.codeActionKinds, ['quickfix', 'source.fixAll', 'source.fixAll.batchStudio']);
  });

  const cases: { name: string; lines: string[]; code: string; title: string; fixed: string[] }[] = [
    {
      name: 'drops the host of a full URL',
      lines: [chat({ url: 'https://api.openai.com/v1/chat/completions' })],
      code: 'unsupported_url',
      title: 'Change to "/v1/chat/completions"',
      fixed: [chat({})],
    },
    {
      name: 'adds a missing method',
      lines: ['{"custom_id": "req-1", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}'],
      code: 'missing_required_parameter',
      title: 'Add "method": "POST"',
      fixed: [
        '{"custom_id": "req-1", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}',
      ],
    },
    {
      name: 'quotes a numeric custom_id',
      lines: [chat({ custom_id: 4 })],
      code: 'invalid_type',
      title: 'Change to "4"',
      fixed: [chat({ custom_id: '4' })],
    },
    {
      name: 'turns a numeric string into a number',
      lines: [chat({}, { seed: '42' })],
      code: 'invalid_type',
      title: 'Change to 42',
      fixed: [chat({}, { seed: 42 })],
    },
    {
      name: 'clamps a value to its bound',
      lines: [chat({}, { temperature: 7 })],
      code: 'invalid_value',
      title: 'Change to 2',
      fixed: [chat({}, { temperature: 2 })],
    },
    {
      name: 'removes an unknown parameter',
      lines: [chat({}, { colour: 'red' })],
      code: 'unknown_parameter',
      title: 'Remove "colour"',
      fixed: [chat({})],
    },
    {
      name: 'removes stream',
      lines: [chat({}, { stream: true })],
      code: 'streaming_unsupported',
      title: 'Remove "stream"',
      fixed: [chat({})],
    },
    {
      name: "renumbers a duplicate id in the file's numbering",
      lines: [chat({}), chat({ custom_id: 'req-1' })],
      code: 'duplicate_custom_id',
      title: 'Change to "req-2"',
      fixed: [chat({}), chat({ custom_id: 'req-2' })],
    },
    {
      name: 'deletes a blank line',
      lines: [chat({}), '', chat({ custom_id: 'req-2' })],
      code: 'blank_line',
      title: 'Delete the blank line',
      fixed: [chat({}), chat({ custom_id: 'req-2' })],
    },
  ];

  for (const { name, lines, code, title, fixed } of cases) {
    it(`${name}, as the preferred fix that clears the problem`, async () => {
      await start();
      const uri = `file:///work/fix-${code}.jsonl`;
      const diagnostics = await open(uri, lines);
      const problem = diagnostics.find((d) => d.code === code);
      assert.ok(problem, `a ${code}: ${JSON.stringify(diagnostics)}`);
      const offered = await actions(uri, problem.range, [problem]);
      const preferred = offered.filter((a) => a.isPreferred);
      assert.deepEqual(
        preferred.map((a) => a.title),
        [title],
        `offered: ${offered.map((a) => a.title).join(', ')}`,
      );
      assert.equal(preferred[0].kind, 'quickfix');
      assert.deepEqual(preferred[0].diagnostics, [problem]);
      const after = await apply(uri, preferred[0]);
      assert.equal(after.text, fixed.join('\n') + '\n');
      assert.deepEqual(after.diagnostics, [], 're-validated clean');
    });
  }

  it('offers "Fix all N <code> problems in the file" with the fix of a code that occurs more than once', async () => {
    await start();
    const uri = 'file:///work/fix-kind.jsonl';
    const lines = [
      chat({ custom_id: 'a' }, { colour: 'red' }),
      chat({ custom_id: 'b' }),
      chat({ custom_id: 'c' }, { temprature: 1, size: 2 }),
    ];
    const diagnostics = await open(uri, lines);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unknown_parameter', 'unknown_parameter', 'unknown_parameter'],
    );
    const offered = await actions(uri, diagnostics[0].range, [diagnostics[0]]);
    assert.deepEqual(
      offered.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Remove "colour"', true],
        ['Fix all 3 unknown_parameter problems in the file', false],
      ],
    );
    const after = await apply(uri, offered[1]);
    assert.deepEqual(after.diagnostics, []);
    assert.equal(
      after.text,
      [chat({ custom_id: 'a' }), chat({ custom_id: 'b' }), chat({ custom_id: 'c' }, { temperature: 1 })].join('\n') + '\n',
    );

    // A single occurrence gets no such offer.
    const single = 'file:///work/fix-single.jsonl';
    const [one] = await open(single, [chat({}, { colour: 'red' })]);
    assert.deepEqual(
      (await actions(single, one.range, [one])).map((a) => a.title),
      ['Remove "colour"'],
    );
  });

  it('answers source.fixAll, as codeActionsOnSave asks on save, with every safe fix at once', async () => {
    await start();
    const uri = 'file:///work/fix-all.jsonl';
    const lines = [
      chat({ url: 'https://api.openai.com/v1/chat/completions' }, { temperature: '9', stream: true }),
      '',
      chat({ custom_id: 3 }, { temprature: 1, colour: 'red' }),
      chat({ custom_id: 'req-1', method: 'post' }, { model: 'gpt-4o' }),
      '  ',
      chat({ custom_id: 'req-2' }, { messages: [{ role: 'usr', content: 'Hi' }] }),
    ];
    const diagnostics = await open(uri, lines);
    const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    // Quick fixes only, and plain requests, never include it: editors ask for source actions by kind.
    assert.ok(!(await actions(uri, whole, diagnostics)).some((a) => a.kind?.startsWith('source')));
    assert.ok(!(await actions(uri, whole, diagnostics, ['quickfix'])).some((a) => a.kind?.startsWith('source')));

    const offered = await actions(uri, whole, diagnostics, ['source.fixAll']);
    assert.equal(offered.length, 1, offered.map((a) => a.title).join(', '));
    const [fixAll] = offered;
    assert.equal(fixAll.kind, 'source.fixAll.batchStudio');
    assert.match(fixAll.title, /^Fix all: \d+ problems with an obvious repair$/);
    const edits = fixAll.edit?.changes?.[uri] ?? [];
    for (let i = 1; i < edits.length; i++) {
      const [a, b] = [edits[i - 1].range, edits[i].range];
      assert.ok(
        a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character <= b.start.character),
        'edits in order, not overlapping',
      );
    }
    const after = await apply(uri, fixAll);
    // What is left is a choice between two valid requests: which model.
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ['mismatched_model'],
    );
    assert.equal(
      after.text,
      [
        chat({}, { temperature: 2 }),
        chat({ custom_id: '3' }, { temperature: 1 }),
        chat({ custom_id: 'req-3' }, { model: 'gpt-4o' }),
        chat({ custom_id: 'req-2' }),
      ].join('\n') + '\n',
    );

    // A file with nothing safe to fix gets no action, so saving changes nothing.
    assert.deepEqual(await actions(uri, whole, after.diagnostics, ['source.fixAll']), []);
  });

  it('fixes the text as it is when saved, before its problems are published', async () => {
    await start(60_000);
    const uri = 'file:///work/fix-on-save.jsonl';
    await open(uri, [chat({})]);
    // Typed, then saved at once: the problem is not published yet, Fix All fixes it anyway.
    const text = texts.get(uri)!;
    const at = text.indexOf('"body":{') + '"body":{'.length;
    client.change(uri, { start: { line: 0, character: at }, end: { line: 0, character: at } }, '"stream": true, ');
    texts.set(uri, text.slice(0, at) + '"stream": true, ' + text.slice(at));
    const [fixAll] = await actions(uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, [], ['source.fixAll']);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'jsonl', 0, texts.get(uri)!), fixAll?.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, text);
  });

  it('removes a member of a request opened for editing, over its lines', async () => {
    await start();
    const batch = 'file:///work/fix-request.jsonl';
    await open(batch, [chat({})]);
    const uri = `batch-request:/fix-request.jsonl/req-1.json?${encodeURIComponent(requestQuery({ batch, customId: 'req-1' }))}`;
    const [stream] = await open(uri, [formatRequest(chat({}, { stream: true, stream_options: { include_usage: true } }))!]);
    assert.equal(stream.code, 'streaming_unsupported');
    const [remove] = await actions(uri, stream.range, [stream]);
    assert.equal(remove.title, 'Remove "stream" and "stream_options"');
    const after = await apply(uri, remove);
    assert.equal(after.text, formatRequest(chat({}))! + '\n');
    assert.deepEqual(after.diagnostics, []);
  });

  it('offers no edit placed by offsets of an older text', async () => {
    await start(60_000);
    const uri = 'file:///work/fix-stale.jsonl';
    const [stream] = await open(uri, [chat({}, { stream: true }), chat({ custom_id: 'req-2' })]);
    assert.deepEqual(
      (await actions(uri, stream.range, [stream])).map((a) => a.title),
      ['Remove "stream"', 'Change to false'],
    );
    // An edit the server has not validated yet: the removal's offsets may be out of date, while the
    // change of the problem's own range (which the editor keeps in place) is still right.
    client.change(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, ' ');
    assert.deepEqual(
      (await actions(uri, stream.range, [stream])).map((a) => a.title),
      ['Change to false'],
    );
  });
});
