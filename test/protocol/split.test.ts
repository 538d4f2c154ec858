// Split into Batches over LSP: the quick fix on a file over a limit (a command the client runs with
// the file's URI), and batchStudio/splitFile, which splits the file on disk with that file's
// settings and answers with the parts written or the reason nothing was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type Diagnostic, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { SplitFileRequest, type SplitFileParams, type SplitFileResult } from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { requestLine, validBatchFile } from '../helpers/requests';

const embedding = (id: string, inputs: number) =>
  requestLine(id, '/v1/embeddings', { model: 'text-embedding-3-small', input: Array.from({ length: inputs }, (_, i) => `text ${i}`) });

describe('Split into Batches over LSP', function () {
  this.timeout(30_000);
  let client: TestClient;
  let dir: string;

  const split = (params: SplitFileParams): Promise<SplitFileResult> => client.connection.sendRequest(SplitFileRequest.type, params);
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return { file, uri: pathToFileURL(file).toString() };
  };
  const actions = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  const failure = async (promise: Promise<unknown>): Promise<ResponseError<unknown>> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof ResponseError);
      return error;
    }
    assert.fail('the request failed');
  };

  beforeEach(() => {
    // A space in the folder: part URIs are spelled as the input's.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch studio split-'));
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers Split into Batches on a file over its embedding inputs, as a command with the file', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const text = Array.from({ length: 25 }, (_, i) => embedding(`e-${i + 1}`, 2048)).join('\n') + '\n';
    const { uri } = write('embed.jsonl', text);
    client.open(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code]),
      [[24, 'too_many_embedding_inputs']],
    );
    const offered = await actions(uri, diagnostics);
    assert.deepEqual(
      offered.map((a) => ({ title: a.title, kind: a.kind, command: a.command, isPreferred: a.isPreferred, edit: a.edit })),
      [
        {
          title: 'Split into batches that fit: embed.part-001.jsonl, embed.part-002.jsonl, …',
          kind: 'quickfix',
          command: {
            title: 'Split into batches that fit: embed.part-001.jsonl, embed.part-002.jsonl, …',
            command: 'batchStudio.splitIntoBatches',
            arguments: [uri],
          },
          isPreferred: undefined,
          edit: undefined,
        },
      ],
      'a command, not an edit, and not the preferred fix (it writes new files)',
    );
    assert.deepEqual(await actions(uri, diagnostics, ['source.fixAll']), [], 'not a Fix All');

    // Running it is the client's: here, the request the client command sends.
    const result = await split({ uri });
    assert.ok(result.written);
    assert.deepEqual(
      result.parts.map((p) => [p.uri.slice(p.uri.lastIndexOf('/') + 1), p.requests, p.embeddingInputs]),
      [
        ['embed.part-001.jsonl', 24, 24 * 2048],
        ['embed.part-002.jsonl', 1, 2048],
      ],
    );
    assert.equal(result.requests, 25);
    assert.equal(result.bytes, Buffer.byteLength(text));
  });

  it('does not offer it where a split repairs nothing: one request with too many inputs', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = pathToFileURL(path.join(dir, 'one.jsonl')).toString();
    client.open(uri, `${embedding('a', 2049)}\n${embedding('b', 3)}\n`);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code]),
      [[0, 'too_many_embedding_inputs']],
    );
    assert.deepEqual(
      (await actions(uri, diagnostics)).filter((a) => a.command),
      [],
    );
  });

  it('offers it on 50,001 requests, and on a file too large to sync whose problems come from disk', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = pathToFileURL(path.join(dir, 'many.jsonl')).toString();
    client.open(uri, validBatchFile('/v1/moderations', 50_001));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code]),
      [[50_000, 'too_many_requests']],
    );
    assert.deepEqual(
      (await actions(uri, diagnostics)).map((a) => a.command?.command),
      ['batchStudio.splitIntoBatches'],
    );

    // Not open in the server (VS Code syncs no file over 50 MB): the problem as the client shows it.
    const large = pathToFileURL(path.join(dir, 'large.jsonl')).toString();
    const fromDisk: Diagnostic = {
      range: { start: { line: 1200, character: 0 }, end: { line: 1200, character: 80 } },
      severity: 1,
      code: 'file_too_large',
      source: 'batch-studio',
      message: 'The file is 212.5 MB; the API accepts at most 200 MB per batch file.',
    };
    assert.deepEqual(
      (await actions(large, [fromDisk])).map((a) => a.command?.arguments),
      [[large]],
    );
    assert.deepEqual(await actions(large, [{ ...fromDisk, source: 'another-linter' }]), [], "only Batch Studio's own problems");
  });

  it('splits the file on disk with its own settings, and asks before replacing an earlier split', async () => {
    // Duplicate ids are warnings in this folder: they do not refuse the split there.
    client = await TestClient.start({ settings: { validation: { delayMs: 0, severity: { duplicate_custom_id: 'warning' } } } });
    const lines = validBatchFile('/v1/chat/completions', 12).trimEnd().split('\n');
    lines[5] = lines[0];
    const { file, uri } = write('run.jsonl', `${lines.join('\n')}\n`);
    const first = await split({ uri, maxRequests: 4 });
    assert.ok(first.written, JSON.stringify(first));
    const prefix = uri.slice(0, uri.lastIndexOf('/') + 1);
    assert.match(prefix, /batch%20studio%20split-/);
    assert.deepEqual(
      first.parts.map((p) => [p.uri, p.requests]),
      [
        [`${prefix}run.part-001.jsonl`, 4],
        [`${prefix}run.part-002.jsonl`, 4],
        [`${prefix}run.part-003.jsonl`, 4],
      ],
    );
    assert.equal(
      first.parts.map((p) => fs.readFileSync(path.join(dir, p.uri.slice(prefix.length)), 'utf8')).join(''),
      fs.readFileSync(file, 'utf8'),
    );

    const again = await split({ uri, maxRequests: 6 });
    assert.deepEqual(again, {
      written: false,
      reason: 'partsExist',
      message: 'run.jsonl was split before: run.part-001.jsonl, run.part-002.jsonl, run.part-003.jsonl exist already.',
      existing: first.parts.map((p) => p.uri),
    });
    const replaced = await split({ uri, maxRequests: 6, overwrite: true });
    assert.ok(replaced.written);
    assert.equal(replaced.parts.length, 2);
    assert.deepEqual(replaced.removed, [`${prefix}run.part-003.jsonl`]);

    // Where duplicates are errors (the default), the same file is refused, and the line given.
    client.settings = { validation: { delayMs: 0 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const refused = await split({ uri, maxRequests: 6, overwrite: true });
    assert.equal(refused.written, false);
    assert.equal(refused.reason, 'errors');
    assert.equal(refused.line, 5);
    assert.match(
      refused.message,
      /^run\.jsonl has 1 error besides its size, which every part would still have; fix it first\. line 6: custom_id "request-1" is already used on line 1\./,
    );
  });

  it("takes the file's provider limits, lowered only, and answers bad requests with an error", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0, provider: 'azure' } } });
    const { uri } = write('azure.jsonl', validBatchFile('/v1/chat/completions', 3));
    const fits = await split({ uri, maxRequests: 99_999 });
    assert.deepEqual(
      { written: fits.written, reason: !fits.written && fits.reason },
      { written: false, reason: 'fits' },
      'Azure OpenAI takes 100,000 requests a file',
    );
    const tooMany = await failure(split({ uri, maxRequests: 100_001 }));
    assert.equal(tooMany.code, ErrorCodes.InvalidParams);
    assert.match(tooMany.message, /maxRequests may only lower the limit: Azure OpenAI takes at most 100,000 requests per file/);

    assert.equal((await failure(split({} as SplitFileParams))).code, ErrorCodes.InvalidParams);
    assert.equal((await failure(split({ uri, maxBytes: 'big' } as unknown as SplitFileParams))).code, ErrorCodes.InvalidParams);
    const missing = await failure(split({ uri: pathToFileURL(path.join(dir, 'missing.jsonl')).toString() }));
    assert.equal(missing.code, LSPErrorCodes.RequestFailed);
    assert.match(missing.message, /ENOENT/);
    assert.equal((await failure(split({ uri: 'untitled:Untitled-1' }))).code, LSPErrorCodes.RequestFailed);
    // Still serving.
    assert.equal((await split({ uri, maxRequests: 1 })).written, true);
  });
});
