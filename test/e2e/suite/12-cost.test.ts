// Know the cost: the status item shows a batch file's tokens and estimated cost, follows edits and
// the batchStudio.prices setting, and Submit's confirmation names the cost, for an open file and
// for one read from disk. explorer/reviews.jsonl: three gpt-4o-mini requests of 27, 25 and 26
// input tokens (78), each capped at 60 output tokens (180); at $0.075 / $0.30 per 1M tokens.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { answerPrompts, ensureApiKey, explorerFixture, findMessage, messages, removeWrittenFiles } from './explorer';
import {
  appendCopyOfLastRequest,
  type BatchStatus,
  batchStatus,
  enableTestMode,
  openFixture,
  revert,
  screenshot,
  waitUntil,
} from './helpers';

const Global = vscode.ConfigurationTarget.Global;

/** What the status item shows, its detail included (`testing.status()`). */
type ShownStatus = BatchStatus & { detail?: string };

/** The status item's detail once it matches `pattern`. */
async function detailMatching(pattern: RegExp): Promise<string> {
  let last: ShownStatus | null = null;
  try {
    return await waitUntil(async () => {
      last = await batchStatus();
      return last?.detail !== undefined && pattern.test(last.detail) ? last.detail : undefined;
    }, `the status item to show ${pattern}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last)}`);
  }
}

const REVIEWS_ESTIMATE =
  /^\/v1\/chat\/completions · 78 input tokens \+ up to 180 output; est\. \$0\.0000058 \+ up to \$0\.000054 output, at most \$0\.000060, at batch prices of \d{4}-\d{2}$/;

describe('cost estimate', function () {
  this.timeout(30_000);

  before(async () => {
    removeWrittenFiles();
    await openFixture('explorer/reviews.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('batchStudio').update('prices', undefined, Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it("shows the file's tokens and estimated cost at batch prices in the status item", async () => {
    await openFixture('explorer/reviews.jsonl');
    await detailMatching(REVIEWS_ESTIMATE);
    await screenshot('cost-status');
  });

  it('counts an added request, and prices with batchStudio.prices when set', async () => {
    const document = await openFixture('explorer/reviews.jsonl');
    try {
      await appendCopyOfLastRequest(document, 'review-0003', 'review-0004');
      await detailMatching(/ · 104 input tokens \+ up to 240 output; est\. \$0\.0000078 \+ up to \$0\.000072 output/);

      // $1 and $2 per 1M tokens: 104 input tokens are $0.000104, 240 output tokens $0.00048.
      await vscode.workspace.getConfiguration('batchStudio').update('prices', { 'gpt-4o-mini': { input: 1, output: 2 } }, Global);
      await detailMatching(
        / · 104 input tokens \+ up to 240 output; est\. \$0\.00010 \+ up to \$0\.00048 output, at most \$0\.00058, at your batchStudio\.prices$/,
      );
    } finally {
      await vscode.workspace.getConfiguration('batchStudio').update('prices', undefined, Global);
      await revert(document);
    }
    await detailMatching(REVIEWS_ESTIMATE);
  });

  it("names the estimated cost in Submit's confirmation, for an open file and for one read from disk", async () => {
    await ensureApiKey();
    await openFixture('explorer/reviews.jsonl');
    await messages(true);
    await answerPrompts(null); // Escape at the description: nothing is submitted
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitBatch'), undefined);
    const prompt = findMessage(await messages(true), 'input', /description/);
    assert.match(
      prompt.message,
      /: 3 requests to \/v1\/chat\/completions \(gpt-4o-mini\); 78 input tokens \+ up to 180 output; est\. \$0\.0000058 \+ up to \$0\.000054 output, at most \$0\.000060, at batch prices of \d{4}-\d{2}\.$/,
    );

    // A copy never opened, submitted from the explorer's context menu: counted from disk.
    const copy = explorerFixture('generated-cost-batch.jsonl');
    fs.copyFileSync(explorerFixture('reviews.jsonl').fsPath, copy.fsPath);
    await answerPrompts(null);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitBatch', copy), undefined);
    const fromDisk = findMessage(await messages(true), 'input', /description/);
    assert.strictEqual(fromDisk.message, prompt.message);
  });
});
