import * as assert from 'assert';
import * as vscode from 'vscode';
import { findDiagnostic, openFixture, summarize, waitForCodes } from './helpers';

describe('which JSON Lines files are batch files', () => {
  it('leaves a fine-tuning dataset alone', async () => {
    const training = await openFixture('training-data.jsonl');
    assert.strictEqual(training.languageId, 'jsonl');
    // No event says "validated and found nothing": open a batch file after it and wait for that
    // one's diagnostics. The server handles documents in order, so the dataset was seen first.
    const batch = await openFixture('streaming-batch.jsonl');
    const batchDiagnostics = await waitForCodes(batch.uri, ['streaming_unsupported']);
    assert.deepStrictEqual(summarize(batchDiagnostics), ['1:streaming_unsupported']);
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(training.uri).map((d) => `${d.source}: ${d.message}`),
      [],
      'a fine-tuning file gets no squiggles',
    );
  });

  it('reports an empty file named like a batch file', async () => {
    const empty = await openFixture('empty-batch.jsonl');
    const diagnostics = await waitForCodes(empty.uri, ['empty_file']);
    assert.deepStrictEqual(summarize(diagnostics), ['1:empty_file']);
    assert.strictEqual(findDiagnostic(diagnostics, 'empty_file', 0).severity, vscode.DiagnosticSeverity.Error);
  });
});
