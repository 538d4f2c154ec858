/** The emulator's robustness, spoken to directly (no SDK, no Prism): malformed requests get the
 *  API's error envelope (checked against the spec's ErrorResponse) and never bring it down. */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { type Emulator, startEmulator } from '../src/server';
import { SpecSchemas } from './harness';

const AUTH = { authorization: 'Bearer anything' };

describe('emulator, spoken to directly', () => {
  let emulator: Emulator;
  let schemas: SpecSchemas;

  before(async () => {
    schemas = new SpecSchemas();
    emulator = await startEmulator({ speed: 50, maxFileBytes: 1000 });
  });
  after(() => emulator?.close());

  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}) {
    const response = await fetch(`${emulator.url}${path}`, { method, headers: { ...AUTH, ...init.headers }, body: init.body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text
        ? (JSON.parse(text) as Record<string, { message: string; type: string; param: string | null; code: string | null }>)
        : undefined,
    };
  }

  /** Asserts an error answer: status, envelope shape per the spec, and code/param. */
  async function expectError(
    method: string,
    path: string,
    init: Parameters<typeof call>[2],
    status: number,
    code: string | null = null,
    param: string | null = null,
  ) {
    const answer = await call(method, path, init);
    assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
    assert.deepEqual(schemas.check('ErrorResponse', answer.body), []);
    assert.deepEqual([answer.body?.error.code, answer.body?.error.param], [code, param], JSON.stringify(answer.body));
    return answer.body!.error;
  }

  function multipart(fields: [string, string, string?][]): { headers: Record<string, string>; body: Buffer } {
    const boundary = '----emulator-test-boundary';
    const parts = fields.map(
      ([name, value, filename]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n${value}\r\n`,
    );
    return {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    };
  }

  it('answers 401 invalid_api_key without a bearer token', async () => {
    const answer = await fetch(`${emulator.url}/batches`);
    assert.equal(answer.status, 401);
    const body = (await answer.json()) as { error: { code: string; type: string } };
    assert.deepEqual(schemas.check('ErrorResponse', body), []);
    assert.deepEqual([body.error.code, body.error.type], ['invalid_api_key', 'invalid_request_error']);
    assert.equal((await fetch(`${emulator.url}/batches`, { headers: { authorization: 'Basic abc' } })).status, 401);
    assert.equal((await fetch(`${emulator.url}/batches`, { headers: { authorization: 'Bearer ' } })).status, 401);
  });

  it('answers 404 in the envelope for unknown routes and methods', async () => {
    await expectError('GET', '/nothing-here', {}, 404);
    await expectError('PUT', '/batches', {}, 404);
    await expectError('DELETE', '/batches/batch_1', {}, 404);
    const outside = await fetch(emulator.url.replace(/\/v1$/, '/v2/batches'), { headers: AUTH });
    assert.equal(outside.status, 404);
  });

  it('answers 400 for bodies that are not JSON objects', async () => {
    const json = { 'content-type': 'application/json' };
    await expectError('POST', '/batches', { headers: json, body: '{"input_file_id": ' }, 400);
    await expectError('POST', '/batches', { headers: json, body: '' }, 400);
    await expectError('POST', '/batches', { headers: json, body: '[1, 2]' }, 400, 'invalid_type');
    await expectError('POST', '/batches', { headers: json, body: 'null' }, 400, 'invalid_type');
    await expectError(
      'POST',
      '/batches',
      { headers: json, body: '{"input_file_id": 7, "endpoint": "/v1/embeddings", "completion_window": "24h"}' },
      400,
      'invalid_type',
      'input_file_id',
    );
    await expectError('POST', '/batches', { headers: json, body: JSON.stringify({ padding: 'x'.repeat(1.5 * (1 << 20)) }) }, 413);
  });

  it('answers 400 for malformed uploads and 413 for files over the size limit', async () => {
    await expectError('POST', '/files', { headers: { 'content-type': 'application/json' }, body: '{}' }, 400);
    await expectError('POST', '/files', { headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'no parts at all' }, 400);
    await expectError('POST', '/files', multipart([['purpose', 'batch']]), 400, 'missing_required_parameter', 'file');
    await expectError('POST', '/files', multipart([['file', '{}', 'a.jsonl']]), 400, 'missing_required_parameter', 'purpose');
    await expectError(
      'POST',
      '/files',
      multipart([
        ['purpose', 'shopping'],
        ['file', '{}', 'a.jsonl'],
      ]),
      400,
      'invalid_value',
      'purpose',
    );
    await expectError(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['file', '{}', 'a.jsonl'],
        ['colour', 'red'],
      ]),
      400,
      'unknown_parameter',
      'colour',
    );
    const tooLarge = await expectError(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['file', '{}\n'.repeat(400), 'big.jsonl'],
      ]),
      413,
      null,
      'file',
    );
    assert.match(tooLarge.message, /^File is too large/);
    await expectError(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['file', 'x'.repeat(200_000), 'huge.jsonl'],
      ]),
      413,
      null,
      'file',
    );
    // Just under the limit is fine; expires_after is honoured.
    const fits = await call(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['expires_after[anchor]', 'created_at'],
        ['expires_after[seconds]', '7200'],
        ['file', '{}\n'.repeat(333), 'fits.jsonl'],
      ]),
    );
    assert.equal(fits.status, 200, JSON.stringify(fits.body));
    const file = fits.body as unknown as { bytes: number; created_at: number; expires_at: number };
    assert.deepEqual(schemas.check('OpenAIFile', file), []);
    assert.equal(file.bytes, 999);
    assert.equal(file.expires_at, file.created_at + 7200);
    await expectError(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['expires_after[anchor]', 'created_at'],
        ['expires_after[seconds]', '60'],
        ['file', '{}\n', 'a.jsonl'],
      ]),
      400,
      'invalid_value',
      'expires_after.seconds',
    );
  });

  it('answers 400 for bad list parameters', async () => {
    await expectError('GET', '/batches?limit=0', {}, 400, 'invalid_value', 'limit');
    await expectError('GET', '/batches?limit=abc', {}, 400, 'invalid_value', 'limit');
    await expectError('GET', '/batches?after=batch_unknown', {}, 400, 'invalid_value', 'after');
    await expectError('GET', '/files?order=sideways', {}, 400, 'invalid_value', 'order');
    const empty = await call('GET', '/batches');
    assert.deepEqual(empty.body, { object: 'list', data: [], has_more: false });
    assert.deepEqual(schemas.check('ListBatchesResponse', empty.body), []);
  });

  it('survives garbage on the socket and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(emulator.url);
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.match(reply, /"invalid_request_error"/);
    assert.equal((await call('GET', '/batches')).status, 200);
  });

  it("serves Azure OpenAI's URL shape: /openai/... with api-version, the key in api-key", async () => {
    const root = emulator.url.replace(/\/v1$/, '');
    const azure = (path: string, headers: Record<string, string> = { 'api-key': 'anything' }) => fetch(`${root}${path}`, { headers });
    const uploaded = await call(
      'POST',
      '/files',
      multipart([
        ['purpose', 'batch'],
        ['file', '{}\n', 'azure.jsonl'],
      ]),
    );
    const id = (uploaded.body as unknown as { id: string }).id;
    const same = await azure(`/openai/files/${id}?api-version=2024-10-21`);
    assert.equal(same.status, 200);
    assert.deepEqual(await same.json(), uploaded.body, 'the same store as /v1');
    assert.equal((await azure('/openai/batches?api-version=2024-10-21&limit=5')).status, 200);

    const errorOf = async (response: Response, status: number) => {
      const body = (await response.json()) as { error: { message: string; code: string | null } };
      assert.equal(response.status, status, JSON.stringify(body));
      assert.deepEqual(schemas.check('ErrorResponse', body), []);
      return body.error;
    };
    assert.match((await errorOf(await azure('/openai/batches'), 404)).message, /api-version/);
    // Azure routes take the key only from api-key; a bearer token there is an Entra ID token.
    assert.equal((await errorOf(await azure('/openai/batches?api-version=2024-10-21', AUTH), 401)).code, 'invalid_api_key');
    assert.equal((await errorOf(await azure('/openai/batches?api-version=2024-10-21', {}), 401)).code, 'invalid_api_key');
    // Only files and batches are aliased, and api-key means nothing on the /v1 routes.
    await errorOf(await azure('/openai/deployments/gpt/chat/completions?api-version=2024-10-21', { ...AUTH, 'api-key': 'anything' }), 404);
    await errorOf(await fetch(`${emulator.url}/batches`, { headers: { 'api-key': 'anything' } }), 401);
  });

  it("sends explicit nulls with nulls: true, which the spec's Batch schema does not allow", async () => {
    const live = await startEmulator({ speed: 50, nulls: true });
    try {
      const headers = { ...AUTH, 'content-type': 'application/json' };
      const created = await fetch(`${live.url}/batches`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ input_file_id: 'file-none', endpoint: '/v1/embeddings', completion_window: '24h' }),
      });
      const batch = (await created.json()) as Record<string, unknown>;
      for (const field of ['errors', 'output_file_id', 'error_file_id', 'in_progress_at', 'completed_at', 'failed_at', 'cancelled_at'])
        assert.equal(batch[field], null, field);
      // The live API's nulls are a gap in the spec: its Batch schema types these fields without null.
      assert.match(schemas.check('Batch', batch).join('\n'), /Batch\/errors must be object/);
      const files = (await (await fetch(`${live.url}/files`, { headers })).json()) as Record<string, unknown>;
      assert.deepEqual(files, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    } finally {
      await live.close();
    }
  });
});
