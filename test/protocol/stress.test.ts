/** The server under stress keeps answering: bursts of edits end in the diagnostics of the final
 *  text, a document closed while its lines are on the worker pool (or while its tokens are being
 *  counted) leaves nothing behind, a request cancelled while it is pending comes back cancelled
 *  (RequestCancelled) and every cancelled request gets one answer, and malformed frames,
 *  unknown methods and wrong params are answered or ignored, never fatal. */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CancellationToken,
  CancellationTokenSource,
  createProtocolConnection,
  type Diagnostic,
  ErrorCodes,
  LSPErrorCodes,
  type ProtocolConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { BatchStatusRequest } from '../../common/src/protocol';
import { SERVER, TestClient } from '../helpers/lspClient';
import { mixedBatchFile } from '../helpers/mixedFile';
import { requestLine, validBatchFile } from '../helpers/requests';

const chat = (id: unknown, extra: Record<string, unknown> = {}) =>
  requestLine(id as string, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

const summary = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);

/** What a fresh server publishes for `text`: what any sequence of edits ending in it must give. */
async function diagnosticsOfFreshOpen(uri: string, text: string): Promise<Diagnostic[]> {
  const fresh = await TestClient.start({ settings: { validation: { delayMs: 0, maxProblems: 100_000 } } });
  try {
    fresh.open(uri, text);
    return await fresh.waitForDiagnostics(uri, (_, version) => version === 1, 30_000);
  } finally {
    await fresh.stop();
  }
}

/** A server whose stdin the test also writes to directly, for frames no LSP library would send. */
class RawServer {
  readonly connection: ProtocolConnection;
  readonly logged: string[] = [];
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => this.logged.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logged.push(params.message));
    this.connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    this.connection.onNotification('batchStudio/status', () => undefined);
    this.connection.listen();
  }

  async initialize(capabilities: Record<string, unknown> = {}): Promise<void> {
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities });
    await this.connection.sendNotification('initialized', {});
  }

  /** Bytes as they are, framed or not: the next message starts after them. */
  async raw(bytes: string): Promise<void> {
    await new Promise<void>((resolve, reject) => this.child.stdin!.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** A frame with a correct header around any content. */
  frame(content: string): Promise<void> {
    return this.raw(`Content-Length: ${Buffer.byteLength(content)}\r\n\r\n${content}`);
  }

  status(): Promise<unknown> {
    return this.connection.sendRequest(BatchStatusRequest.type, { uri: 'file:///work/not-open.jsonl' });
  }

  /** Asks for a status every 100 ms until one is answered; then every one asked must be. */
  async answersSoon(): Promise<void> {
    const asked: Promise<unknown>[] = [];
    let answered = false;
    for (let attempt = 0; attempt < 50 && !answered; attempt++) {
      asked.push(this.status().finally(() => (answered = true)));
      await Promise.race([asked[asked.length - 1], new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    assert.ok(answered, 'the server answers again');
    assert.deepEqual(
      await Promise.all(asked),
      asked.map(() => null),
    );
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  stop(): void {
    this.connection.dispose();
    this.child.kill();
  }
}

/** The server still answers: a status request, and a fresh document's diagnostics. */
async function stillServes(client: TestClient, uri: string): Promise<void> {
  assert.equal(await client.connection.sendRequest(BatchStatusRequest.type, { uri: 'file:///work/not-open.jsonl' }), null);
  client.open(uri, chat(7));
  const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['invalid_type'],
  );
  assert.equal(client.exited, false, 'the server process is still running');
}

describe('language server under stress', function () {
  this.timeout(120_000);
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('a burst of hundreds of edits, with hovers in between, ends in the diagnostics of the final text', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 150, maxProblems: 100_000 } } });
    const uri = 'file:///work/burst.jsonl';
    const lines = validBatchFile('/v1/chat/completions', 200).split('\n');
    client.open(uri, lines.join('\n'));
    await client.waitForDiagnostics(uri, (_, version) => version === 1);
    const publishedBefore = client.published.length;
    // Typing: a new request appended a character at a time, lines broken and joined, and an id
    // duplicated, as fast as the pipe takes them.
    const typed = `\n${chat('request-150', { temprature: 1 })}`;
    const started = performance.now();
    const hovers: Promise<unknown>[] = [];
    let text = lines.join('\n');
    for (let i = 0; i < typed.length; i++) {
      const before = text.split('\n');
      const last = before.length - 1;
      client.change(
        uri,
        { start: { line: last, character: before[last].length }, end: { line: last, character: before[last].length } },
        typed[i],
      );
      text += typed[i];
      if (i % 20 === 0)
        hovers.push(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }));
    }
    // And a few whole-line replacements on top.
    for (let n = 0; n < 200; n++) {
      const line = n % 50;
      const current = text.split('\n');
      const replacement = n % 2 === 0 ? chat(`x-${n}`) : `{"custom_id": "y-${n}",`;
      client.change(uri, { start: { line, character: 0 }, end: { line, character: current[line].length } }, replacement);
      current[line] = replacement;
      text = current.join('\n');
    }
    const version = 1 + typed.length + 200;
    const final = await client.waitForDiagnostics(uri, (_, v) => v === version, 30_000);
    const elapsed = performance.now() - started;
    await Promise.all(hovers);
    assert.deepEqual(summary(final), summary(await diagnosticsOfFreshOpen(uri, text)));
    assert.ok(final.some((d) => d.code === 'duplicate_custom_id') && final.some((d) => d.code === 'invalid_json_line'));
    // Debounced: a burst is published a few times, not once per edit.
    const publications = client.published.length - publishedBefore;
    assert.ok(publications < 20, `${publications} publications for ${version - 1} edits`);
    console.log(`      ${version - 1} edits → final diagnostics in ${elapsed.toFixed(0)} ms, ${publications} publications`);
  });

  it('a document closed while its lines are on the worker pool leaves no diagnostics behind, and reopens clean', async () => {
    const workers = process.env.BATCH_STUDIO_WORKERS;
    process.env.BATCH_STUDIO_WORKERS = '2';
    try {
      client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    } finally {
      if (workers === undefined) delete process.env.BATCH_STUDIO_WORKERS;
      else process.env.BATCH_STUDIO_WORKERS = workers;
    }
    // Past the size (8M UTF-16 units) where the first analysis goes to worker threads.
    const large = new TextDecoder().decode(mixedBatchFile(7, 9 << 20));
    const uri = 'file:///work/closed-early.jsonl';
    client.open(uri, large);
    // Requests for it wait for the analysis: they must be answered too.
    const symbols = client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    assert.equal(await symbols, null, 'a closed document has no symbols');
    // Reopened with other text at once: only that text's problems, whatever the workers finish.
    client.open(uri, chat(1));
    assert.deepEqual(
      (await client.waitForDiagnostics(uri, (d) => d.length > 0, 60_000)).map((d) => d.code),
      ['invalid_type'],
    );
    const reopenedAt = client.published.length;
    // The workers' late results for the closed text change nothing: the server answers the next
    // requests, and publishes nothing more for this document.
    await stillServes(client, 'file:///work/after-close.jsonl');
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      client.published.slice(reopenedAt).filter((p) => p.uri === uri),
      [],
    );
  });

  it('a document closed while its tokens are counted gets no status after the close', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/counting.jsonl';
    client.open(uri, validBatchFile('/v1/chat/completions', 3000));
    await client.waitForStatus(uri);
    client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const closedAt = client.statusLog.length;
    await stillServes(client, 'file:///work/after-count.jsonl');
    // The count would have been sent 250 ms after the diagnostics: wait for a later document's
    // count instead, which comes after it would have.
    await client.waitForStatus('file:///work/after-count.jsonl', (status) => status.cost !== undefined || !status.isBatch);
    assert.deepEqual(
      client.statusLog.slice(closedAt).filter((s) => s.uri === uri),
      [],
    );
  });

  it('answers a request cancelled while it is pending with RequestCancelled, each request once, and the next ones', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-cancel-'));
    try {
      const file = path.join(dir, 'cancelled.jsonl');
      const text = validBatchFile('/v1/chat/completions', 5000);
      fs.writeFileSync(file, text);
      const uri = pathToFileURL(file).toString();
      client.open(uri, text);
      await client.waitForDiagnostics(uri, (_, version) => version === 1, 30_000);
      const connection = client.connection;
      const ask = (method: string, i: number, token: CancellationToken) => {
        const position = { line: i, character: 2 };
        const params: Record<string, unknown> = method.startsWith('batchStudio/')
          ? { uri }
          : {
              textDocument: { uri },
              position,
              context: { includeDeclaration: true, diagnostics: [] },
              range: { start: position, end: position },
            };
        return connection.sendRequest(method, params, token);
      };
      /** Sends `count` requests and cancels each, at once or once it is under way; what each came to. */
      const cancelEach = async (methods: string[], count: number, afterCancels?: () => void) => {
        const cancels: Promise<void>[] = [];
        const outcomes = Array.from({ length: count }, async (_, i) => {
          const source = new CancellationTokenSource();
          let answered = false;
          const answer = ask(methods[i % methods.length], i, source.token).finally(() => (answered = true));
          let answeredFirst = false;
          const cancel = () => {
            answeredFirst = answered;
            source.cancel();
          };
          if (i % 3 !== 2) cancel();
          else cancels.push(new Promise((resolve) => setImmediate(() => resolve(cancel()))));
          try {
            await answer;
            return answeredFirst ? 'answered before its cancel' : 'answered after its cancel';
          } catch (error) {
            assert.ok(error instanceof ResponseError, String(error));
            assert.equal(error.code, LSPErrorCodes.RequestCancelled, `${methods[i % methods.length]}: ${error.message}`);
            return 'cancelled';
          }
        });
        await Promise.all(cancels);
        afterCancels?.();
        return Promise.all(outcomes);
      };
      const tally = (outcomes: string[]) => [...new Set(outcomes)].map((o) => `${outcomes.filter((other) => other === o).length} ${o}`);

      // Held: the settings the handlers wait for are asked for again (the configuration changed)
      // and answered only once every cancel is on its way, so each request is still pending when
      // its cancel arrives, and must come back cancelled.
      let release = () => {};
      client.configurationHeld = new Promise((resolve) => (release = resolve));
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const waiting = [
        'textDocument/documentSymbol',
        'textDocument/hover',
        'textDocument/completion',
        'textDocument/definition',
        'textDocument/references',
        'textDocument/codeAction',
        'batchStudio/estimateCost',
        'batchStudio/validateFile',
      ];
      const held = await cancelEach(waiting, 32, release);
      client.configurationHeld = undefined;
      assert.deepEqual(
        held.filter((outcome) => outcome !== 'cancelled' && outcome !== 'answered before its cancel'),
        [],
        tally(held).join(', '),
      );
      console.log(`      while pending: ${tally(held).join(', ')}`);

      // Not held: a request may be answered before its cancel arrives; each gets one answer.
      const free = await cancelEach([...waiting, 'textDocument/inlayHint', 'batchStudio/results'], 30);
      console.log(`      at any time: ${tally(free).join(', ')}`);
      // Cancelling what is long answered, or never was asked, is ignored.
      await connection.sendNotification('$/cancelRequest', { id: 987_654 });
      await connection.sendNotification('$/cancelRequest', { id: 'no-such-request' });
      await connection.sendNotification('$/cancelRequest', null);
      assert.deepEqual(await client.waitForDiagnostics(uri, (_, version) => version === 1), []);
      await stillServes(client, 'file:///work/after-cancel.jsonl');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers unknown methods and wrong params with an error, and carries on', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const connection = client.connection;
    await assert.rejects(connection.sendRequest('batchStudio/noSuchRequest', {}), (error: ResponseError<unknown>) => {
      assert.equal(error.code, ErrorCodes.MethodNotFound);
      return true;
    });
    await connection.sendNotification('batchStudio/noSuchNotification', { anything: [1, 2, 3] });
    const wrong: [string, unknown][] = [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: 5, position: 'here' }],
      ['textDocument/completion', { textDocument: { uri: 42 } }],
      ['textDocument/codeAction', {}],
      ['textDocument/documentSymbol', null],
      ['textDocument/definition', { textDocument: {} }],
      ['textDocument/references', { textDocument: { uri: 'file:///work/x.jsonl' }, position: null }],
      ['batchStudio/validateFile', 7],
      ['batchStudio/validateFile', { uri: 'not a uri' }],
      ['batchStudio/estimateCost', null],
      ['batchStudio/getStatus', []],
      ['batchStudio/authoringCatalog', null],
      ['batchStudio/requestTemplate', 'x'],
    ];
    for (const [method, params] of wrong) {
      const answer = await connection.sendRequest(method, params).then(
        () => 'result',
        (error: unknown) => (error instanceof ResponseError ? 'error' : `threw ${String(error)}`),
      );
      assert.ok(answer === 'result' || answer === 'error', `${method}: ${answer}`);
    }
    const wrongNotifications: [string, unknown][] = [
      ['textDocument/didOpen', null],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///work/n.jsonl', text: 5, version: 'one' } }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///work/n.jsonl', version: 2 }, contentChanges: 'all of it' }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///work/n.jsonl', version: 3 }, contentChanges: [{ range: 'x', text: 1 }] }],
      ['textDocument/didChange', null],
      ['textDocument/didClose', null],
      ['textDocument/didClose', { textDocument: { uri: 'file:///work/never-opened.jsonl' } }],
      ['workspace/didChangeConfiguration', null],
    ];
    for (const [method, params] of wrongNotifications) await connection.sendNotification(method, params);
    await stillServes(client, 'file:///work/after-wrong-params.jsonl');
  });

  it('serves a client that refuses its registration and fails every settings request, with the defaults', async () => {
    const server = new RawServer();
    try {
      const refusals: string[] = [];
      server.connection.onRequest('client/registerCapability', () => {
        refusals.push('client/registerCapability');
        return new ResponseError(ErrorCodes.InternalError, 'this client registers nothing');
      });
      server.connection.onRequest('workspace/configuration', () => {
        refusals.push('workspace/configuration');
        throw new Error('no settings here');
      });
      const published = new Promise<Diagnostic[]>((resolve) =>
        server.connection.onNotification('textDocument/publishDiagnostics', (params: { diagnostics: Diagnostic[] }) =>
          resolve(params.diagnostics),
        ),
      );
      await server.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'file:///work/refused.jsonl', languageId: 'jsonl', version: 1, text: chat(3) },
      });
      assert.deepEqual(
        (await published).map((d) => d.code),
        ['invalid_type'],
      );
      assert.deepEqual([...new Set(refusals)].sort(), ['client/registerCapability', 'workspace/configuration']);
      assert.equal(await server.status(), null);
      assert.equal(server.exited, false);
    } finally {
      server.stop();
    }
  });

  it('skips malformed frames (bad JSON, bad headers, non-messages) and answers the next request', async () => {
    const server = new RawServer();
    try {
      await server.initialize();
      for (const content of [
        '{{{ not json',
        '42',
        '[]',
        'null',
        '"text"',
        '{"jsonrpc": "2.0"}',
        '{"jsonrpc": "2.0", "id": 99, "result": "unasked"}',
        '{"jsonrpc": "2.0", "id": 100, "method": 5, "params": {}}',
      ]) {
        await server.frame(content);
        assert.equal(await server.status(), null, `answers after the frame ${content}`);
      }
      // A header without a usable length is dropped; vscode-jsonrpc reads what follows it in the
      // same chunk only when the next bytes arrive, so the test keeps asking until it is answered.
      for (const header of ['X-Not-A-Length: 3\r\n\r\n', 'Content-Length: many\r\n\r\n']) {
        await server.raw(header);
        await server.answersSoon();
      }
      assert.equal(server.exited, false);
    } finally {
      server.stop();
    }
  });
});
