/** The language server follows the validation provider it reads through workspace/configuration
 *  (`batchStudio.validation.provider`, `auto` following `batchStudio.api.provider`), and gives
 *  another provider's batch file one problem. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ValidateFileRequest } from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';

/** This file runs from test/out/protocol. */
const root = path.resolve(__dirname, '../../..');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test/fixtures', name), 'utf8');
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);

async function configure(client: TestClient, settings: Record<string, unknown>): Promise<void> {
  client.settings = settings;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
}

describe('language server: providers', () => {
  let client: TestClient;
  afterEach(async () => client?.stop());

  it('batchStudio.validation.provider: azure through workspace/configuration accepts an Azure file that openai refuses', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/azure-chat.jsonl';
    client.open(uri, fixture('azure-chat.jsonl'));
    const openai = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(openai), ['1:unsupported_url', '2:unsupported_url', '3:unsupported_url']);
    assert.equal((await client.waitForStatus(uri)).endpoint, null);

    await configure(client, { validation: { delayMs: 0, provider: 'azure' } });
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0), []);
    const status = await client.waitForStatus(uri, (s) => s.endpoint !== null);
    assert.deepEqual([status.endpoint, status.model, status.errors], ['/chat/completions', 'my-gpt-4o-mini-batch', 0]);

    await configure(client, { validation: { delayMs: 0, provider: 'openai' }, api: { provider: 'azure' } });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (d) => d.length > 0)), [
      '1:unsupported_url',
      '2:unsupported_url',
      '3:unsupported_url',
    ]);
  });

  it('auto (the default) follows batchStudio.api.provider', async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0, provider: 'auto' }, api: { provider: 'azure' } } });
    const uri = 'file:///work/azure-auto.jsonl';
    client.open(uri, fixture('azure-chat.jsonl'));
    const status = await client.waitForStatus(uri);
    assert.deepEqual([status.isBatch, status.endpoint, status.errors], [true, '/chat/completions', 0]);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    await configure(client, { validation: { delayMs: 0 }, api: { provider: 'openai' } });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (d) => d.length > 0)), [
      '1:unsupported_url',
      '2:unsupported_url',
      '3:unsupported_url',
    ]);
  });

  it("publishes one problem for another provider's batch file", async () => {
    client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
    for (const [name, format] of [
      ['anthropic-batch.jsonl', 'an Anthropic Message Batches file'],
      ['gemini-batch.jsonl', 'a Gemini batch file'],
    ]) {
      const uri = `file:///work/${name}`;
      client.open(uri, fixture(name));
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
      assert.deepEqual(codes(diagnostics), ['1:other_provider_format']);
      assert.equal(diagnostics[0].severity, 1);
      const { message } = diagnostics[0];
      assert.ok(typeof message === 'string' && message.startsWith(`This looks like ${format}`), JSON.stringify(message));
    }
  });

  it('batchStudio/validateFile reads a file from disk by its own provider: Submit takes the Azure url', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-providers-'));
    try {
      const file = path.join(dir, 'azure-chat.jsonl');
      fs.writeFileSync(file, fixture('azure-chat.jsonl'));
      const uri = pathToFileURL(file).toString();
      client = await TestClient.start({ settings: { validation: { provider: 'azure' } } });
      const azure = await client.connection.sendRequest(ValidateFileRequest.type, { uri });
      assert.deepEqual(
        [azure.from, azure.summary.errors, azure.summary.endpoint, azure.summary.endpointSupported],
        ['disk', 0, '/chat/completions', true],
      );
      client.settings = { validation: { provider: 'openai' } };
      const openai = await client.connection.sendRequest(ValidateFileRequest.type, { uri });
      assert.deepEqual([openai.summary.errors, openai.summary.endpoint, openai.summary.endpointSupported], [3, null, false]);
      assert.deepEqual([...new Set(openai.problems.map((p) => p.code))], ['unsupported_url']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
