// A batch file over 50 MB opened as the first JSON Lines file of a window: VS Code gives it no
// document, and in a remote window (over 10 MB; code-server here) shows only a "very large" notice
// in its tab, so `onLanguage:jsonl` never fires. Batch Studio, activated by the workspace's JSON
// Lines files, starts its language server for the tab and validates the file from disk.
// The file name's `own-window` makes the runner (scripts/e2e/run.js) run it alone in a fresh
// window, after the others: what it checks happens once per window.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { API_LIMIT, BROKEN_LINE, FROM_DISK_MS, MB, REQUESTS, summary, tabOf, writeHugeFile } from './bigFiles';
import { batchStatus, fixtureUri, testing, waitForCodes, waitUntil } from './helpers';

describe('a batch file over 50 MB as the first JSON Lines file of a window', function () {
  this.timeout(3 * FROM_DISK_MS);
  const huge = () => fixtureUri('generated-first-huge-batch.jsonl');

  before(() => {
    writeHugeFile(huge().fsPath);
    assert.ok(fs.statSync(huge().fsPath).size > 50 * MB, 'the file is over the 50 MB VS Code syncs');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(huge().fsPath, { force: true });
  });

  it('is validated from disk, though nothing else opened a JSON Lines file', async () => {
    const jsonl = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputText && /\.(jsonl|ndjson)$/.test(tab.input.uri.path));
    assert.deepStrictEqual(
      [...jsonl.map((tab) => tab.label), ...vscode.workspace.textDocuments.filter((d) => d.languageId === 'jsonl').map((d) => d.fileName)],
      [],
      'precondition: no JSON Lines file open yet (this file runs in a window of its own)',
    );
    const hooks = await testing(); // activated by the workspace's .jsonl files
    assert.strictEqual(hooks.serverState(), 'stopped', 'precondition: the language server waits for a JSON Lines file');

    await vscode.commands.executeCommand('vscode.open', huge(), { preview: false });
    await waitUntil(() => tabOf(huge()), 'a tab for the file');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === huge().toString()),
      'VS Code gave extensions no document for it',
    );
    const diagnostics = await waitForCodes(huge(), ['too_many_requests', 'invalid_json_line'], FROM_DISK_MS);
    assert.deepStrictEqual(summary(diagnostics), [`${API_LIMIT}:too_many_requests`, `${BROKEN_LINE}:invalid_json_line`].sort());
    const status = await waitUntil(async () => {
      const shown = await batchStatus();
      return shown?.requests === REQUESTS ? shown : undefined;
    }, `the status item to count ${REQUESTS} requests`);
    assert.strictEqual(status.model, 'gpt-4o-mini');
  });
});
