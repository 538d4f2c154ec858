// Runs first: nothing has opened a .jsonl document yet, and no test has turned on Batch Studio's
// test mode (see index.ts). The workspace holds JSON Lines files, so Batch Studio is activated at
// start-up (a file too large for VS Code to open gets no document to activate it: see
// 23-big-file-first), but its language server waits for a JSON Lines file to be open.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, testing, waitUntil } from './helpers';

describe('activation', () => {
  it('starts no language server while no JSON Lines file is open', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the window under test`);
    const jsonl = vscode.workspace.textDocuments.filter((d) => d.languageId === 'jsonl');
    assert.deepStrictEqual(
      jsonl.map((d) => d.fileName),
      [],
      'precondition: no .jsonl document is open yet',
    );
    // workspaceContains: the workspace's .jsonl files activate it.
    const hooks = await testing();
    assert.strictEqual(hooks.serverState(), 'stopped', 'Batch Studio must not start its server before a .jsonl file is opened');
  });

  it('starts its language server when a .jsonl file is opened', async () => {
    const hooks = await testing();
    const document = await openFixture('chat-batch.jsonl');
    assert.strictEqual(document.languageId, 'jsonl', '.jsonl files open in the JSON Lines language');
    await waitUntil(() => (hooks.serverState() === 'running' ? true : undefined), 'the language server to run');
  });

  it('records nothing and answers no prompt until a test turns its test mode on', async () => {
    const hooks = await testing();
    assert.throws(() => hooks.messages(), /needs test mode/, 'no message log to read');
    assert.throws(() => hooks.answerPrompts(['x']), /needs test mode/, 'no prompt answered in advance');
    // Something is shown while test mode is off (a notification), and is not in the log after.
    await vscode.commands.executeCommand('batchStudio.clearApiKey');
    hooks.enableTestMode();
    assert.deepStrictEqual(hooks.messages(), [], 'what was shown before test mode was not recorded');
    await vscode.commands.executeCommand('batchStudio.clearApiKey');
    assert.deepStrictEqual(
      hooks.messages(true).map((m) => `${m.kind}: ${m.message}`),
      ['notification: API key removed. Batch Studio has no key now.'],
      'in test mode every message is recorded',
    );
  });
});
