import * as assert from 'assert';
import * as vscode from 'vscode';
import { openFixture, rangeOf, revert, screenshot, summarize, waitForCodes, waitForDiagnostics } from './helpers';

// fix-me-batch.jsonl: line 1 (0-based) repeats line 0's custom_id and misspells temperature.
describe('fixing problems as you type', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openFixture('fix-me-batch.jsonl');
  });

  after(async () => {
    if (document) await revert(document);
  });

  async function replace(line: number, needle: string, replacement: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, rangeOf(document, line, needle), replacement);
    assert.ok(await vscode.workspace.applyEdit(edit), `replaced ${needle} with ${replacement}`);
  }

  it('shows both problems before the fix', async () => {
    const diagnostics = await waitForCodes(document.uri, ['duplicate_custom_id', 'unknown_parameter']);
    assert.deepStrictEqual(summarize(diagnostics), ['2:duplicate_custom_id', '2:unknown_parameter']);
  });

  it('clears the warning once the parameter name is corrected, keeping the other problem', async () => {
    await replace(1, '"temprature"', '"temperature"');
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (list) => !summarize(list).includes('2:unknown_parameter'),
      'the unknown_parameter warning to clear',
    );
    assert.deepStrictEqual(summarize(diagnostics), ['2:duplicate_custom_id']);
  });

  it('clears the last problem once the custom_id is made unique', async () => {
    await replace(1, '"ticket-1001"', '"ticket-1002"');
    const diagnostics = await waitForDiagnostics(document.uri, (list) => list.length === 0, 'all problems to clear');
    assert.deepStrictEqual(summarize(diagnostics), []);
    await screenshot('fixed-batch');
  });
});
