/** The emulator's fault knobs, each through the official `openai` SDK: what a client sees when the
 *  service answers 429 with `retry-after`, 500 or 503, answers too late, resets the connection,
 *  cuts a body off, answers with a page that is not JSON, or cuts an upload off half-way. Error
 *  statuses go through Prism (their bodies checked against the spec's ErrorResponse); faults that
 *  break HTTP itself cannot pass a validating proxy intact, so those talk to an emulator directly. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError, RateLimitError } from 'openai';
import { validBatchFile } from '../../helpers/requests';
import type { FaultSpec } from '../src/faults';
import { type Emulator, startEmulator } from '../src/server';
import { closeSharedStack, conformanceProblems, Recorder, repoRoot, sharedStack, SpecSchemas, type Stack, STACK_API_KEY } from './harness';
import { chatLine, rejection } from './helpers';

after(closeSharedStack);

const KEY = 'sk-faults-test';
/** The innermost `code` of an error's causes (ECONNRESET, UND_ERR_SOCKET...). */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** POSTs rules to the control route, as the e2e suite and a user with curl do. */
async function setFaults(baseUrl: string, specs: FaultSpec | FaultSpec[], key = KEY): Promise<Response> {
  return fetch(`${baseUrl.replace(/\/v1$/, '')}/__emulator/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(specs),
  });
}

describe('emulator fault knobs: the control route and --fault', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ apiKey: KEY, speed: 50 });
  });
  after(() => emulator?.close());

  it('adds rules (one or an array), lists them with what is left, and clears them; the key is required', async () => {
    const root = emulator.url.replace(/\/v1$/, '');
    const added = await setFaults(emulator.url, [
      { kind: 'status', status: 429, retryAfter: 2, path: '^/v1/batches$', times: 2 },
      { kind: 'reset', method: 'delete' },
    ]);
    assert.equal(added.status, 200);
    const body = (await added.json()) as { data: { id: number; remaining: number; spec: FaultSpec }[] };
    assert.deepEqual(
      body.data.map((rule) => [rule.remaining, rule.spec.kind]),
      [
        [2, 'status'],
        [1, 'reset'],
      ],
    );

    const client = new OpenAI({ baseURL: emulator.url, apiKey: KEY, maxRetries: 0 });
    await assert.rejects(client.batches.list(), RateLimitError);
    const listed = (await (await fetch(`${root}/__emulator/faults`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as {
      data: { remaining: number; hits: number }[];
    };
    assert.deepEqual(
      listed.data.map((rule) => [rule.remaining, rule.hits]),
      [
        [1, 1],
        [1, 0],
      ],
    );

    const cleared = await fetch(`${root}/__emulator/faults`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } });
    assert.deepEqual(((await cleared.json()) as { deleted: number }).deleted, 2);
    assert.equal((await client.batches.list()).data.length, 0, 'no fault left');

    assert.equal((await setFaults(emulator.url, { kind: 'reset' }, 'sk-wrong')).status, 401);
    assert.deepEqual(emulator.faults.list(), []);
  });

  it('refuses a rule it cannot use, saying which field is wrong, in the API error envelope', async () => {
    const cases: [unknown, RegExp, string][] = [
      [{ kind: 'explode' }, /Invalid fault kind "explode": use one of status, delay, reset, truncate, nonjson, cutUpload/, 'kind'],
      [{ kind: 'status', path: '([' }, /'path' is not a regular expression/, 'path'],
      [{ kind: 'status', status: 200 }, /answers with an error status, 400 to 599/, 'status'],
      [{ kind: 'delay', delayMs: -1 }, /'delayMs' must be an integer from 0/, 'delayMs'],
      [{ kind: 'reset', often: true }, /Unknown fault field 'often'/, 'often'],
      ['reset', /A fault is a JSON object/, ''],
    ];
    for (const [spec, message, param] of cases) {
      const answer = await setFaults(emulator.url, spec as FaultSpec);
      assert.equal(answer.status, 400, JSON.stringify(spec));
      const error = ((await answer.json()) as { error: { message: string; param: string | null } }).error;
      assert.match(error.message, message);
      assert.equal(error.param ?? '', param);
    }
    assert.deepEqual(emulator.faults.list(), [], 'nothing was added');
  });

  it('takes rules on the command line with --fault, and explains a bad one', async () => {
    const main = path.join(repoRoot, 'test/out/emulator/main.js');
    const child = spawn(
      process.execPath,
      [main, '--port', '0', '--quiet', '--fault', '{"kind":"status","status":503,"path":"^/v1/batches$","times":1}'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = line.replace(/^listening on /, '');
      const client = new OpenAI({ baseURL: url, apiKey: 'any', maxRetries: 0 });
      const error = await rejection(client.batches.list());
      assert.ok(error instanceof InternalServerError && error.status === 503, String(error));
      assert.deepEqual((await client.batches.list()).data, [], 'once only');
    } finally {
      child.kill('SIGTERM');
    }
    const bad = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const run = spawn(process.execPath, [main, '--fault', '{"kind":"status","status":99}'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      run.once('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fault \{"kind":"status","status":99\}: Invalid fault: 'status' must be an integer from 200 to 599/);
  });
});

describe('emulator fault knobs through the SDK and Prism: error statuses', function () {
  this.timeout(30_000);
  let stack: Stack;
  let schemas: SpecSchemas;
  let recorder: Recorder;
  let client: OpenAI;

  before(async function () {
    this.timeout(120_000);
    stack = await sharedStack();
    schemas = new SpecSchemas();
  });
  beforeEach(() => {
    recorder = new Recorder();
    client = new OpenAI({ baseURL: stack.prism.url, apiKey: STACK_API_KEY, maxRetries: 0, fetch: recorder.fetch });
  });
  afterEach(() => {
    stack.emulator.faults.clear();
    assert.deepEqual(conformanceProblems(recorder.exchanges, schemas), [], 'exchanges that break the spec');
  });

  it('429 with retry-after: a RateLimitError carrying the header; the SDK waits it out and succeeds', async () => {
    stack.emulator.faults.add({ kind: 'status', status: 429, retryAfter: 20, path: '^/v1/batches$' });
    const error = await rejection(client.batches.list());
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.headers.get('retry-after'), '20');
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.match(error.message, /^429 Rate limit reached for requests\. Please try again in 20s\.$/);

    // retry-after-ms is what the SDK reads first: 200 ms, twice, then through.
    stack.emulator.faults.add({ kind: 'status', status: 429, retryAfterMs: 200, path: '^/v1/batches$', times: 2 });
    const patient = new OpenAI({ baseURL: stack.prism.url, apiKey: STACK_API_KEY, maxRetries: 2, fetch: recorder.fetch });
    const started = Date.now();
    await patient.batches.list();
    assert.ok(Date.now() - started >= 400, `waited ${Date.now() - started} ms`);
    assert.deepEqual(
      recorder.exchanges.map((e) => e.status),
      [429, 429, 429, 200],
    );
  });

  it('500 and 503: the API error envelope with type server_error, on the route and method chosen only', async () => {
    stack.emulator.faults.add({ kind: 'status', status: 500, method: 'GET', path: '^/v1/batches/' });
    stack.emulator.faults.add({ kind: 'status', status: 503, method: 'GET', path: '^/v1/batches/' });
    const list = await client.batches.list();
    assert.equal(list.data.length >= 0, true, 'the list route is not hit');
    const first = await rejection(client.batches.retrieve('batch_any'));
    const second = await rejection(client.batches.retrieve('batch_any'));
    assert.ok(first instanceof InternalServerError && second instanceof InternalServerError);
    assert.deepEqual(
      [first.status, first.type, second.status, second.message],
      [500, 'server_error', 503, '503 The engine is currently overloaded, please try again later.'],
    );
    assert.equal(((await rejection(client.batches.retrieve('batch_any'))) as APIError).status, 404, 'used up: the route answers again');
  });

  it('a status fault with handled: the request is carried out, only its answer is an error', async () => {
    const file = await client.files.create({ file: new File([`${chatLine('h-1')}\n`], 'handled.jsonl'), purpose: 'batch' });
    stack.emulator.faults.add({ kind: 'status', status: 502, method: 'POST', path: '^/v1/batches$', handled: true });
    const error = await rejection(
      client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
    );
    assert.equal((error as APIError).status, 502);
    const made = (await client.batches.list({ limit: 100 })).data.filter((b) => b.input_file_id === file.id);
    assert.equal(made.length, 1, 'the batch exists although the client saw a 502');
  });
});

describe('emulator fault knobs through the SDK, directly: faults that break HTTP', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let client: OpenAI;
  let dir: string;
  let fileId: string;

  before(async () => {
    emulator = await startEmulator({ apiKey: KEY, speed: 50 });
    client = new OpenAI({ baseURL: emulator.url, apiKey: KEY, maxRetries: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-faults-'));
    fileId = (await client.files.create({ file: new File([`${chatLine('d-1')}\n${chatLine('d-2')}\n`], 'direct.jsonl'), purpose: 'batch' }))
      .id;
  });
  after(async () => {
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => emulator.faults.clear());

  const batchesOf = async (id: string) => (await client.batches.list({ limit: 100 })).data.filter((b) => b.input_file_id === id);
  const create = (c: OpenAI = client) =>
    c.batches.create({ input_file_id: fileId, endpoint: '/v1/chat/completions', completion_window: '24h' });

  it('delay past the timeout: the SDK times out; without handled the request is dropped, with it the batch is made', async () => {
    const impatient = new OpenAI({ baseURL: emulator.url, apiKey: KEY, maxRetries: 0, timeout: 200 });
    emulator.faults.add({ kind: 'delay', delayMs: 1000, method: 'POST', path: '^/v1/batches$' });
    assert.ok((await rejection(create(impatient))) instanceof APIConnectionTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the delay: the emulator would have carried it out by now
    assert.equal((await batchesOf(fileId)).length, 0, 'the client left: nothing was made');

    emulator.faults.add({ kind: 'delay', delayMs: 600, method: 'POST', path: '^/v1/batches$', handled: true });
    assert.ok((await rejection(create(impatient))) instanceof APIConnectionTimeoutError);
    assert.equal((await batchesOf(fileId)).length, 1, 'made at once, its answer held back');

    // A delay shorter than the timeout only slows the answer down.
    emulator.faults.add({ kind: 'delay', delayMs: 300, path: '^/v1/batches$', method: 'GET' });
    const started = Date.now();
    await client.batches.list();
    assert.ok(Date.now() - started >= 300);
  });

  it('reset: the SDK sees ECONNRESET; with handled the batch was made all the same', async () => {
    emulator.faults.add({ kind: 'reset', method: 'GET', path: '^/v1/batches$' });
    const error = await rejection(client.batches.list());
    assert.ok(error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError), String(error));
    assert.ok(causeCodes(error).includes('ECONNRESET'), causeCodes(error).join());

    const other = (await client.files.create({ file: new File([`${chatLine('r-1')}\n`], 'reset.jsonl'), purpose: 'batch' })).id;
    emulator.faults.add({ kind: 'reset', method: 'POST', path: '^/v1/batches$', handled: true });
    await assert.rejects(
      client.batches.create({ input_file_id: other, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      APIConnectionError,
    );
    assert.equal((await batchesOf(other)).length, 1);
  });

  it('truncate: half the promised body, then the connection drops; a JSON answer fails to parse, a download is short', async () => {
    const batch = await create();
    emulator.faults.add({ kind: 'truncate', method: 'GET', path: '^/v1/batches/' });
    const error = await rejection(client.batches.retrieve(batch.id));
    assert.match((error as Error).message, /terminated/i);
    assert.equal((await client.batches.retrieve(batch.id)).id, batch.id, 'once only');

    emulator.faults.add({ kind: 'truncate', path: '/content$' });
    const response = await client.files.content(fileId);
    await assert.rejects(response.text(), /terminated/i);
  });

  it('nonjson: a page that is not JSON, with the status and content type chosen', async () => {
    emulator.faults.add({ kind: 'nonjson', status: 502, path: '^/v1/batches$' });
    const gateway = await rejection(client.batches.list());
    assert.ok(gateway instanceof APIError && gateway.status === 502, String(gateway));
    const headers = gateway.headers as Headers | undefined;
    assert.equal(gateway.error, undefined, 'no JSON body');
    assert.equal(headers?.get('content-type'), 'text/html; charset=utf-8');
    assert.match(gateway.message, /<title>502 Bad Gateway<\/title>/);

    // A 200 page (a captive portal): the SDK hands the text on as if it were the answer.
    emulator.faults.add({ kind: 'nonjson', path: '^/v1/batches/' });
    const text: unknown = await client.batches.retrieve('batch_whatever');
    assert.equal(typeof text, 'string');
    assert.match(text as string, /<h1>200 OK<\/h1>/);

    // Labelled JSON but not JSON.
    emulator.faults.add({ kind: 'nonjson', body: '{"object": "list", "data": [', contentType: 'application/json', path: '^/v1/batches$' });
    await assert.rejects(client.batches.list(), SyntaxError);
  });

  it('cutUpload: the connection resets half-way through an upload, and nothing is stored', async () => {
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, validBatchFile('/v1/chat/completions', 4000)); // about 1 MB: still being sent when cut
    const bigOnes = async () => (await client.files.list()).data.filter((f) => f.filename === 'big.jsonl').length;
    emulator.faults.add({ kind: 'cutUpload', path: '^/v1/files$' });
    const error = await rejection(client.files.create({ file: fs.createReadStream(file), purpose: 'batch' }));
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.equal(await bigOnes(), 0, 'no file was stored');
    const uploaded = await client.files.create({ file: fs.createReadStream(file), purpose: 'batch' });
    assert.equal(uploaded.bytes, fs.statSync(file).size, 'the next upload goes through whole');
  });
});
