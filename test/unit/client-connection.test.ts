import * as assert from 'node:assert/strict';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { OPENAI_BASE_URL, readDevOverrides, resolveConnection, resolveKey } from '../../client/src/api/connection';
import { describeError } from '../../client/src/api/errors';
import { shownUrl, withShownUrls } from '../../client/src/util/shownUrl';

const settings = { provider: 'openai' as const, baseUrl: '', azureEndpoint: '', azureApiVersion: '' };

describe('client: connection and key', () => {
  it('talks to OpenAI by default and to baseUrl when set', () => {
    assert.deepEqual(resolveConnection(settings), {
      ok: true,
      provider: 'openai',
      baseURL: OPENAI_BASE_URL,
      setting: 'batchStudio.api.baseUrl',
    });
    const custom = resolveConnection({ ...settings, baseUrl: 'http://localhost:4000/v1/' });
    assert.equal(custom.ok && custom.baseURL, 'http://localhost:4000/v1');
    const bad = resolveConnection({ ...settings, baseUrl: 'file:///etc/passwd' });
    assert.equal(bad.ok, false);
  });

  it('builds the Azure base URL from the endpoint, with the api-version', () => {
    const azure = resolveConnection({
      ...settings,
      provider: 'azure',
      azureEndpoint: 'https://res.openai.azure.com/',
      azureApiVersion: '',
    });
    assert.deepEqual(azure, {
      ok: true,
      provider: 'azure',
      baseURL: 'https://res.openai.azure.com/openai',
      apiVersion: '2024-10-21',
      setting: 'batchStudio.azure.endpoint',
    });
    const missing = resolveConnection({ ...settings, provider: 'azure' });
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.setting, 'batchStudio.azure.endpoint');
  });

  it('lets the development override win', () => {
    const overrides = readDevOverrides({ BATCH_STUDIO_API_BASE_URL: 'http://127.0.0.1:9999/v1', BATCH_STUDIO_API_KEY: ' k ' });
    assert.deepEqual(overrides, { baseUrl: 'http://127.0.0.1:9999/v1', apiKey: 'k' });
    const connection = resolveConnection({ ...settings, provider: 'azure' }, overrides);
    assert.equal(connection.ok && connection.baseURL, 'http://127.0.0.1:9999/v1');
    assert.equal(connection.setting, 'BATCH_STUDIO_API_BASE_URL');
    assert.deepEqual(readDevOverrides({ BATCH_STUDIO_API_BASE_URL: ' ' }), {});
  });

  it('takes the key from the override, then secret storage, then the environment', () => {
    assert.deepEqual(resolveKey('stored', 'openai', { BATCH_STUDIO_API_KEY: 'dev', OPENAI_API_KEY: 'env' }), {
      key: 'dev',
      source: 'override',
    });
    assert.deepEqual(resolveKey('stored', 'openai', { OPENAI_API_KEY: 'env' }), { key: 'stored', source: 'secret' });
    assert.deepEqual(resolveKey(undefined, 'openai', { OPENAI_API_KEY: 'env' }), { key: 'env', source: 'environment' });
    assert.deepEqual(resolveKey(undefined, 'azure', { AZURE_OPENAI_API_KEY: 'az', OPENAI_API_KEY: 'env' }), {
      key: 'az',
      source: 'environment',
    });
    assert.equal(resolveKey('  ', 'openai', {}), undefined);
  });
});

describe('client: error messages', () => {
  const context = { baseURL: 'http://127.0.0.1:9/v1', setting: 'batchStudio.api.baseUrl', key: 'sk-secret-key-123' };

  it('says which URL could not be reached, and why', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: refused }) });
    assert.deepEqual(describeError(error, context), {
      kind: 'connection',
      message: 'Could not reach http://127.0.0.1:9/v1: connection refused. Check batchStudio.api.baseUrl.',
      reason: 'Could not reach http://127.0.0.1:9/v1: connection refused.',
    });
    assert.match(describeError(new APIConnectionTimeoutError(), context).message, /timed out/);
    const unknown = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: new Error('bad port') }) });
    assert.match(describeError(unknown, context).message, /: bad port\. Check/);
  });

  it('points at Set API Key on 401, and never shows the key', () => {
    const error = APIError.generate(
      401,
      { error: { message: 'Incorrect API key provided: sk-secret-key-123.' } },
      undefined,
      new Headers(),
    );
    const described = describeError(error, context);
    assert.equal(described.kind, 'auth');
    assert.ok(!described.message.includes('sk-secret-key-123'), described.message);
    assert.match(described.message, /Incorrect API key provided: \*\*\*/);
    assert.match(described.message, /Set API Key/);
  });

  it('passes the API message of a conflict through', () => {
    const error = APIError.generate(
      409,
      { error: { message: "Cannot cancel a batch with status 'completed'." } },
      undefined,
      new Headers(),
    );
    assert.deepEqual(describeError(error, context), {
      kind: 'conflict',
      message: "Cannot cancel a batch with status 'completed'.",
      reason: "Cannot cancel a batch with status 'completed'.",
    });
  });
});

describe('client: URLs in messages never show a password or a query', () => {
  const secretUrl = 'http://batchuser:hunter2-pass@gateway.example:8080/v1?sig=signed-secret';

  it('the URL helper keeps the scheme, host, port and path only', () => {
    assert.equal(shownUrl(secretUrl), 'http://gateway.example:8080/v1');
    assert.equal(shownUrl('https://user@host.example'), 'https://host.example');
    assert.equal(shownUrl('https://host.example/'), 'https://host.example/');
    assert.equal(shownUrl('ftp://u:p@files.example/x?token=1'), 'ftp://files.example/x');
    assert.equal(shownUrl('not a url ?token=1'), 'not a url ');
    assert.equal(
      withShownUrls(`Request failed: ${secretUrl}. Check it.`),
      'Request failed: http://gateway.example:8080/v1. Check it.',
      'the sentence around the URL is kept, its full stop too',
    );
  });

  it('connection problems quote the setting without its credentials', () => {
    const insecure = resolveConnection({ ...settings, baseUrl: secretUrl });
    assert.ok(!insecure.ok);
    assert.match(insecure.problem, /http:\/\/gateway\.example:8080\/v1, a plain http:\/\/ address/);
    const azure = resolveConnection({
      ...settings,
      provider: 'azure',
      azureEndpoint: 'ftp://admin:hunter2-pass@res.example?x=signed-secret',
    });
    assert.ok(!azure.ok);
    assert.equal(azure.problem, 'batchStudio.azure.endpoint is not an http(s) URL: ftp://res.example');
    for (const problem of [insecure.problem, azure.problem]) assert.doesNotMatch(problem, /hunter2|batchuser|admin|signed-secret/);
  });

  it('error messages name the URL without them, also when the library quotes it in full', async () => {
    const context = { baseURL: secretUrl, setting: 'batchStudio.api.baseUrl', key: 'sk-secret-key-123' };
    const timeout = describeError(new APIConnectionTimeoutError(), context);
    assert.match(timeout.message, /^http:\/\/gateway\.example:8080\/v1 did not answer in time/);
    // What the SDK really throws for such a URL: fetch refuses it, quoting it whole.
    const client = new OpenAI({ apiKey: 'sk-secret-key-123', baseURL: secretUrl, maxRetries: 0 });
    const thrown = await client.batches.list().then(
      () => assert.fail('a URL with credentials cannot be fetched'),
      (error: unknown) => error,
    );
    const described = describeError(thrown, context);
    for (const text of [timeout.message, described.message, described.reason])
      assert.doesNotMatch(text, /hunter2|batchuser|signed-secret|sk-secret/, text);
    assert.match(described.message, /gateway\.example:8080/);
  });
});
