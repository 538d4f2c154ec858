/** The extension's own API layer (client/src/api: BatchApi, describeError, submitFile) against the
 *  emulator's fault knobs: every fault gives a message that says what happened and what to do
 *  next, never the key; a retried create never makes a second batch; an upload is not left behind
 *  when creating fails for good; cancel does not retry a 409; a failed download leaves no partial
 *  file. BatchApi is built as session.ts builds it, with shorter timeouts and retry waits so that
 *  each fault surfaces in moments (the defaults are measured by name in the README). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Batch, BatchApi, type BatchApiOptions, DEFAULT_API_OPTIONS, type RetryWait } from '../../../client/src/api/batchApi';
import { type SubmitResult, submitFile } from '../../../client/src/api/submitFlow';
import { validBatchFile } from '../../helpers/requests';
import type { FaultSpec } from '../src/faults';
import { type Emulator, startEmulator } from '../src/server';
import {
  closeSharedStack,
  conformanceProblems,
  operationOf,
  RecordingProxy,
  sharedStack,
  SpecSchemas,
  type Stack,
  STACK_API_KEY,
} from './harness';
import { batchApiFor, chatLine, rejection } from './helpers';

after(closeSharedStack);

/** A key that is easy to find in any text. */
const KEY = 'batchstudio-faults-key-93c1d7';
/** Short enough that a test waits moments, long enough that a loaded machine still answers. */
const TEST_OPTIONS: Partial<BatchApiOptions> = {
  quickTimeoutMs: 1500,
  createTimeoutMs: 1500,
  downloadTimeoutMs: 1500,
  retryBaseDelayMs: 50,
  maxRetryWaitMs: 1500,
};

/** Time from the call to the rejection, and the rejection. */
async function timedRejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await rejection(promise);
  return { error, ms: Date.now() - started };
}

/** What each fault cost, printed at the end (the README quotes the defaults' worst cases). */
const measured: string[] = [];

describe('BatchApi and submitFile against the fault knobs', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let api: BatchApi;
  const log: string[] = [];
  let dir: string;
  let smallFile: string;
  /** Every request the emulator saw, as "METHOD path status". */
  const requests: string[] = [];

  before(async () => {
    emulator = await startEmulator({ apiKey: KEY, speed: 50, log: (line) => requests.push(line) });
    api = batchApiFor({ baseUrl: emulator.url }, KEY, log, TEST_OPTIONS);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-api-'));
    smallFile = path.join(dir, 'small.jsonl');
    fs.writeFileSync(smallFile, `${chatLine('one')}\n${chatLine('two')}\n`);
  });
  after(async () => {
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (measured.length)
      process.stdout.write(`      time to surface, with the test timeouts:\n${measured.map((m) => `        ${m}\n`).join('')}`);
  });
  afterEach(() => emulator.faults.clear());

  const fault = (spec: FaultSpec) => emulator.faults.add(spec);
  const requestsSince = (start: number, pattern = /^(GET|POST|DELETE) \/v1\//) =>
    requests
      .slice(start)
      .filter((line) => pattern.test(line))
      .map((line) =>
        line
          .replace(/\/(batch|file)[-_][\w-]+/g, '/{id}')
          .replace(/\?\S*/, '')
          .replace(/ \d+ms$/, ''),
      );
  const batchesOf = async (fileId: string) => (await api.list(undefined, 100)).batches.filter((b) => b.input_file_id === fileId);
  const fileExists = async (fileId: string) => (await rejection(api.fileName(fileId)).catch(() => undefined)) === undefined;

  describe('each fault, described with what to do next', () => {
    it('429 with retry-after: rate limiting, how long the service asks to wait, one attempt for the explorer', async () => {
      fault({ kind: 'status', status: 429, retryAfter: 20, path: '^/v1/batches$' });
      const start = requests.length;
      const { error, ms } = await timedRejection(api.list(undefined, 20));
      measured.push(`429 on a refresh: ${ms} ms (one attempt; the view retries in the 20 s asked for)`);
      const described = api.describe(error);
      assert.deepEqual(described, {
        kind: 'rateLimit',
        message:
          'The Batch API is rate limiting requests (429: Rate limit reached for requests. Please try again in 20s.). Try again in 20 s.',
        reason: 'The Batch API is rate limiting requests (429: Rate limit reached for requests. Please try again in 20s.).',
        retryAfterMs: 20_000,
      });
      assert.deepEqual(requestsSince(start), ['GET /v1/batches 429'], 'no silent retries: the explorer shows the wait');
    });

    it('429 for want of quota: not a wait but the billing', async () => {
      fault({
        kind: 'status',
        status: 429,
        path: '^/v1/batches$',
        code: 'insufficient_quota',
        message: 'You exceeded your current quota, please check your plan and billing details.',
      });
      const error = await rejection(api.list(undefined, 20));
      assert.deepEqual(
        [api.describe(error).kind, api.describe(error).message],
        [
          'quota',
          `${emulator.url} refused the request: the account is out of quota (429: You exceeded your current quota, please check your plan and billing details.). Check your plan and billing details on the provider's site, then try again.`,
        ],
      );
    });

    it('500 and 503: a server error, usually temporary', async () => {
      fault({ kind: 'status', status: 503, path: '^/v1/batches/' });
      const described = api.describe(await rejection(api.retrieve('batch_x')));
      assert.deepEqual(
        [described.kind, described.message],
        [
          'server',
          `${emulator.url} had a server error (503: The engine is currently overloaded, please try again later.). This is usually temporary: try again in a minute.`,
        ],
      );
      fault({ kind: 'status', status: 500, path: '^/v1/batches/' });
      assert.match(api.describe(await rejection(api.retrieve('batch_x'))).message, /had a server error \(500: The server had an error/);
    });

    it('a delay past the timeout: "did not answer within 1.5 s", after the timeout and no longer', async () => {
      fault({ kind: 'delay', delayMs: 4000, path: '^/v1/batches$' });
      const { error, ms } = await timedRejection(api.list(undefined, 20));
      measured.push(`an answer later than the timeout: ${ms} ms (the timeout, 1500 ms here)`);
      assert.ok(ms >= 1500 && ms < 2500, `${ms} ms`);
      assert.deepEqual(api.describe(error), {
        kind: 'timeout',
        message: `${emulator.url} did not answer within 1.5 s (timed out). The service may be busy or the network slow: try again in a minute; if it keeps happening, check batchStudio.api.baseUrl and your network.`,
        reason: `${emulator.url} did not answer within 1.5 s (timed out).`,
      });
    });

    it('a reset connection', async () => {
      fault({ kind: 'reset', path: '^/v1/batches$' });
      const { error, ms } = await timedRejection(api.list(undefined, 20));
      measured.push(`a reset connection on a refresh: ${ms} ms`);
      assert.deepEqual(
        [api.describe(error).kind, api.describe(error).message],
        [
          'reset',
          `The connection to ${emulator.url} was reset before the answer arrived. This is usually a network or proxy hiccup: try again; if it keeps happening, check batchStudio.api.baseUrl, your proxy and your network.`,
        ],
      );
    });

    it('a body cut off half-way', async () => {
      fault({ kind: 'truncate', path: '^/v1/batches$' });
      const described = api.describe(await rejection(api.list(undefined, 20)));
      assert.deepEqual(
        [described.kind, described.message],
        [
          'reset',
          `The connection to ${emulator.url} closed before the whole answer arrived. Try again; if it keeps happening, check your network or proxy.`,
        ],
      );
    });

    it('an answer that is not JSON: a gateway page (502), a captive portal (200), JSON that is not', async () => {
      fault({ kind: 'nonjson', status: 502, path: '^/v1/batches$' });
      const gateway = api.describe(await rejection(api.list(undefined, 20)));
      assert.deepEqual(
        [gateway.kind, gateway.message],
        [
          'server',
          `The API at ${emulator.url} answered with something that is not JSON (text/html, 502: "502 Bad Gateway"). A proxy or gateway may be in the way, or the service is down: try again in a minute; if it keeps happening, check batchStudio.api.baseUrl.`,
        ],
      );

      fault({ kind: 'nonjson', path: '^/v1/batches$', body: '<html><head><title>Sign in to Hotel Wi-Fi</title></head></html>' });
      const portal = api.describe(await rejection(api.list(undefined, 20)));
      assert.deepEqual(
        [portal.kind, portal.message],
        [
          'badAnswer',
          `The API at ${emulator.url} answered with something that is not JSON (text/html, 200: "Sign in to Hotel Wi-Fi"). Something other than the Batch API may be answering — a proxy, a captive portal, a wrong URL: check batchStudio.api.baseUrl, then try again.`,
        ],
      );

      fault({ kind: 'nonjson', path: '^/v1/batches/', body: 'Service Unavailable', contentType: 'application/json' });
      const mislabelled = api.describe(await rejection(api.retrieve('batch_x')));
      assert.equal(mislabelled.kind, 'badAnswer');
      assert.match(mislabelled.message, /answered with something that is not JSON, although it said it was \(Unexpected token/);

      fault({ kind: 'nonjson', path: '^/v1/batches$', body: '{"object": "list"}', contentType: 'application/json' });
      const shape = api.describe(await rejection(api.list(undefined, 20)));
      assert.match(shape.message, /answered with JSON that is not what the Batch API sends \(not a list of batches\)/);
    });

    it('the key appears in no message and no log line, whatever the fault', async () => {
      const faults: FaultSpec[] = [
        { kind: 'status', status: 429, retryAfter: 1 },
        { kind: 'status', status: 500 },
        { kind: 'reset' },
        { kind: 'truncate' },
        { kind: 'nonjson', status: 502 },
        { kind: 'nonjson', body: `echo ${KEY}` },
        { kind: 'status', status: 401, message: `Incorrect API key provided: ${KEY}.` },
      ];
      for (const spec of faults) {
        fault({ ...spec, path: '^/v1/batches$' });
        const described = api.describe(await rejection(api.list(undefined, 20)));
        assert.ok(!JSON.stringify(described).includes(KEY), JSON.stringify(described));
      }
      assert.ok(
        log.every((line) => !line.includes(KEY)),
        log.join('\n'),
      );
    });
  });

  describe('submitFile: a retried create never makes a second batch; a failed one leaves no upload', () => {
    async function submit(waits: string[] = []): Promise<SubmitResult> {
      return submitFile(
        api,
        { file: smallFile, endpoint: '/v1/chat/completions', metadata: { input_file_name: 'small.jsonl' } },
        undefined,
        undefined,
        (_step, text) => waits.push(text),
      );
    }

    it('the answer of a create is lost (reset after the batch was made): the batch is found, not made again', async () => {
      fault({ kind: 'reset', method: 'POST', path: '^/v1/batches$', handled: true });
      const start = requests.length;
      const waits: string[] = [];
      const result = await submit(waits);
      assert.ok(result.ok && result.recovered, JSON.stringify(result));
      assert.deepEqual(requestsSince(start), [
        'POST /v1/files 200',
        'POST /v1/batches (connection dropped by a fault)',
        'GET /v1/batches 200',
      ]);
      assert.equal((await batchesOf(result.fileId)).length, 1, 'one batch');
      assert.deepEqual(waits, [
        `The connection to ${emulator.url} was reset before the answer arrived; checking whether the batch was created…`,
      ]);
    });

    it('a create answered too late: found if it was made; if not, the upload is kept and the user told to look', async () => {
      fault({ kind: 'delay', delayMs: 2500, method: 'POST', path: '^/v1/batches$', handled: true });
      const found = await submit();
      assert.ok(found.ok && found.recovered, JSON.stringify(found));
      assert.equal((await batchesOf(found.fileId)).length, 1);

      // Not made (yet): another create could make a second batch once the first is done.
      fault({ kind: 'delay', delayMs: 2500, method: 'POST', path: '^/v1/batches$' });
      const start = requests.length;
      const unknown = await submit();
      assert.ok(!unknown.ok && unknown.stage === 'create', JSON.stringify(unknown));
      assert.equal(unknown.deleted, false);
      assert.match(unknown.reason, /did not answer within 1\.5 s/);
      assert.match(unknown.cleanup, /was kept, since the batch may have been created all the same: refresh the Batches view in a minute/);
      // The emulator logs the dropped request when it notices the client has gone: order varies.
      assert.deepEqual(requestsSince(start).sort(), [
        'GET /v1/batches 200',
        'POST /v1/batches (connection dropped by a fault)',
        'POST /v1/files 200',
      ]);
      assert.equal(await fileExists(unknown.fileId), true);
      assert.equal((await batchesOf(unknown.fileId)).length, 0, 'the client left before the create was carried out: none made');
    });

    it('a create carried out whose answer is not JSON (a proxy page): the batch is found, not made again, the upload kept', async () => {
      fault({ kind: 'nonjson', method: 'POST', path: '^/v1/batches$', handled: true });
      const start = requests.length;
      const waits: string[] = [];
      const result = await submit(waits);
      assert.ok(result.ok && result.recovered, JSON.stringify(result));
      assert.deepEqual(requestsSince(start), ['POST /v1/files 200', 'POST /v1/batches 200', 'GET /v1/batches 200']);
      assert.equal((await batchesOf(result.fileId)).length, 1, 'one batch');
      assert.equal(result.batch.input_file_id, result.fileId);
      assert.equal(await fileExists(result.fileId), true, 'the batch needs its input file: not deleted');
      assert.deepEqual(waits, [
        `The API at ${emulator.url} answered with something that is not JSON (text/html, 200: "200 OK"); checking whether the batch was created…`,
      ]);
    });

    it('500, then 503, then success: retried after looking, one batch in the end', async () => {
      fault({ kind: 'status', status: 500, method: 'POST', path: '^/v1/batches$' });
      fault({ kind: 'status', status: 503, method: 'POST', path: '^/v1/batches$' });
      const start = requests.length;
      const result = await submit();
      assert.ok(result.ok && !result.recovered, JSON.stringify(result));
      assert.deepEqual(requestsSince(start), [
        'POST /v1/files 200',
        'POST /v1/batches 500',
        'GET /v1/batches 200',
        'POST /v1/batches 503',
        'GET /v1/batches 200',
        'POST /v1/batches 200',
      ]);
      assert.equal((await batchesOf(result.fileId)).length, 1);
    });

    it('429 with a short retry-after: waits it out, saying so, then creates', async () => {
      fault({ kind: 'status', status: 429, retryAfterMs: 300, method: 'POST', path: '^/v1/batches$' });
      const waits: string[] = [];
      const started = Date.now();
      const result = await submit(waits);
      assert.ok(result.ok, JSON.stringify(result));
      assert.ok(Date.now() - started >= 300);
      assert.deepEqual(waits, [
        'The Batch API is rate limiting requests (429: Rate limit reached for requests. Please try again in 1s.); retrying in 300 ms…',
      ]);
    });

    it('failing for good (503 every time, or a 429 asking for longer than a command waits): the upload is deleted, nothing made', async () => {
      fault({ kind: 'status', status: 503, method: 'POST', path: '^/v1/batches$', times: 10 });
      const { error: _unused, ms } = await timedRejection(
        (async () => {
          const result = await submit();
          assert.ok(!result.ok && result.stage === 'create', JSON.stringify(result));
          assert.deepEqual([result.deleted, result.cleanup], [true, 'The uploaded file was deleted again.']);
          assert.match(result.reason, /had a server error \(503: /);
          assert.equal(await fileExists(result.fileId), false);
          assert.equal((await batchesOf(result.fileId)).length, 0);
          throw new Error('done');
        })(),
      );
      measured.push(`a create failing for good (503 ×3, retry waits 50 ms, 100 ms): ${ms} ms`);
      emulator.faults.clear();

      fault({ kind: 'status', status: 429, retryAfter: 60, method: 'POST', path: '^/v1/batches$' });
      const start = requests.length;
      const limited = await submit();
      assert.ok(!limited.ok && limited.stage === 'create', JSON.stringify(limited));
      assert.equal(
        limited.reason,
        'The Batch API is rate limiting requests (429: Rate limit reached for requests. Please try again in 60s.). Try again in 60 s.',
      );
      assert.deepEqual([limited.deleted, limited.cleanup], [true, 'The uploaded file was deleted again.']);
      assert.deepEqual(requestsSince(start), ['POST /v1/files 200', 'POST /v1/batches 429', 'DELETE /v1/files/{id} 200']);
    });

    it('an upload cut off half-way: nothing is stored, nothing created, and the message says the connection was reset', async () => {
      const big = path.join(dir, 'big.jsonl');
      fs.writeFileSync(big, validBatchFile('/v1/chat/completions', 4000));
      fault({ kind: 'cutUpload', path: '^/v1/files$' });
      const start = requests.length;
      const result = await submitFile(api, { file: big, endpoint: '/v1/chat/completions', metadata: {} });
      assert.ok(!result.ok && result.stage === 'upload' && !result.aborted, JSON.stringify(result));
      const described = api.describe(result.error);
      assert.equal(described.kind, 'reset');
      assert.match(described.message, /^The connection to .* (was reset|closed) before/);
      assert.deepEqual(requestsSince(start), ['POST /v1/files (connection dropped by a fault)'], 'not sent again: it may have been stored');
      const listed = await api.list(undefined, 100);
      assert.equal(listed.batches.filter((b) => b.metadata?.input_file_name === 'big.jsonl').length, 0);
    });

    it('a 429 on the upload itself is waited out: nothing was stored by the refused one', async () => {
      fault({ kind: 'status', status: 429, retryAfterMs: 100, method: 'POST', path: '^/v1/files$' });
      const waits: string[] = [];
      const result = await submit(waits);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(waits.length, 1);
      assert.match(waits[0], /rate limiting requests \(429: .*retrying in 100 ms…$/);
    });
  });

  describe('cancel and download', () => {
    let done: Batch;
    before(async () => {
      const file = path.join(dir, 'results.jsonl');
      fs.writeFileSync(file, [chatLine('r-1'), chatLine('r-2'), chatLine('r-3')].join('\n') + '\n');
      const created = await api.create({ inputFileId: (await api.upload(file)).id, endpoint: '/v1/chat/completions', metadata: {} });
      for (const deadline = Date.now() + 10_000; ;) {
        done = await api.retrieve(created.id);
        if (done.status === 'completed') break;
        assert.ok(Date.now() < deadline, done.status);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });

    it('cancel: a 409 is answered at once, not retried; a 503 is retried and the cancel goes through', async () => {
      const start = requests.length;
      const { error, ms } = await timedRejection(api.cancel(done.id));
      measured.push(`a 409 on cancel: ${ms} ms (no retry)`);
      assert.deepEqual(api.describe(error).message, "Cannot cancel a batch with status 'completed'.");
      assert.deepEqual(requestsSince(start), ['POST /v1/batches/{id}/cancel 409']);
      assert.ok(ms < 500, `${ms} ms`);

      const running = await api.create({
        inputFileId: (await api.upload(path.join(dir, 'results.jsonl'))).id,
        endpoint: '/v1/chat/completions',
        metadata: {},
      });
      fault({ kind: 'status', status: 503, path: '/cancel$' });
      const waits: RetryWait[] = [];
      const cancelled = await api.cancel(running.id, (wait) => waits.push(wait));
      assert.ok(['cancelling', 'cancelled', 'completed'].includes(cancelled.status) || cancelled.id === running.id);
      assert.equal(waits.length, 1);
      assert.match(api.describeWait(waits[0]), /had a server error \(503: .*\); retrying in 50 ms…$/);
    });

    it('download: cut off every time, it fails with no partial file and the earlier file untouched; cut off once, it is retried whole', async () => {
      const folder = path.join(dir, 'downloads');
      fs.mkdirSync(folder);
      const target = path.join(folder, 'results.output.jsonl');
      fs.writeFileSync(target, 'the earlier, good download\n');
      fault({ kind: 'truncate', path: '/content$', times: 3 });
      const { error, ms } = await timedRejection(api.download(done.output_file_id!, target));
      measured.push(`a download cut off three times: ${ms} ms`);
      assert.equal(api.describe(error).kind, 'reset');
      assert.deepEqual(fs.readdirSync(folder), ['results.output.jsonl'], 'no partial file');
      assert.equal(fs.readFileSync(target, 'utf8'), 'the earlier, good download\n');

      fault({ kind: 'truncate', path: '/content$' });
      const waits: RetryWait[] = [];
      const size = await api.download(done.output_file_id!, target, undefined, (wait) => waits.push(wait));
      assert.equal(waits.length, 1);
      const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\n');
      assert.equal(size, fs.statSync(target).size);
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
        ['r-1', 'r-2', 'r-3'],
      );
      assert.deepEqual(fs.readdirSync(folder), ['results.output.jsonl']);
    });

    it('download: a reset before the body, or a 500, is retried; a timeout is not (the user has waited once)', async () => {
      const target = path.join(dir, 'again.jsonl');
      fault({ kind: 'reset', path: '/content$' });
      fault({ kind: 'status', status: 500, path: '/content$' });
      await api.download(done.output_file_id!, target);
      assert.equal(fs.readFileSync(target, 'utf8').trimEnd().split('\n').length, 3);

      fault({ kind: 'delay', delayMs: 5000, path: '/content$', times: 3 });
      const start = requests.length;
      const { error } = await timedRejection(api.download(done.output_file_id!, path.join(dir, 'late.jsonl')));
      assert.equal(api.describe(error).kind, 'timeout');
      assert.deepEqual(requestsSince(start), ['GET /v1/files/{id}/content (connection dropped by a fault)'], 'not retried');
      assert.equal(fs.existsSync(path.join(dir, 'late.jsonl')), false);
    });
  });

  describe('at the end', () => {
    it('BatchApi logged nothing with the key in it', () => {
      assert.ok(
        log.every((line) => !line.includes(KEY)),
        log.join('\n'),
      );
    });
  });
});

describe('BatchApi under faults, every exchange checked by Prism', function () {
  this.timeout(30_000);
  let stack: Stack;
  let front: RecordingProxy;
  let api: BatchApi;
  let schemas: SpecSchemas;
  let file: string;
  let dir: string;

  before(async function () {
    this.timeout(120_000);
    stack = await sharedStack();
    front = new RecordingProxy(stack.prism.url);
    api = batchApiFor({ baseUrl: await front.listen() }, STACK_API_KEY, [], TEST_OPTIONS);
    schemas = new SpecSchemas();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-prism-'));
    file = path.join(dir, 'prism.jsonl');
    fs.writeFileSync(file, `${chatLine('p-1')}\n`);
  });
  after(async () => {
    await front?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => stack.emulator.faults.clear());

  it('a submit through 429, 500 and a lost answer: every request and answer conforms, one batch', async () => {
    stack.emulator.faults.add({ kind: 'status', status: 429, retryAfterMs: 100, method: 'POST', path: '^/v1/batches$' });
    stack.emulator.faults.add({ kind: 'status', status: 500, method: 'POST', path: '^/v1/batches$' });
    stack.emulator.faults.add({ kind: 'status', status: 502, method: 'POST', path: '^/v1/batches$', handled: true });
    const start = front.exchanges.length;
    const result = await submitFile(api, { file, endpoint: '/v1/chat/completions', metadata: {} });
    assert.ok(result.ok && result.recovered, JSON.stringify(result));
    const exchanges = front.exchanges.slice(start);
    assert.deepEqual(
      exchanges.map((e) => `${operationOf(e)} ${e.status}`),
      ['POST /files 200', 'POST /batches 429', 'POST /batches 500', 'GET /batches 200', 'POST /batches 502', 'GET /batches 200'],
    );
    assert.deepEqual(conformanceProblems(exchanges, schemas), []);
    const ours = (await api.list(undefined, 100)).batches.filter((b) => b.input_file_id === result.fileId);
    assert.equal(ours.length, 1);
  });
});

describe('the default timeouts and waits', () => {
  it('are those the README names', () => {
    assert.deepEqual(DEFAULT_API_OPTIONS, {
      quickTimeoutMs: 30_000,
      createTimeoutMs: 60_000,
      uploadTimeoutMs: 30 * 60_000,
      downloadTimeoutMs: 60_000,
      retryBaseDelayMs: 1000,
      maxRetryWaitMs: 30_000,
    });
  });
});
