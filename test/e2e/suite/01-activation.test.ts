// Runs first: nothing has opened a .jsonl document yet (see index.ts).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitUntil } from './helpers';

describe('activation', () => {
  it('stays inactive while no JSON Lines file is open', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the window under test`);
    const jsonl = vscode.workspace.textDocuments.filter((d) => d.languageId === 'jsonl');
    assert.deepStrictEqual(jsonl.map((d) => d.fileName), [], 'precondition: no .jsonl document is open yet');
    assert.strictEqual(extension.isActive, false, 'Batch Studio must not load (and start its server) before a .jsonl file is opened');
  });

  it('activates when a .jsonl file is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const document = await openFixture('chat-batch.jsonl');
    assert.strictEqual(document.languageId, 'jsonl', '.jsonl files open in the JSON Lines language');
    await waitUntil(() => (extension.isActive ? true : undefined), 'Batch Studio to activate');
  });
});
