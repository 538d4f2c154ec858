/** A large document's first validation runs on worker threads as well as the server's own, and
 *  gives what one thread gives: the same diagnostics and status, also when an edit arrives while
 *  the workers are still busy. */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';
import { mixedBatchFile } from '../helpers/mixedFile';

/** Past the size (8M UTF-16 units) where the server hands a document's lines to workers. */
const text = new TextDecoder().decode(mixedBatchFile(61, 9 << 20));

/** A server started with BATCH_STUDIO_WORKERS=workers (0: every line on its own thread). */
async function serverWith(workers: number): Promise<TestClient> {
  const before = process.env.BATCH_STUDIO_WORKERS;
  process.env.BATCH_STUDIO_WORKERS = String(workers);
  try {
    return await TestClient.start({ settings: { validation: { delayMs: 0, maxProblems: 100_000 } } });
  } finally {
    if (before === undefined) delete process.env.BATCH_STUDIO_WORKERS;
    else process.env.BATCH_STUDIO_WORKERS = before;
  }
}

describe('language server: a large document on worker threads', function () {
  this.timeout(120_000);
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
  });

  async function firstDiagnostics(
    workers: number,
    edit?: (client: TestClient, uri: string) => void,
  ): Promise<{ diagnostics: Diagnostic[]; status: unknown }> {
    const client = await serverWith(workers);
    clients.push(client);
    const uri = 'file:///work/large-batch.jsonl';
    client.open(uri, text);
    edit?.(client, uri);
    const diagnostics = await client.waitForDiagnostics(uri, (_, version) => version === (edit ? 2 : 1), 60_000);
    const status = await client.waitForStatus(uri);
    return { diagnostics, status };
  }

  it('publishes what one thread publishes', async () => {
    const one = await firstDiagnostics(0);
    const many = await firstDiagnostics(2);
    assert.ok(one.diagnostics.length > 1000, `${one.diagnostics.length} problems`);
    assert.deepEqual(many.diagnostics, one.diagnostics);
    assert.deepEqual(many.status, one.status);
  });

  it('applies an edit that arrives before the workers are done', async () => {
    // A new first line that duplicates an id and mismatches the model: every line's number moves.
    const edit = (client: TestClient, uri: string) =>
      client.change(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        '{"custom_id": "request-3", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "messages": []}}\n',
      );
    const one = await firstDiagnostics(0, edit);
    const many = await firstDiagnostics(1, edit);
    assert.deepEqual(many.diagnostics, one.diagnostics);
    assert.deepEqual(many.status, one.status);
  });
});
