// batchStudio/validateFile: what the client (Submit's pre-check) asks the server about a file,
// answered from the open document or, for a file that is not open, from disk; always with that
// file's own settings, exactly as the Problems panel shows it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { ValidateFileRequest, type ValidateFileParams, type ValidateFileResult } from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { requestLine, validBatchFile } from '../helpers/requests';

const chat = (id: unknown, extra: Record<string, unknown> = {}) =>
  requestLine(id as string, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

const severityOf: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info' };

/** A published diagnostic in the answer's terms. */
const asProblem = (d: Diagnostic) => ({
  line: d.range.start.line,
  column: d.range.start.character,
  endColumn: d.range.end.character,
  severity: severityOf[d.severity ?? 1],
  code: d.code,
  message: d.message,
});

describe('batchStudio/validateFile', () => {
  let client: TestClient;
  let dir: string;
  const validate = (params: ValidateFileParams): Promise<ValidateFileResult> =>
    client.connection.sendRequest(ValidateFileRequest.type, params);
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return { file, uri: pathToFileURL(file).toString() };
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-validate-'));
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the open document exactly what the Problems panel shows, severity overrides applied', async () => {
    const severity = { invalid_type: 'warning', blank_line: 'off', unknown_parameter: 'error' };
    client = await TestClient.start({ settings: { validation: { delayMs: 0, severity } } });
    // Not on disk: only the open document can answer.
    const uri = 'file:///work/not-on-disk/requests.jsonl';
    const text = [chat('a'), chat(7), '', chat('a', { temprature: 1 }), chat('b')].join('\n') + '\n';
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, (d) => d.length > 0);

    const result = await validate({ uri });
    assert.equal(result.from, 'document');
    assert.equal(result.uri, uri);
    assert.equal(result.isBatch, true);
    assert.deepEqual(result.problems, published.map(asProblem), 'the same problems, ranges, severities and messages');
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, p.line]),
      [
        ['invalid_type', 'warning', 1],
        ['duplicate_custom_id', 'error', 3],
        ['unknown_parameter', 'error', 3],
      ],
      'invalid_type lowered, blank_line dropped, unknown_parameter raised',
    );
    assert.deepEqual(result.summary, {
      requests: 4,
      bytes: Buffer.byteLength(text),
      endpoint: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      endpointSupported: true,
      problems: 3,
      errors: 2,
      warnings: 1,
      infos: 0,
      kinds: [
        { code: 'invalid_type', severity: 'warning', count: 1 },
        { code: 'duplicate_custom_id', severity: 'error', count: 1 },
        { code: 'unknown_parameter', severity: 'error', count: 1 },
      ],
    });

    // A pre-check asks for the first errors only; the summary still counts everything.
    const errors = await validate({ uri, severities: ['error'], maxProblems: 1 });
    assert.deepEqual(
      errors.problems.map((p) => p.code),
      ['duplicate_custom_id'],
    );
    assert.equal(errors.summary.errors, 2);
    assert.equal(errors.summary.warnings, 1);

    // An edit the panel has not shown yet (the debounce) is already in the answer.
    client.change(uri, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, '');
    const edited = await validate({ uri });
    assert.deepEqual(
      edited.problems.map((p) => [p.code, p.line]),
      [
        ['duplicate_custom_id', 2],
        ['unknown_parameter', 2],
      ],
    );
  });

  it("reads a file that is not open from disk, with that file's settings", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const { uri } = write('on-disk.jsonl', [chat('a'), '', chat('a'), chat(5)].join('\r\n'));
    const other = write('other.jsonl', [chat('x'), ''].join('\n'));
    client.settingsByUri.set(uri, { validation: { severity: { blank_line: 'error', duplicate_custom_id: 'off' } } });

    const result = await validate({ uri });
    assert.equal(result.from, 'disk');
    assert.ok(client.configurationScopes.includes(uri), `asked for the settings of ${uri}: ${JSON.stringify(client.configurationScopes)}`);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, p.line]),
      [
        ['blank_line', 'error', 1],
        ['invalid_type', 'error', 3],
      ],
    );
    assert.equal(result.summary.requests, 3);
    assert.equal(result.summary.bytes, fs.statSync(fileURLToPath(uri)).size);
    assert.equal(result.summary.errors, 2);

    // Another file gets its own (here the default) settings.
    const plain = await validate({ uri: other.uri });
    assert.deepEqual(plain.problems, []);
    assert.equal(plain.summary.requests, 1);

    // Opening the file switches to the document; closing it, back to the disk.
    client.open(uri, chat('edited'));
    await client.waitForDiagnostics(uri);
    const opened = await validate({ uri });
    assert.deepEqual([opened.from, opened.summary.requests, opened.problems.length], ['document', 1, 0]);
    client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    assert.equal((await validate({ uri })).from, 'disk');
  });

  it('reports bytes that are not UTF-8 in a file read from disk', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    // "café" in Latin-1: the é is one byte that UTF-8 does not accept, inside a JSON string.
    const [before, after] = chat('a').split('Hi');
    const { uri } = write(
      'latin1-batch.jsonl',
      Buffer.concat([Buffer.from(`${before}caf`), Buffer.from([0xe9]), Buffer.from(`${after}\n`)]),
    );
    const result = await validate({ uri });
    assert.equal(result.summary.errors, 1, JSON.stringify(result.problems));
    assert.match(result.problems[0].message, /not valid UTF-8/);
  });

  it('says when a file is not a batch file, following its detection setting', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const fineTuning = JSON.stringify({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ],
    });
    const { uri } = write('train.jsonl', `${fineTuning}\n${fineTuning}\n`);
    const result = await validate({ uri });
    assert.equal(result.isBatch, false);
    assert.deepEqual(result.problems, []);
    assert.deepEqual([result.summary.errors, result.summary.endpoint, result.summary.endpointSupported], [0, null, false]);

    client.settingsByUri.set(uri, { validation: { detection: 'always' } });
    const forced = await validate({ uri });
    assert.equal(forced.isBatch, true);
    assert.ok(
      forced.problems.some((p) => p.code === 'missing_required_parameter'),
      JSON.stringify(forced.problems),
    );

    // The same for an open document.
    const embeddings = write('embeddings.jsonl', validBatchFile('/v1/embeddings', 3));
    client.settingsByUri.set(embeddings.uri, { validation: { delayMs: 0, detection: 'never' } });
    client.open(embeddings.uri, validBatchFile('/v1/embeddings', 3));
    await client.waitForDiagnostics(embeddings.uri);
    const never = await validate({ uri: embeddings.uri });
    assert.deepEqual([never.from, never.isBatch, never.summary.requests, never.summary.endpointSupported], ['document', false, 3, true]);
  });

  it('fails clearly for a missing file or a URI it cannot read, and keeps serving', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const missing = pathToFileURL(path.join(dir, 'missing.jsonl')).toString();
    const error = await validate({ uri: missing }).then(
      () => assert.fail('a missing file has no answer'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ResponseError, String(error));
    assert.equal(error.code, LSPErrorCodes.RequestFailed);
    assert.match(error.message, /^ENOENT: no such file or directory/);
    assert.ok(error.message.includes(path.join(dir, 'missing.jsonl')), error.message);

    await assert.rejects(
      validate({ uri: 'untitled:Untitled-1' }),
      (e: ResponseError<unknown>) => e.code === LSPErrorCodes.RequestFailed && /only file: URIs/.test(e.message),
    );
    await assert.rejects(
      validate({ uri: pathToFileURL(dir).toString() }),
      (e: ResponseError<unknown>) => e.code === LSPErrorCodes.RequestFailed && /EISDIR/.test(e.message),
    );
    await assert.rejects(validate({} as ValidateFileParams), (e: ResponseError<unknown>) => /needs the uri/.test(e.message));

    // Still serving: requests, and documents.
    const { uri } = write('fine.jsonl', chat('a'));
    assert.equal((await validate({ uri })).summary.requests, 1);
    client.open('file:///work/after.jsonl', chat(5));
    assert.deepEqual(
      (await client.waitForDiagnostics('file:///work/after.jsonl', (d) => d.length > 0)).map((d) => d.code),
      ['invalid_type'],
    );
    assert.equal(client.exited, false);
    assert.ok(!client.stderr.join('').includes('validating a file failed'), 'an unreadable file is an answer, not a fault');
  });
});
