/** The emulator driven by the official openai SDK, with Prism between them validating every
 *  request and response against the official OpenAPI spec:
 *  SDK (recording fetch) → Prism proxy → mutating proxy (idle unless a test corrupts a reply) → emulator. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI, { AuthenticationError, BadRequestError, ConflictError, NotFoundError, toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { requestLine, validBatchFile } from '../../helpers/requests';
import {
  closeSharedStack,
  conformanceProblems,
  type Expectations,
  type MutatingProxy,
  operationOf,
  type Prism,
  Recorder,
  repoRoot,
  sharedStack,
  SpecSchemas,
  STACK_API_KEY as API_KEY,
} from './harness';

// The emulator and Prism are shared with api-layer.test.ts; this root hook stops them at the end.
after(closeSharedStack);

type OutputLine = {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: string; message: string } | null;
};

const chat = (customId: string, content: string, extra: Record<string, unknown> = {}) =>
  requestLine(customId, '/v1/chat/completions', {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content },
    ],
    ...extra,
  });

describe('emulator through the openai SDK, checked by Prism against the official spec', function () {
  this.timeout(20_000);
  let proxy: MutatingProxy;
  let prism: Prism;
  let schemas: SpecSchemas;
  const recorder = new Recorder();
  let client: OpenAI;
  let smallFileId: string;

  before(async function () {
    this.timeout(120_000);
    ({ proxy, prism } = await sharedStack());
    schemas = new SpecSchemas();
    client = new OpenAI({ apiKey: API_KEY, baseURL: prism.url, fetch: recorder.fetch, maxRetries: 0 });
    smallFileId = (await upload('small.jsonl', `${chat('one', 'First question')}\n${chat('two', 'Second question')}\n`)).id;
  });

  /** A test whose exchanges must all conform to the spec, except the request violations it provokes. */
  function conformingIt(title: string, test: () => Promise<void>, expect: Expectations = {}) {
    it(title, async () => {
      const start = recorder.exchanges.length;
      await test();
      assert.deepEqual(conformanceProblems(recorder.exchanges.slice(start), schemas, expect), [], 'exchanges that break the spec');
    });
  }

  async function upload(name: string, text: string) {
    return client.files.create({ file: await toFile(Buffer.from(text, 'utf8'), name), purpose: 'batch' });
  }

  async function createBatch(inputFileId: string, endpoint: Batch['endpoint'] = '/v1/chat/completions', metadata?: Record<string, string>) {
    return client.batches.create({
      input_file_id: inputFileId,
      endpoint: endpoint as '/v1/chat/completions',
      completion_window: '24h',
      metadata,
    });
  }

  /** Polls until the batch reaches one of `statuses` (or `until` holds), showing each poll to `onPoll`. */
  async function waitFor(
    id: string,
    statuses: Batch['status'][],
    until?: (batch: Batch) => boolean,
    onPoll?: (batch: Batch) => void,
  ): Promise<Batch> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const batch = await client.batches.retrieve(id);
      onPoll?.(batch);
      if (statuses.includes(batch.status) || until?.(batch)) return batch;
      if (Date.now() > deadline) throw new Error(`batch ${id} stayed ${batch.status}; expected ${statuses.join(' or ')}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  async function download(fileId: string): Promise<OutputLine[]> {
    const response = await client.files.content(fileId);
    const text = await response.text();
    assert.ok(text.endsWith('\n'), 'a results file ends with a line break');
    return text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as OutputLine);
  }

  conformingIt('uploads a .jsonl file from a stream, describes, lists and serves it back byte for byte', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-'));
    const file = path.join(dir, 'requests.jsonl');
    fs.writeFileSync(file, validBatchFile('/v1/chat/completions', 3));
    try {
      const uploaded = await client.files.create({ file: fs.createReadStream(file), purpose: 'batch' });
      assert.match(uploaded.id, /^file-[A-Za-z0-9]+$/);
      assert.equal(uploaded.object, 'file');
      assert.equal(uploaded.filename, 'requests.jsonl');
      assert.equal(uploaded.purpose, 'batch');
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated in the SDK's types, but the API still sends it, so the emulator does too
      assert.equal(uploaded.status, 'processed');
      assert.equal(uploaded.bytes, fs.statSync(file).size);
      assert.equal(uploaded.expires_at, uploaded.created_at + 30 * 24 * 3600);
      assert.ok(Math.abs(uploaded.created_at - Date.now() / 1000) < 5);

      assert.deepEqual(await client.files.retrieve(uploaded.id), uploaded);
      const listed = [];
      for await (const f of client.files.list({ purpose: 'batch' })) listed.push(f.id);
      assert.ok(listed.includes(uploaded.id));
      assert.equal(listed[0], uploaded.id, 'newest first');
      const content = await client.files.content(uploaded.id);
      assert.deepEqual(Buffer.from(await content.arrayBuffer()), fs.readFileSync(file));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  conformingIt('runs a batch to completed: outputs match the inputs, chosen requests fail into the error file', async () => {
    const input = [
      chat('greet-1', 'Hello there, emulator'),
      chat('greet-2', 'What is a batch?', { temperature: 0.2 }),
      chat('fail-3', 'This one fails by its custom_id'),
      chat('tagged-4', 'This one fails by its metadata', { metadata: { emulator_fail: 'context_length_exceeded' } }),
      chat('last-5', 'Goodbye'),
    ].join('\n');
    const file = await upload('chat.jsonl', `${input}\n`);
    const created = await createBatch(file.id, '/v1/chat/completions', { purpose: 'sdk test' });
    assert.match(created.id, /^batch_[0-9a-f]+$/);
    assert.equal(created.object, 'batch');
    assert.equal(created.status, 'validating');
    assert.equal(created.input_file_id, file.id);
    assert.equal(created.endpoint, '/v1/chat/completions');
    assert.equal(created.completion_window, '24h');
    assert.equal(created.model, 'gpt-4o-mini');
    assert.equal(created.expires_at, created.created_at + 24 * 3600);
    assert.deepEqual(created.request_counts, { total: 0, completed: 0, failed: 0 });
    assert.deepEqual(created.metadata, { purpose: 'sdk test' });
    assert.equal(created.errors, undefined);

    const done = await waitFor(created.id, ['completed', 'failed']);
    assert.equal(done.status, 'completed', JSON.stringify(done.errors));
    assert.deepEqual(done.request_counts, { total: 5, completed: 3, failed: 2 });
    const times = [done.created_at, done.in_progress_at, done.finalizing_at, done.completed_at];
    assert.ok(
      times.every((t) => typeof t === 'number'),
      `timestamps: ${JSON.stringify(times)}`,
    );
    assert.deepEqual([...times].sort(), times, 'timestamps in lifecycle order');
    assert.ok(done.usage && done.usage.total_tokens > 0);

    const outputs = await download(done.output_file_id!);
    assert.deepEqual(outputs.map((l) => l.custom_id).sort(), ['greet-1', 'greet-2', 'last-5']);
    for (const line of outputs) {
      assert.match(line.id, /^batch_req_/);
      assert.equal(line.error, null);
      assert.equal(line.response?.status_code, 200);
      assert.deepEqual(schemas.check('CreateChatCompletionResponse', line.response?.body), []);
    }
    const greeting = outputs.find((l) => l.custom_id === 'greet-1')!.response!.body as { choices: { message: { content: string } }[] };
    assert.match(greeting.choices[0].message.content, /Hello there, emulator/);

    const errors = await download(done.error_file_id!);
    assert.deepEqual(errors.map((l) => l.custom_id).sort(), ['fail-3', 'tagged-4']);
    for (const line of errors) {
      assert.equal(line.response?.status_code, 400);
      assert.deepEqual(schemas.check('ErrorResponse', line.response?.body), []);
    }
    const tagged = errors.find((l) => l.custom_id === 'tagged-4')!.response!.body as { error: { code: string } };
    assert.equal(tagged.error.code, 'context_length_exceeded');

    const outputFile = await client.files.retrieve(done.output_file_id!);
    assert.equal(outputFile.purpose, 'batch_output');
    assert.match(outputFile.filename, /\.jsonl$/);
  });

  conformingIt('moves validating → in_progress (counts climbing) → finalizing → completed', async () => {
    const file = await upload('forty.jsonl', validBatchFile('/v1/embeddings', 40, 8));
    const polls: Batch[] = [];
    const done = await waitFor((await createBatch(file.id, '/v1/embeddings')).id, ['completed', 'failed'], undefined, (b) => polls.push(b));
    assert.equal(done.status, 'completed', JSON.stringify(done.errors));
    const statuses = polls.map((b) => b.status).filter((s, i, all) => s !== all[i - 1]);
    const order: Batch['status'][] = ['validating', 'in_progress', 'finalizing', 'completed'];
    assert.deepEqual(
      statuses,
      order.filter((s) => statuses.includes(s)),
      'statuses in lifecycle order',
    );
    assert.ok(statuses.includes('in_progress'), `seen: ${statuses.join(' → ')}`);
    const running = polls.filter((b) => b.status === 'in_progress').map((b) => b.request_counts!);
    assert.ok(running.every((c) => c.total === 40));
    assert.ok(
      running.every((c, i) => i === 0 || c.completed >= running[i - 1].completed),
      'completed count never goes down',
    );
    assert.ok(
      running.some((c) => c.completed > 0 && c.completed < 40),
      'some polls see the batch part way',
    );
    assert.deepEqual(done.request_counts, { total: 40, completed: 40, failed: 0 });
    assert.ok(done.in_progress_at! <= done.finalizing_at! && done.finalizing_at! <= done.completed_at!);
  });

  conformingIt('writes spec-conformant response bodies for every batch endpoint', async () => {
    const cases: [Batch['endpoint'], string, string][] = [
      ['/v1/chat/completions', 'CreateChatCompletionResponse', validBatchFile('/v1/chat/completions', 3, 11)],
      ['/v1/embeddings', 'CreateEmbeddingResponse', validBatchFile('/v1/embeddings', 3, 12)],
      ['/v1/responses', 'Response', validBatchFile('/v1/responses', 3, 13)],
      ['/v1/completions', 'CreateCompletionResponse', validBatchFile('/v1/completions', 3, 14)],
      ['/v1/moderations', 'CreateModerationResponse', validBatchFile('/v1/moderations', 3, 15)],
      [
        '/v1/images/generations',
        'ImagesResponse',
        `${requestLine('img-1', '/v1/images/generations', { model: 'gpt-image-1', prompt: 'A lighthouse at dusk', n: 2 })}\n`,
      ],
      ['/v1/videos', 'VideoResource', `${requestLine('video-1', '/v1/videos', { model: 'sora-2', prompt: 'Waves on a pebble beach' })}\n`],
    ];
    await Promise.all(
      cases.map(async ([endpoint, schema, text]) => {
        const file = await upload(`${endpoint.replace(/\W+/g, '-')}.jsonl`, text);
        const batch = await waitFor((await createBatch(file.id, endpoint)).id, ['completed', 'failed']);
        assert.equal(batch.status, 'completed', `${endpoint}: ${JSON.stringify(batch.errors)}`);
        const lines = await download(batch.output_file_id!);
        assert.equal(lines.length, text.trimEnd().split('\n').length, endpoint);
        for (const line of lines) assert.deepEqual(schemas.check(schema, line.response?.body), [], `${endpoint} ${line.custom_id}`);
      }),
    );
  });

  conformingIt('lists batches newest first, in pages, with auto-pagination and the after cursor', async () => {
    const ours: string[] = [];
    for (let i = 0; i < 23; i++) ours.push((await createBatch(smallFileId, '/v1/chat/completions', { page_test: String(i) })).id);
    const newestFirst = [...ours].reverse();

    const all: string[] = [];
    const pagesBefore = recorder.exchanges.filter((e) => operationOf(e) === 'GET /batches').length;
    for await (const batch of client.batches.list({ limit: 10 })) all.push(batch.id);
    const pages = recorder.exchanges.filter((e) => operationOf(e) === 'GET /batches').length - pagesBefore;
    assert.deepEqual(all.slice(0, 23), newestFirst);
    assert.equal(new Set(all).size, all.length, 'no batch listed twice');
    assert.equal(pages, Math.ceil(all.length / 10), 'one request per page of 10');

    const first = await client.batches.list();
    assert.equal(first.data.length, 20, 'default limit is 20');
    assert.equal(first.has_more, true);
    const page = await client.batches.list({ limit: 5, after: newestFirst[4] });
    assert.deepEqual(
      page.data.map((b) => b.id),
      newestFirst.slice(5, 10),
    );
    assert.equal(page.has_more, true);
    const response = await client.batches.list({ limit: 3 }).asResponse();
    const body = (await response.json()) as { first_id: string; last_id: string; object: string };
    assert.equal(body.object, 'list');
    assert.equal(body.first_id, newestFirst[0]);
    assert.equal(body.last_id, newestFirst[2]);

    await assert.rejects(client.batches.list({ limit: 101 }), (e: unknown) => e instanceof BadRequestError && e.param === 'limit');
  });

  conformingIt('cancels a running batch: cancelling, then cancelled with the partial results', async () => {
    const file = await upload('long.jsonl', validBatchFile('/v1/chat/completions', 120, 3));
    const created = await createBatch(file.id);
    const running = await waitFor(created.id, [], (b) => b.status === 'in_progress' && (b.request_counts?.completed ?? 0) > 0);
    assert.equal(running.request_counts?.total, 120);

    const cancelling = await client.batches.cancel(created.id);
    assert.equal(cancelling.status, 'cancelling');
    assert.ok(typeof cancelling.cancelling_at === 'number');
    assert.equal(cancelling.cancelled_at, undefined);

    const cancelled = await waitFor(created.id, ['cancelled']);
    assert.ok(typeof cancelled.cancelled_at === 'number' && cancelled.cancelled_at >= cancelled.cancelling_at!);
    const done = cancelled.request_counts!.completed;
    assert.ok(done > 0 && done < 120, `${done} of 120 requests ran before the cancel`);
    assert.equal((await download(cancelled.output_file_id!)).length, done);
    assert.equal(cancelled.completed_at, undefined);

    const again = await client.batches.cancel(created.id);
    assert.equal(again.status, 'cancelled', 'cancelling a cancelled batch is allowed and changes nothing');
  });

  conformingIt('refuses to cancel a completed or failed batch with 409 Conflict', async () => {
    const completed = await waitFor((await createBatch(smallFileId)).id, ['completed']);
    await assert.rejects(client.batches.cancel(completed.id), (e: unknown) => {
      assert.ok(e instanceof ConflictError, String(e));
      assert.equal(e.status, 409);
      assert.equal((e.error as { message: string }).message, "Cannot cancel a batch with status 'completed'.");
      return true;
    });
    const failed = await waitFor((await createBatch(smallFileId, '/v1/embeddings')).id, ['failed']);
    await assert.rejects(client.batches.cancel(failed.id), (e: unknown) => e instanceof ConflictError && /status 'failed'/.test(e.message));
  });

  conformingIt("fails a batch whose input has errors, reporting the core's codes by 1-based line", async () => {
    const broken = fs.readFileSync(path.join(repoRoot, 'test/fixtures/broken.jsonl'), 'utf8');
    const file = await upload('broken.jsonl', broken);
    const failed = await waitFor((await createBatch(file.id)).id, ['failed', 'completed']);
    assert.equal(failed.status, 'failed');
    assert.ok(typeof failed.failed_at === 'number');
    assert.equal(failed.in_progress_at, undefined);
    assert.equal(failed.output_file_id, undefined);
    assert.equal(failed.errors?.object, 'list');
    // Line 5's unknown parameter is a warning in the core, so it does not fail the batch.
    assert.deepEqual(
      failed.errors?.data?.map((e) => [e.line, e.code, e.param]),
      [
        [2, 'duplicate_custom_id', 'custom_id'],
        [3, 'mismatched_model', 'body.model'],
        [4, 'invalid_json_line', null],
      ],
    );
    assert.ok(failed.errors?.data?.every((e) => typeof e.message === 'string' && e.message.length > 10));

    const mismatched = await waitFor((await createBatch(smallFileId, '/v1/embeddings')).id, ['failed']);
    assert.deepEqual(
      mismatched.errors?.data?.map((e) => [e.line, e.code, e.param]),
      [
        [1, 'invalid_url', 'url'],
        [2, 'invalid_url', 'url'],
      ],
    );

    const missing = await waitFor((await createBatch('file-doesnotexist')).id, ['failed']);
    assert.deepEqual(
      missing.errors?.data?.map((e) => [e.line, e.code]),
      [[null, 'invalid_request']],
    );
  });

  conformingIt('lets a batch expire on request, writing the unrun requests as batch_expired', async () => {
    const file = await upload('expire.jsonl', validBatchFile('/v1/chat/completions', 4, 5));
    const expired = await waitFor((await createBatch(file.id, '/v1/chat/completions', { emulator_expire: 'yes' })).id, [
      'expired',
      'completed',
    ]);
    assert.equal(expired.status, 'expired');
    assert.ok(typeof expired.expired_at === 'number');
    assert.equal(expired.request_counts?.completed, 2);
    const unrun = await download(expired.error_file_id!);
    assert.deepEqual(
      unrun.map((l) => [l.custom_id, l.response, l.error?.code]),
      [
        ['request-3', null, 'batch_expired'],
        ['request-4', null, 'batch_expired'],
      ],
    );
    assert.equal((await download(expired.output_file_id!)).length, 2);
  });

  conformingIt('rejects a wrong API key with AuthenticationError', async () => {
    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: prism.url, fetch: recorder.fetch, maxRetries: 0 });
    await assert.rejects(stranger.batches.list(), (e: unknown) => {
      assert.ok(e instanceof AuthenticationError, String(e));
      assert.equal(e.status, 401);
      assert.equal(e.code, 'invalid_api_key');
      assert.equal(e.type, 'invalid_request_error');
      return true;
    });
  });

  conformingIt(
    'rejects an unsupported endpoint with 400 invalid_value on param endpoint',
    async () => {
      await assert.rejects(
        client.batches.create({ input_file_id: smallFileId, endpoint: '/v1/audio/speech' as '/v1/embeddings', completion_window: '24h' }),
        (e: unknown) => {
          assert.ok(e instanceof BadRequestError, String(e));
          assert.equal(e.param, 'endpoint');
          assert.equal(e.code, 'invalid_value');
          assert.match(e.message, /\/v1\/audio\/speech/);
          return true;
        },
      );
    },
    { requestViolations: [/property endpoint must be equal to one of the allowed values/] },
  );

  conformingIt(
    'rejects bad batch parameters the way the API does',
    async () => {
      const create = (params: Record<string, unknown>) =>
        client.batches.create({
          input_file_id: smallFileId,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
          ...params,
        } as never);
      const rejects = async (params: Record<string, unknown>, param: string, code: string) =>
        assert.rejects(create(params), (e: unknown) => {
          assert.ok(e instanceof BadRequestError, `${JSON.stringify(params)}: ${String(e)}`);
          assert.deepEqual([e.param, e.code], [param, code], JSON.stringify(params));
          return true;
        });
      await rejects({ completion_window: '1h' }, 'completion_window', 'invalid_value');
      await rejects({ metadata: { tags: ['a', 'b'] } }, 'metadata.tags', 'invalid_type');
      await rejects({ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', 'invalid_value');
      await rejects({ metadata: { ['k'.repeat(65)]: 'v' } }, 'metadata', 'invalid_value');
      await rejects({ metadata: { note: 'v'.repeat(513) } }, 'metadata.note', 'invalid_value');
      await rejects({ input_file_id: undefined }, 'input_file_id', 'missing_required_parameter');
      await rejects({ output_expires_after: { anchor: 'created_at', seconds: 60 } }, 'output_expires_after.seconds', 'invalid_value');
      await rejects({ colour: 'blue' }, 'colour', 'unknown_parameter');
      const fine = await create({
        metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'x'), 'v'.repeat(512)])),
      });
      assert.equal(Object.keys(fine.metadata ?? {}).length, 16);
    },
    {
      requestViolations: [
        /property completion_window must be equal to one of the allowed values/,
        /metadata/,
        /must have required property 'input_file_id'/,
        /output_expires_after\/?\.?seconds|seconds must be >= 3600/,
      ],
    },
  );

  conformingIt('refuses uploads that are not .jsonl batch files', async () => {
    const refused = async (name: string, text: string, purpose: string, pattern: RegExp, param: string) =>
      assert.rejects(client.files.create({ file: await toFile(Buffer.from(text), name), purpose: purpose as 'batch' }), (e: unknown) => {
        assert.ok(e instanceof BadRequestError, `${name}: ${String(e)}`);
        assert.match(e.message, pattern);
        assert.equal(e.param, param);
        return true;
      });
    const line = `${chat('a', 'hi')}\n`;
    await refused('requests.json', line, 'batch', /\.jsonl/, 'file');
    await refused('requests.csv', line, 'batch', /\.jsonl/, 'file');
    await refused('requests.jsonl', line, 'fine-tune', /purpose must be 'batch'/, 'purpose');
    await refused('empty.jsonl', '', 'batch', /empty/, 'file');
    await refused('garbage.jsonl', 'this is not json\n', 'batch', /not JSON/, 'file');
  });

  conformingIt('answers 404 NotFoundError for unknown ids and deletes files', async () => {
    const notFound = (promise: Promise<unknown>) => assert.rejects(promise, (e: unknown) => e instanceof NotFoundError && e.status === 404);
    await notFound(client.batches.retrieve('batch_missing'));
    await notFound(client.batches.cancel('batch_missing'));
    await notFound(client.files.retrieve('file-missing'));
    await notFound(client.files.content('file-missing'));
    const file = await upload('doomed.jsonl', `${chat('x', 'bye')}\n`);
    assert.deepEqual(await client.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
    await notFound(client.files.retrieve(file.id));
    await notFound(client.files.delete(file.id));
  });

  it('catches responses that drift from the spec (mutated on purpose)', async () => {
    const batchId = (await client.batches.list({ limit: 1 })).data[0].id;
    const lastProblems = () => conformanceProblems(recorder.exchanges.slice(-1), schemas);

    proxy.mutateNext = (body) => delete body.object;
    await client.batches.retrieve(batchId);
    assert.match(lastProblems().join('\n'), /must have required property 'object'/);

    proxy.mutateNext = (body) => (body.status = 'done');
    await client.batches.retrieve(batchId);
    assert.match(lastProblems().join('\n'), /status must be equal to one of the allowed values/);

    proxy.mutateNext = (body) => (body.bytes = String(body.bytes));
    await client.files.retrieve(smallFileId);
    assert.match(lastProblems().join('\n'), /bytes must be integer/);

    proxy.mutateNext = (body) => delete (body.error as Record<string, unknown>).param;
    await assert.rejects(client.batches.retrieve('batch_missing'), NotFoundError);
    assert.match(lastProblems().join('\n'), /ErrorResponse\/error must have required property 'param'/);

    // File contents are outside Prism's view; the same spec checks them through ajv.
    assert.match(
      schemas.check('CreateChatCompletionResponse', { id: 'x', object: 'chat.completion', created: 1, model: 'm' }).join('\n'),
      /required property 'choices'/,
    );
    assert.equal(proxy.mutateNext, undefined);
  });

  it('covered every operation of files and batches, each exchange validated', () => {
    const operations = new Set(recorder.exchanges.map(operationOf));
    for (const operation of [
      'POST /files',
      'GET /files',
      'GET /files/{file_id}',
      'DELETE /files/{file_id}',
      'GET /files/{file_id}/content',
      'POST /batches',
      'GET /batches',
      'GET /batches/{batch_id}',
      'POST /batches/{batch_id}/cancel',
    ]) {
      assert.ok(operations.has(operation), `no exchange for ${operation}`);
    }
    assert.ok(recorder.exchanges.length > 100, `${recorder.exchanges.length} exchanges`);
    assert.ok(
      recorder.exchanges.every((e) => !e.violations.some((v) => /Route not resolved|no route/i.test(v.message))),
      'Prism matched every route',
    );
  });
});
