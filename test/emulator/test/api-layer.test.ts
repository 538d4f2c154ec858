/** The extension's own API layer (client/src/api: BatchApi, describeError, submitFile) against the
 *  emulator, built the way session.ts builds it: a Connection from resolveConnection, a key, a
 *  logger. BatchApi keeps the SDK's default fetch, so a recording proxy sits in front of Prism:
 *  BatchApi → recording proxy (can fake or cut an answer) → Prism (validates against the official
 *  spec) → mutating proxy → emulator. The Azure tests talk to an emulator directly: the Azure
 *  URL shape (/openai/...?api-version=) is not in OpenAI's spec, so Prism cannot check it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Batch, BatchApi } from '../../../client/src/api/batchApi';
import type { ConnectionSettings } from '../../../client/src/api/connection';
import { type SubmitStep, submitFile } from '../../../client/src/api/submitFlow';
import { validBatchFile } from '../../helpers/requests';
import { type Emulator, startEmulator } from '../src/server';
import {
  closeSharedStack,
  conformanceProblems,
  type Expectations,
  freePort,
  operationOf,
  RecordingProxy,
  sharedStack,
  SpecSchemas,
  type Stack,
  STACK_API_KEY,
} from './harness';
import { batchApiFor, chatLine, rejection } from './helpers';

// The emulator and Prism are shared with sdk.test.ts; this root hook stops them at the end.
after(closeSharedStack);

/** A wrong key that is easy to spot in any text (and not shaped like a real one). */
const WRONG_KEY = 'batchstudio-wrong-key-7f3a9c1e';

/** BatchApi as ApiSession makes it (but for shorter waits between retries, so that a test
 *  retrying three times takes moments); what it logs goes to `log`. */
function apiFor(settings: Partial<ConnectionSettings>, key: string, log: string[] = []): BatchApi {
  return batchApiFor(settings, key, log, { retryBaseDelayMs: 10 });
}

/** Polls `retrieve` until the batch reaches one of `statuses` or `until` holds. */
async function waitFor(api: BatchApi, id: string, statuses: Batch['status'][], until?: (batch: Batch) => boolean): Promise<Batch> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const batch = await api.retrieve(id);
    if (statuses.includes(batch.status) || until?.(batch)) return batch;
    if (Date.now() > deadline) throw new Error(`batch ${id} stayed ${batch.status}; expected ${statuses.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

/** Watches `folder` for a download's partial file (`.NAME.PID.part`): `settled` resolves once it
 *  has been created and removed again and is gone, and rejects when that does not happen within
 *  `timeoutMs` (e.g. a file created after its removal, which stays). */
function partialFileCycle(folder: string, timeoutMs = 5_000): { settled: Promise<void> } {
  const events = new Map<string, number>();
  const watcher = fs.watch(folder);
  const settled = new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `the partial file did not come and go in ${folder}: ${JSON.stringify([...events])}, now ${fs.readdirSync(folder).join(', ')}`,
          ),
        ),
      timeoutMs,
    );
    watcher.on('error', finish);
    watcher.on('change', (type, name) => {
      const file = String(name ?? '');
      if (type !== 'rename' || !/\.part$/.test(file)) return;
      events.set(file, (events.get(file) ?? 0) + 1);
      // A 'rename' event is a creation or a removal: two, and no such file left, is a full cycle.
      if (events.get(file)! >= 2 && !fs.existsSync(path.join(folder, file))) finish();
    });
  });
  return { settled };
}

describe('BatchApi against the emulator, every exchange checked by Prism', function () {
  this.timeout(20_000);
  let stack: Stack;
  let front: RecordingProxy;
  let frontUrl: string;
  let schemas: SpecSchemas;
  let api: BatchApi;
  const log: string[] = [];
  let dir: string;
  let smallFile: string;

  before(async function () {
    this.timeout(120_000);
    stack = await sharedStack();
    front = new RecordingProxy(stack.prism.url);
    frontUrl = await front.listen();
    schemas = new SpecSchemas();
    api = apiFor({ baseUrl: frontUrl }, STACK_API_KEY, log);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-api-'));
    smallFile = path.join(dir, 'small.jsonl');
    fs.writeFileSync(smallFile, `${chatLine('one', 'First question')}\n${chatLine('two', 'Second question')}\n`);
  });

  after(async () => {
    await front?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    front.intercept = undefined;
  });

  /** A test whose exchanges must all conform to the spec, except the request violations it provokes. */
  function conformingIt(title: string, test: () => Promise<void>, expect: Expectations = {}) {
    it(title, async () => {
      const start = front.exchanges.length;
      await test();
      assert.deepEqual(conformanceProblems(front.exchanges.slice(start), schemas, expect), [], 'exchanges that break the spec');
    });
  }

  /** Lets `times` requests matching `method` and `path` be answered by `interception`. */
  function interceptNext(
    method: string,
    pathPattern: RegExp,
    interception: NonNullable<ReturnType<NonNullable<RecordingProxy['intercept']>>>,
    times = 1,
  ) {
    front.intercept = (m, p) => {
      if (times <= 0 || m !== method || !pathPattern.test(p)) return undefined;
      times--;
      return interception;
    };
  }

  conformingIt('uploads a .jsonl file from disk and names it; deleteFile removes it', async () => {
    const file = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(file, validBatchFile('/v1/chat/completions', 3));
    const uploaded = await api.upload(file);
    assert.match(uploaded.id, /^file-/);
    assert.deepEqual([uploaded.filename, uploaded.purpose, uploaded.bytes], ['requests.jsonl', 'batch', fs.statSync(file).size]);
    assert.equal(await api.fileName(uploaded.id), 'requests.jsonl');

    await api.deleteFile(uploaded.id);
    const gone = await rejection(api.fileName(uploaded.id));
    assert.deepEqual(api.describe(gone).message, `Not found (404): No file with id '${uploaded.id}' exists.`);
    assert.equal(api.describe(gone).kind, 'notFound');
  });

  conformingIt('creates batches with endpoint and metadata, retrieves them, and pages through the list with after/hasMore', async () => {
    const inputFileId = (await api.upload(smallFile)).id;
    const ours: Batch[] = [];
    for (let i = 0; i < 5; i++) {
      ours.push(
        await api.create({
          inputFileId,
          endpoint: '/v1/chat/completions',
          metadata: { input_file_name: 'small.jsonl', description: `page test ${i}` },
        }),
      );
    }
    const first = ours[0];
    assert.deepEqual(
      [first.status, first.endpoint, first.input_file_id, first.completion_window],
      ['validating', '/v1/chat/completions', inputFileId, '24h'],
    );
    assert.deepEqual(first.metadata, { input_file_name: 'small.jsonl', description: 'page test 0' });
    const retrieved = await api.retrieve(first.id);
    assert.deepEqual([retrieved.id, retrieved.input_file_id, retrieved.metadata], [first.id, inputFileId, first.metadata]);

    const bare = await api.create({ inputFileId, endpoint: '/v1/chat/completions', metadata: {} });
    assert.equal(bare.metadata ?? undefined, undefined, 'no metadata sent, none stored');

    const newestFirst = [bare, ...[...ours].reverse()].map((b) => b.id);
    const page1 = await api.list(undefined, 2);
    assert.deepEqual(
      page1.batches.map((b) => b.id),
      newestFirst.slice(0, 2),
    );
    assert.equal(page1.hasMore, true);
    const page2 = await api.list(page1.batches[1].id, 2);
    assert.deepEqual(
      page2.batches.map((b) => b.id),
      newestFirst.slice(2, 4),
    );
    assert.equal(page2.hasMore, true);

    // Follow the cursor to the end: every batch once, ours in order, the last page says so.
    const all: string[] = [];
    let after: string | undefined;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 100, 'the listing ends');
      const page = await api.list(after, 4);
      all.push(...page.batches.map((b) => b.id));
      if (!page.hasMore) break;
      after = page.batches[page.batches.length - 1].id;
    }
    assert.deepEqual(all.slice(0, newestFirst.length), newestFirst);
    assert.equal(new Set(all).size, all.length, 'no batch listed twice');
  });

  conformingIt('cancels a running batch (cancelling); cancelling a finished one is described by the 409 message', async () => {
    const long = path.join(dir, 'long.jsonl');
    fs.writeFileSync(long, validBatchFile('/v1/chat/completions', 120, 3));
    const running = await api.create({ inputFileId: (await api.upload(long)).id, endpoint: '/v1/chat/completions', metadata: {} });
    await waitFor(api, running.id, [], (b) => b.status === 'in_progress');
    const cancelling = await api.cancel(running.id);
    assert.equal(cancelling.status, 'cancelling');
    assert.equal(typeof cancelling.cancelling_at, 'number');

    const small = await api.create({ inputFileId: (await api.upload(smallFile)).id, endpoint: '/v1/chat/completions', metadata: {} });
    await waitFor(api, small.id, ['completed']);
    const refused = await rejection(api.cancel(small.id));
    assert.deepEqual(
      [api.describe(refused).kind, api.describe(refused).message],
      ['conflict', "Cannot cancel a batch with status 'completed'."],
    );
    assert.deepEqual(
      front.exchanges.filter((e) => e.status === 409).map((e) => operationOf(e)),
      ['POST /batches/{batch_id}/cancel'],
      'a 409 is a definite answer: not sent again',
    );
  });

  describe('results', () => {
    let done: Batch;
    let outputLines: string[];

    before(async () => {
      const file = path.join(dir, 'results.jsonl');
      fs.writeFileSync(
        file,
        [chatLine('r-1', 'Alpha'), chatLine('fail-2', 'Beta'), chatLine('r-3', 'Gamma'), chatLine('r-4', 'Delta')].join('\n') + '\n',
      );
      const created = await api.create({ inputFileId: (await api.upload(file)).id, endpoint: '/v1/chat/completions', metadata: {} });
      done = await waitFor(api, created.id, ['completed', 'failed']);
      assert.equal(done.status, 'completed', JSON.stringify(done.errors));
      outputLines = [];
      await api.forEachLine(done.output_file_id!, (line) => outputLines.push(line));
    });

    conformingIt('forEachLine gives every line of the output file', async () => {
      assert.deepEqual(
        outputLines.map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
        ['r-1', 'r-3', 'r-4'],
      );
      const errors: string[] = [];
      await api.forEachLine(done.error_file_id!, (line) => errors.push(line));
      assert.deepEqual(
        errors.map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
        ['fail-2'],
      );
    });

    conformingIt('downloads a file to disk: same bytes, nothing left beside it', async () => {
      const target = path.join(dir, 'downloads', 'output.jsonl');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const size = await api.download(done.output_file_id!, target);
      const text = fs.readFileSync(target, 'utf8');
      assert.equal(size, Buffer.byteLength(text));
      assert.deepEqual(text.trimEnd().split('\n'), outputLines);
      assert.deepEqual(fs.readdirSync(path.dirname(target)), ['output.jsonl']);
    });

    conformingIt('a download cut off half-way leaves the earlier file untouched and no partial file', async () => {
      const folder = path.join(dir, 'cut');
      fs.mkdirSync(folder);
      const target = path.join(folder, 'output.jsonl');
      fs.writeFileSync(target, 'the earlier, good download\n');
      // Repeated: the body can fail while the partial file is still being opened, which used to
      // create it after its removal (a few percent of tries). Each try waits until the folder has
      // seen the partial file come and go, so a file created late cannot slip past the check.
      for (let attempt = 1; attempt <= 25; attempt++) {
        const partial = partialFileCycle(folder);
        // Cut off on each of its three attempts (a transient failure is tried again).
        interceptNext('GET', /^\/files\/[^/]+\/content$/, { cutBody: true }, 3);
        await assert.rejects(api.download(done.output_file_id!, target));
        await partial.settled;
        assert.equal(fs.readFileSync(target, 'utf8'), 'the earlier, good download\n');
        assert.deepEqual(fs.readdirSync(folder), ['output.jsonl'], `attempt ${attempt}`);
      }

      const missing = await rejection(api.download('file-missing', path.join(folder, 'missing.jsonl')));
      assert.deepEqual(api.describe(missing).message, "Not found (404): No file with id 'file-missing' exists.");
      assert.deepEqual(fs.readdirSync(folder), ['output.jsonl']);
    });

    conformingIt('forEachLine fails, rather than ending early, when the content is cut off', async () => {
      interceptNext('GET', /^\/files\/[^/]+\/content$/, { cutBody: true });
      const seen: string[] = [];
      await assert.rejects(api.forEachLine(done.output_file_id!, (line) => seen.push(line)));
      assert.ok(seen.length < outputLines.length, `${seen.length} of ${outputLines.length} lines`);
    });
  });

  describe('describe()', () => {
    conformingIt('a wrong key: 401, and the key appears nowhere in what the user or the log sees', async () => {
      const strangerLog: string[] = [];
      const stranger = apiFor({ baseUrl: frontUrl }, WRONG_KEY, strangerLog);
      const plain = await rejection(stranger.list(undefined, 20));
      const described = stranger.describe(plain);
      assert.equal(described.kind, 'auth');
      assert.match(
        described.message,
        new RegExp(`^${frontUrl.replace(/\W/g, '\\$&')} rejected the API key \\(401: .+\\)\\. Run "Batch Studio: Set API Key"\\.$`),
      );
      assert.ok(!described.message.includes(WRONG_KEY), described.message);

      // Some OpenAI-compatible services echo the whole key back: it must still be hidden.
      stack.proxy.mutateNext = (body) => ((body.error as { message: string }).message = `Incorrect API key provided: ${WRONG_KEY}.`);
      const echoed = await rejection(stranger.retrieve('batch_anything'));
      assert.ok(String(echoed).includes(WRONG_KEY), 'the service did echo the key');
      const redacted = stranger.describe(echoed);
      assert.equal(redacted.kind, 'auth');
      assert.ok(redacted.message.includes('Incorrect API key provided: ***.'), redacted.message);
      assert.ok(!redacted.message.includes(WRONG_KEY), redacted.message);
      assert.ok(
        strangerLog.every((line) => !line.includes(WRONG_KEY)),
        strangerLog.join('\n'),
      );
      assert.equal(stack.proxy.mutateNext, undefined);
    });

    it('connection refused: a clear message naming the URL and the setting', async () => {
      const url = `http://127.0.0.1:${await freePort()}/v1`;
      const nowhere = apiFor({ baseUrl: url }, STACK_API_KEY);
      const refused = await rejection(nowhere.list(undefined, 20));
      assert.deepEqual(nowhere.describe(refused), {
        kind: 'connection',
        message: `Could not reach ${url}: connection refused. Check batchStudio.api.baseUrl.`,
        reason: `Could not reach ${url}: connection refused.`,
      });
    });

    conformingIt("an unknown batch: 404 with the service's reason", async () => {
      const missing = await rejection(api.retrieve('batch_missing'));
      assert.deepEqual(api.describe(missing).message, "Not found (404): No batch with id 'batch_missing' exists.");
    });
  });

  describe('submitFile: upload, create, clean up', () => {
    const metadata = { input_file_name: 'small.jsonl', description: 'nightly run' };

    conformingIt('uploads and creates, reporting each step', async () => {
      const steps: SubmitStep[] = [];
      const result = await submitFile(api, { file: smallFile, endpoint: '/v1/chat/completions', metadata }, (step) => steps.push(step));
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(steps, ['uploading', 'creating']);
      assert.equal(result.batch.input_file_id, result.fileId);
      assert.deepEqual(result.batch.metadata, metadata);
      assert.equal(await api.fileName(result.fileId), 'small.jsonl');
    });

    // The spec gives the metadata limits (16 pairs, keys ≤ 64, values ≤ 512) in prose only, so
    // Prism sees nothing wrong with these requests; the emulator refuses them as the API does.
    conformingIt('a create the API refuses (metadata value over 512 characters): the upload is deleted and the reason given', async () => {
      const start = front.exchanges.length;
      const result = await submitFile(api, {
        file: smallFile,
        endpoint: '/v1/chat/completions',
        metadata: { description: 'x'.repeat(513) },
      });
      assert.ok(!result.ok && result.stage === 'create', JSON.stringify(result));
      assert.equal(result.reason, "Invalid 'metadata.description': the value is 513 characters long; values may have at most 512. (400)");
      assert.deepEqual([result.deleted, result.cleanup], [true, 'The uploaded file was deleted again.']);
      const gone = await rejection(api.fileName(result.fileId));
      assert.equal(api.describe(gone).kind, 'notFound');
      assert.deepEqual(
        front.exchanges.slice(start).map((e) => `${operationOf(e)} ${e.status}`),
        ['POST /files 200', 'POST /batches 400', 'DELETE /files/{file_id} 200', 'GET /files/{file_id} 404'],
      );
    });

    conformingIt('when the clean-up fails too, says which file is left behind', async () => {
      interceptNext('DELETE', /^\/files\//, {
        status: 403,
        json: { error: { message: 'You may not delete files.', type: 'invalid_request_error', param: null, code: null } },
      });
      const result = await submitFile(api, { file: smallFile, endpoint: '/v1/chat/completions', metadata: { ['k'.repeat(65)]: 'v' } });
      assert.ok(!result.ok && result.stage === 'create', JSON.stringify(result));
      assert.equal(result.deleted, false);
      assert.equal(
        result.cleanup,
        `The uploaded file ${result.fileId} could not be deleted (${frontUrl} denied access (403: You may not delete files.)); delete it yourself to free the storage.`,
      );
      assert.equal(await api.fileName(result.fileId), 'small.jsonl', 'still there');
      await api.deleteFile(result.fileId);
    });

    conformingIt('server errors on every create: looks for the batch after each, then deletes the upload', async () => {
      interceptNext(
        'POST',
        /^\/batches$/,
        { status: 500, json: { error: { message: 'The server had an error.', type: 'server_error', param: null, code: null } } },
        3,
      );
      const start = front.exchanges.length;
      const result = await submitFile(api, { file: smallFile, endpoint: '/v1/chat/completions', metadata });
      assert.ok(!result.ok && result.stage === 'create', JSON.stringify(result));
      assert.deepEqual([result.deleted, result.cleanup], [true, 'The uploaded file was deleted again.']);
      assert.deepEqual(
        front.exchanges.slice(start).map((e) => `${operationOf(e)} ${e.status}`),
        [
          'POST /files 200',
          ...['POST /batches 500', 'GET /batches 200', 'POST /batches 500', 'GET /batches 200', 'POST /batches 500', 'GET /batches 200'],
          'DELETE /files/{file_id} 200',
        ],
      );
    });

    conformingIt('a failed upload creates nothing; an aborted one says so', async () => {
      const start = front.exchanges.length;
      const notJsonl = path.join(dir, 'requests.json');
      fs.writeFileSync(notJsonl, `${chatLine('a', 'hi')}\n`);
      const failed = await submitFile(api, { file: notJsonl, endpoint: '/v1/chat/completions', metadata });
      assert.ok(!failed.ok && failed.stage === 'upload', JSON.stringify(failed));
      assert.equal(failed.aborted, false);
      assert.match(api.describe(failed.error).message, /is not a \.jsonl file.*\(400\)$/);

      const abort = new AbortController();
      abort.abort();
      const aborted = await submitFile(api, { file: smallFile, endpoint: '/v1/chat/completions', metadata }, undefined, abort.signal);
      assert.ok(!aborted.ok && aborted.stage === 'upload' && aborted.aborted, JSON.stringify(aborted));
      assert.equal(api.describe(aborted.error).kind, 'aborted');
      assert.deepEqual(
        front.exchanges.slice(start).map((e) => `${operationOf(e)} ${e.status}`),
        ['POST /files 400'],
      );
    });
  });

  describe('at the end', () => {
    it('BatchApi logged nothing', () => {
      assert.deepEqual(log, []);
    });
  });
});

describe("BatchApi with provider azure, through the SDK's AzureOpenAI client", function () {
  // Not through Prism: the Azure URL shape ({endpoint}/openai/files?api-version=…, key in an
  // `api-key` header) is not part of OpenAI's spec. The bodies are the same objects as /v1's.
  this.timeout(20_000);
  const AZURE_KEY = 'batchstudio-azure-key-5d21';
  const API_VERSION = '2024-10-21';
  let emulator: Emulator;
  let endpoint: string;
  let api: BatchApi;
  const requests: string[] = [];
  let dir: string;

  before(async () => {
    emulator = await startEmulator({ apiKey: AZURE_KEY, speed: 50, log: (line) => requests.push(line) });
    endpoint = emulator.url.replace(/\/v1$/, '');
    api = apiFor({ provider: 'azure', azureEndpoint: `${endpoint}/`, azureApiVersion: API_VERSION }, AZURE_KEY);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-api-azure-'));
  });

  after(async () => {
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads, creates, retrieves and lists at {endpoint}/openai with api-version and the api-key header', async () => {
    assert.equal(api.baseURL, `${endpoint}/openai`);
    const file = path.join(dir, 'azure.jsonl');
    fs.writeFileSync(file, `${chatLine('az-1', 'Hello Azure')}\n${chatLine('az-2', 'Bye Azure')}\n`);
    const uploaded = await api.upload(file);
    assert.deepEqual([uploaded.filename, uploaded.purpose], ['azure.jsonl', 'batch']);
    const created = await api.create({
      inputFileId: uploaded.id,
      endpoint: '/v1/chat/completions',
      metadata: { description: 'via Azure' },
    });
    assert.deepEqual([created.input_file_id, created.metadata], [uploaded.id, { description: 'via Azure' }]);
    const done = await waitFor(api, created.id, ['completed', 'failed']);
    assert.equal(done.status, 'completed', JSON.stringify(done.errors));
    const page = await api.list(undefined, 10);
    assert.deepEqual([page.batches[0].id, page.hasMore], [created.id, false]);
    const lines: string[] = [];
    await api.forEachLine(done.output_file_id!, (line) => lines.push(line));
    assert.equal(lines.length, 2);

    // Every request went to the Azure shape (the emulator accepts the key there only as `api-key`).
    const seen = requests.filter((line) => /^(GET|POST|DELETE) /.test(line));
    assert.ok(seen.length >= 5, seen.join('\n'));
    for (const line of seen) assert.match(line, new RegExp(`^\\w+ /openai/(files|batches)\\S*[?&]api-version=${API_VERSION}\\S* 200 `));
  });

  it('describes a wrong key (401) without showing it', async () => {
    const stranger = apiFor({ provider: 'azure', azureEndpoint: endpoint, azureApiVersion: API_VERSION }, WRONG_KEY);
    const described = stranger.describe(await rejection(stranger.list(undefined, 20)));
    assert.equal(described.kind, 'auth');
    assert.match(described.message, /^http:\/\/127\.0\.0\.1:\d+\/openai rejected the API key \(401: /);
    assert.ok(!described.message.includes(WRONG_KEY), described.message);
  });
});
