import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { requestLine, validBatchFile } from '../helpers/requests';
import { TestClient } from '../helpers/lspClient';
import { BatchStatusRequest } from '../../common/src/protocol';

const chat = (id: unknown, extra: Record<string, unknown> = {}) =>
  requestLine(id as string, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

describe('language server over stdio', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  it('publishes diagnostics with ranges, severities and related information', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/requests.jsonl';
    const lines = [chat('a'), chat(123), chat('a', { temprature: 1 })];
    client.open(uri, lines.join('\n') + '\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(diagnostics), ['invalid_type', 'duplicate_custom_id', 'unknown_parameter']);
    const [type, duplicate, unknown] = diagnostics;
    assert.equal(type.source, 'batch-studio');
    assert.equal(type.severity, 1);
    assert.equal(lines[1].slice(type.range.start.character, type.range.end.character), '123');
    assert.equal(duplicate.range.start.line, 2);
    assert.equal(duplicate.relatedInformation?.[0].location.range.start.line, 0);
    assert.equal(duplicate.relatedInformation?.[0].location.uri, uri);
    assert.equal(unknown.severity, 2);
    assert.equal(lines[2].slice(unknown.range.start.character, unknown.range.end.character), '"temprature"');
  });

  it('re-validates after an incremental edit and clears fixed problems', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/edit.jsonl';
    const lines = [chat('a'), chat(123)];
    client.open(uri, lines.join('\n') + '\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    const at = lines[1].indexOf('123');
    client.change(uri, { start: { line: 1, character: at }, end: { line: 1, character: at + 3 } }, '"b"');
    await client.waitForDiagnostics(uri, (d, version) => version === 2 && d.length === 0);
    // A pasted line with a new problem shows up at its line.
    client.change(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, `${chat('a')}\n`);
    const after = await client.waitForDiagnostics(uri, (_, version) => version === 3);
    assert.deepEqual(
      after.map((d) => [d.code, d.range.start.line]),
      [['duplicate_custom_id', 2]],
    );
  });

  it('debounces with the configured delay: nothing while typing, then one publication the delay after the last edit', async () => {
    const delayMs = 400;
    client = await TestClient.start({ settings: { validation: { delayMs } } });
    const uri = 'file:///work/typing.jsonl';
    client.open(uri, chat('a'));
    await client.waitForDiagnostics(uri, (_, version) => version === 1); // opening publishes at once
    // Type a new line over 600 ms, one keystroke every 100 ms: longer than the delay in all, but
    // never a pause as long as it, so nothing may be published until the typing stops.
    const text = chat(1);
    const keystrokes = 7;
    const piece = Math.ceil(text.length / keystrokes);
    let lastEdit = 0;
    for (let i = 0; i < keystrokes; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const at = i * piece;
      client.change(
        uri,
        { start: { line: 0, character: i === 0 ? 0 : at }, end: { line: 0, character: i === 0 ? text.length * 2 : at } },
        text.slice(at, at + piece),
      );
      lastEdit = performance.now();
    }
    const final = keystrokes + 1;
    const diagnostics = await client.waitForDiagnostics(uri, (_, version) => version === final);
    assert.deepEqual(codes(diagnostics), ['invalid_type'], 'the text typed last is what was validated');
    const afterOpen = client.published.filter((p) => p.uri === uri && p.version !== 1);
    assert.deepEqual(
      afterOpen.map((p) => p.version),
      [final],
      'one publication, for the last version only',
    );
    const waited = afterOpen[0].at - lastEdit;
    // Timers may fire up to a millisecond early; a publication well after the delay would mean a
    // much longer wait than configured.
    assert.ok(waited >= delayMs - 5, `published ${waited.toFixed(0)} ms after the last edit; the delay is ${delayMs} ms`);
    assert.ok(waited < delayMs + 1500, `published only ${waited.toFixed(0)} ms after the last edit`);
  });

  it('leaves other JSON Lines files alone, and respects the detection setting', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const fineTuning = JSON.stringify({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ],
    });
    client.open('file:///work/train.jsonl', fineTuning);
    assert.deepEqual(await client.waitForDiagnostics('file:///work/train.jsonl'), []);
    assert.equal((await client.waitForStatus('file:///work/train.jsonl')).isBatch, false);

    client.settings = { validation: { delayMs: 0, detection: 'always' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const forced = await client.waitForDiagnostics('file:///work/train.jsonl', (d) => d.length > 0);
    assert.ok(codes(forced).includes('missing_required_parameter'));
  });

  it('applies maxProblems and per-code severities', async () => {
    client = await TestClient.start({
      settings: { validation: { delayMs: 0, maxProblems: 2, severity: { blank_line: 'off', invalid_type: 'warning' } } },
    });
    const uri = 'file:///work/many.jsonl';
    client.open(uri, [chat(1), '', chat(2), chat(3), chat(4)].join('\n'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 2);
    assert.ok(diagnostics.every((d) => d.code === 'invalid_type' && d.severity === 2));
    const status = await client.waitForStatus(uri);
    assert.equal(status.warnings, 4, 'the status still counts every problem');
  });

  it('serves a client without workspace/configuration (like Neovim) with defaults', async () => {
    client = await TestClient.start();
    const uri = 'file:///work/batch-empty.jsonl';
    client.open(uri, '');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(diagnostics), ['empty_file']);
  });

  it('reports the request count, endpoint and model', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/embeddings.jsonl';
    client.open(uri, validBatchFile('/v1/embeddings', 12));
    const status = await client.waitForStatus(uri);
    assert.deepEqual(
      { requests: status.requests, endpoint: status.endpoint, model: status.model, isBatch: status.isBatch },
      { requests: 12, endpoint: '/v1/embeddings', model: 'text-embedding-3-small', isBatch: true },
    );
    // Clients that do not listen for the notification can ask.
    assert.deepEqual(await client.connection.sendRequest(BatchStatusRequest.type, { uri }), status);
    assert.equal(await client.connection.sendRequest(BatchStatusRequest.type, { uri: 'file:///work/not-open.jsonl' }), null);
  });

  it('offers quick fixes built from the diagnostic data', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/fix.jsonl';
    const line = chat('a', { temprature: 1 });
    client.open(uri, line);
    const [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length === 1);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.equal(actions[0].title, 'Change to "temperature"');
    const edit = actions[0].edit?.changes?.[uri]?.[0];
    assert.equal(edit?.newText, '"temperature"');
    assert.deepEqual(edit?.range, diagnostic.range);
  });

  it('survives malformed input and bad requests, and keeps serving', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/garbage.jsonl';
    client.open(uri, '\u0000\u0001{{{{"custom_id": ' + '['.repeat(5000) + '\n' + '"'.repeat(3) + '\n\uD800');
    const garbage = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(garbage.every((d) => d.code === 'invalid_json_line'));
    // Edits to unknown documents and ranges past the end of the text are ignored or clamped.
    client.change('file:///work/never-opened.jsonl', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'x');
    client.change(uri, { start: { line: 99, character: 5 }, end: { line: 120, character: 0 } }, `\n${chat('ok')}`);
    await client.waitForDiagnostics(uri, (_, version) => version === 2);
    const fresh = 'file:///work/after.jsonl';
    client.open(fresh, chat(5));
    assert.deepEqual(codes(await client.waitForDiagnostics(fresh, (d) => d.length > 0)), ['invalid_type']);
    assert.equal(client.exited, false);
  });

  it('clears diagnostics when a document closes', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/close.jsonl';
    client.open(uri, chat(1));
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('answers hover and completion requests on a batch line', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/assist.jsonl';
    const line = chat('a', { temperature: 1 });
    client.open(uri, `${line}\n`);
    await client.waitForDiagnostics(uri);
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: line.indexOf('"temperature"') + 2 },
    });
    assert.match(hover?.contents.value ?? '', /temperature/);

    const at = line.indexOf('"temperature"');
    const list = await client.connection.sendRequest<{ label: string }[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: at },
    });
    assert.ok(
      list.some((item) => item.label === 'top_p'),
      JSON.stringify(list.slice(0, 5)),
    );
  });
});
