import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { batchStudio, fixtureUri, waitForCodes, waitUntil } from './helpers';

const REQUESTS = 52_000;
function request(i: number): string {
  const content = `Summarise review ${i}: ${'The parcel came on time and the fit is as described. '.repeat(20)}`;
  return JSON.stringify({ custom_id: `review-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] } });
}

describe('experiment: big file first', function () {
  this.timeout(120_000);
  it('probe', async () => {
    const ext = batchStudio();
    console.log('EXP active at start', ext.isActive);
    if (process.env.EXP_B) await vscode.workspace.getConfiguration('workbench').update('editorLargeFileConfirmation', 1024, vscode.ConfigurationTarget.Workspace);
    console.log('EXP B', process.env.EXP_B, 'active', ext.isActive);
    const huge = fixtureUri('generated-first-huge-batch.jsonl');
    const out = fs.openSync(huge.fsPath, 'w');
    for (let from = 0; from < REQUESTS; from += 1000) {
      const lines: string[] = [];
      for (let i = from; i < from + 1000; i++) lines.push(request(i + 1));
      fs.writeSync(out, lines.join('\n') + '\n');
    }
    fs.closeSync(out);
    await vscode.commands.executeCommand('vscode.open', huge, { preview: false });
    const tab = await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === huge.toString()), 'tab');
    console.log('EXP tab', tab.label, 'active?', ext.isActive, 'docs', vscode.workspace.textDocuments.map((d) => d.uri.toString() + ':' + d.languageId).join(', '));
    try {
      await waitUntil(() => (ext.isActive ? true : undefined), 'activation', 20_000);
      console.log('EXP activated');
    } catch (e) {
      console.log('EXP not activated', String(e));
    }
    try {
      await waitForCodes(huge, ['too_many_requests'], 30_000);
      console.log('EXP validated');
    } catch (e) {
      console.log('EXP not validated', String(e));
    }
    fs.rmSync(huge.fsPath, { force: true });
    assert.ok(true);
  });
});
