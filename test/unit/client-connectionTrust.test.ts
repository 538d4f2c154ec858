/** Where the API key may go: https, or plain http only to this machine unless the user opts in;
 *  the organization and project reach OpenAI as its headers (and never Azure); and every setting
 *  that decides this is machine-scoped, so a workspace cannot set it (the e2e suite's
 *  08-explorer-connection shows VS Code ignoring a workspace's values). */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchApi } from '../../client/src/api/batchApi';
import { type Connection, type ConnectionSettings, isLoopbackHost, resolveConnection } from '../../client/src/api/connection';
import { CONNECTION_SETTINGS, SETTINGS } from '../../common/src/settings';

const openai: ConnectionSettings = { provider: 'openai', baseUrl: '', azureEndpoint: '', azureApiVersion: '' };
const azure = (azureEndpoint: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  ...openai,
  provider: 'azure',
  azureEndpoint,
  ...extra,
});

function refusal(connection: Connection): string {
  assert.equal(connection.ok, false, `refused: ${JSON.stringify(connection)}`);
  return connection.ok ? '' : connection.problem;
}

describe('client: where the API key may be sent', () => {
  it('refuses a plain http:// base URL on another machine, naming the setting and the way out', () => {
    for (const baseUrl of ['http://api.example.com/v1', 'http://10.0.0.7:4000/v1', 'http://127.0.0.1.example.com/v1', 'http://[::2]/v1']) {
      const connection = resolveConnection({ ...openai, baseUrl });
      assert.equal(connection.setting, 'batchStudio.api.baseUrl');
      const problem = refusal(connection);
      assert.match(
        problem,
        /^batchStudio\.api\.baseUrl is http:\/\/.+, a plain http:\/\/ address on another machine: your API key would cross the network unencrypted\./,
      );
      assert.match(problem, /Use https:\/\/, or set batchStudio\.api\.allowInsecureHttp to true in your user settings/);
    }
  });

  it('takes https anywhere, http on this machine, and http elsewhere only with allowInsecureHttp', () => {
    const accepted = (settings: ConnectionSettings) => {
      const connection = resolveConnection(settings);
      assert.ok(connection.ok, `accepted: ${JSON.stringify(connection)}`);
      return connection.baseURL;
    };
    assert.equal(accepted({ ...openai, baseUrl: 'https://gateway.example.com/v1/' }), 'https://gateway.example.com/v1');
    for (const local of [
      'http://localhost:4000/v1',
      'http://127.0.0.1:8089/v1',
      'http://127.42.0.9/v1',
      'http://[::1]:4000/v1',
      'http://LOCALHOST/v1',
    ])
      assert.equal(accepted({ ...openai, baseUrl: local }), local);
    assert.equal(accepted({ ...openai, baseUrl: 'http://llm.lan:4000/v1', allowInsecureHttp: true }), 'http://llm.lan:4000/v1');
  });

  it('applies the same rule to the Azure endpoint', () => {
    assert.match(refusal(resolveConnection(azure('http://my-resource.openai.azure.com'))), /^batchStudio\.azure\.endpoint is http:/);
    assert.ok(resolveConnection(azure('http://my-resource.openai.azure.com', { allowInsecureHttp: true })).ok);
    assert.ok(resolveConnection(azure('http://127.0.0.1:9000')).ok);
    assert.ok(resolveConnection(azure('https://my-resource.openai.azure.com')).ok);
  });

  it('knows this machine by name and address, not by a name that only starts like one', () => {
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.255.255.254', '[::1]', '::1', 'localhost.'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['localhost.example.com', '127.0.0.1.nip.io', '128.0.0.1', '0.0.0.0', '[::2]', 'example.com', '1127.0.0.1'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  it('passes the organization and project on for OpenAI, trimmed, and not for Azure', () => {
    const connection = resolveConnection({ ...openai, organization: ' org-123 ', project: 'proj_abc' });
    assert.deepEqual(connection, {
      ok: true,
      provider: 'openai',
      baseURL: 'https://api.openai.com/v1',
      setting: 'batchStudio.api.baseUrl',
      organization: 'org-123',
      project: 'proj_abc',
    });
    const unset = resolveConnection({ ...openai, organization: '  ', project: '' });
    assert.ok(unset.ok && !('organization' in unset) && !('project' in unset));
    const toAzure = resolveConnection(azure('https://r.openai.azure.com', { organization: 'org-123', project: 'proj_abc' }));
    assert.ok(toAzure.ok && !('organization' in toAzure) && !('project' in toAzure));
  });

  it('sends them as the OpenAI-Organization and OpenAI-Project headers', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [], has_more: false }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const environment = { OPENAI_ORG_ID: process.env.OPENAI_ORG_ID, OPENAI_PROJECT_ID: process.env.OPENAI_PROJECT_ID };
    delete process.env.OPENAI_ORG_ID;
    delete process.env.OPENAI_PROJECT_ID;
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const withBilling = resolveConnection({ ...openai, baseUrl, organization: 'org-123', project: 'proj_abc' });
      const without = resolveConnection({ ...openai, baseUrl });
      assert.ok(withBilling.ok && without.ok);
      await new BatchApi(withBilling, 'test-key').list(undefined, 1);
      await new BatchApi(without, 'test-key').list(undefined, 1);
      assert.equal(seen[0]['openai-organization'], 'org-123');
      assert.equal(seen[0]['openai-project'], 'proj_abc');
      // Unset: no header (in an environment without OPENAI_ORG_ID and OPENAI_PROJECT_ID, which the SDK reads).
      assert.equal(seen[1]['openai-organization'], undefined);
      assert.equal(seen[1]['openai-project'], undefined);
    } finally {
      server.close();
      for (const [name, value] of Object.entries(environment)) if (value !== undefined) process.env[name] = value;
    }
  });

  it('declares every connection setting machine-scoped, so no workspace can set one', () => {
    assert.deepEqual(
      CONNECTION_SETTINGS.filter((key) => SETTINGS[key].scope !== 'machine'),
      [],
    );
    assert.ok(CONNECTION_SETTINGS.includes('batchStudio.api.allowInsecureHttp'));
    assert.equal(SETTINGS['batchStudio.api.allowInsecureHttp'].default, false);
  });
});
