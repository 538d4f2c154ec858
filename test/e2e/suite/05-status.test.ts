import * as assert from 'assert';
import * as vscode from 'vscode';
import { appendCopyOfLastRequest, type BatchStatus, batchStatus, openFixture, revert, screenshot, waitUntil } from './helpers';

/** The status of the active editor once it reads `expected.requests` requests. */
async function statusWith(requests: number): Promise<BatchStatus> {
  let last: BatchStatus | null | undefined;
  try {
    return await waitUntil(async () => {
      last = await batchStatus();
      return last?.requests === requests ? last : undefined;
    }, `the status to show ${requests} requests`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last)}`);
  }
}

const shown = ({ requests, endpoint, model }: BatchStatus) => ({ requests, endpoint, model });

describe('language status', () => {
  it('shows the request count, endpoint and model of the batch file in the editor', async () => {
    await openFixture('chat-batch.jsonl');
    const status = await statusWith(3);
    assert.deepStrictEqual(shown(status), { requests: 3, endpoint: '/v1/chat/completions', model: 'gpt-4o-mini' });
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await screenshot('status');
  });

  it('follows the active editor', async () => {
    await openFixture('embeddings-batch.jsonl');
    const status = await statusWith(2);
    assert.deepStrictEqual(shown(status), { requests: 2, endpoint: '/v1/embeddings', model: 'text-embedding-3-small' });
  });

  it('counts a request as soon as it is added', async () => {
    const document = await openFixture('chat-batch.jsonl');
    try {
      await appendCopyOfLastRequest(document, 'review-0003', 'review-0004');
      const status = await statusWith(4);
      assert.deepStrictEqual(shown(status), { requests: 4, endpoint: '/v1/chat/completions', model: 'gpt-4o-mini' });
    } finally {
      await revert(document);
    }
  });
});
