// The language server stops unexpectedly (here: killed): Batch Studio restarts it, says so once,
// and the problems of the open files come back, unsaved edits included.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  batchDiagnostics,
  enableTestMode,
  type Message,
  openFixture,
  revert,
  summarize,
  type Testing,
  waitForCodes,
  waitForDiagnostics,
  waitUntil,
} from './helpers';

const RESTARTED = /^The Batch Studio language server stopped unexpectedly and was restarted/;

describe('language server restart after a crash', function () {
  this.timeout(60_000);
  let hooks: Testing;
  let document: vscode.TextDocument;
  let initial: string[];

  before(async () => {
    document = await openFixture('broken-batch.jsonl');
    hooks = await enableTestMode();
    const diagnostics = await waitForCodes(document.uri, ['duplicate_custom_id', 'invalid_type', 'unknown_parameter', 'blank_line']);
    initial = summarize(diagnostics);
    await waitUntil(() => (hooks.serverState() === 'running' && hooks.serverPid() !== null ? true : undefined), 'the server to run');
  });

  after(async () => revert(document));

  /** Kills the running server; resolves to its pid once a new one runs. */
  async function killServer(): Promise<{ killed: number; restarted: number }> {
    const killed = hooks.serverPid();
    assert.ok(killed !== null, 'the server runs');
    process.kill(killed, 'SIGKILL');
    const restarted = await waitUntil(() => {
      const pid = hooks.serverPid();
      return hooks.serverState() === 'running' && pid !== null && pid !== killed ? pid : undefined;
    }, 'a new server process');
    return { killed, restarted };
  }

  const restartNotices = (shown: Message[]) => shown.filter((m) => m.kind === 'notification' && RESTARTED.test(m.message));

  it('restarts a killed server, says so once, and the problems come back with unsaved edits', async () => {
    hooks.messages(true);
    // An unsaved edit: a request with a numeric custom_id appended, which only the editor knows.
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '{"custom_id": 99}\n'));
    const withEdit = summarize(
      await waitForDiagnostics(document.uri, (list) => list.length > initial.length, 'the problems of the appended line'),
    );
    assert.ok(withEdit.includes(`${document.lineCount - 1}:invalid_type`), withEdit.join(', '));

    // The problems disappear when the server goes, and come back from the new one.
    let cleared = false;
    const watching = vscode.languages.onDidChangeDiagnostics(() => {
      if (batchDiagnostics(document.uri).length === 0) cleared = true;
    });
    try {
      const { killed, restarted } = await killServer();
      console.log(`    server ${killed} killed; ${restarted} runs`);
      const back = await waitForCodes(document.uri, ['duplicate_custom_id', 'invalid_type', 'unknown_parameter', 'blank_line']);
      assert.ok(cleared, "the dead server's problems were cleared first");
      assert.deepStrictEqual(summarize(back), withEdit, 'the same problems, the unsaved edit included');
    } finally {
      watching.dispose();
    }

    const notices = restartNotices(hooks.messages());
    assert.strictEqual(
      notices.length,
      1,
      `one message; shown:\n${hooks
        .messages()
        .map((m) => m.message)
        .join('\n')}`,
    );
    assert.strictEqual(notices[0].severity, 'warning');
    assert.deepStrictEqual(notices[0].options, ['Show Output']);
  });

  it('restarts it again after a second crash soon after, without saying so again', async () => {
    hooks.messages(true);
    await killServer();
    const back = await waitForCodes(document.uri, ['duplicate_custom_id', 'invalid_type', 'unknown_parameter', 'blank_line']);
    assert.ok(back.length > 0);
    assert.deepStrictEqual(restartNotices(hooks.messages()), [], 'no second message for a crash soon after the first');
    // And it answers requests: hover on the first line's custom_id.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(0, 4),
    );
    assert.ok(hovers.length > 0, 'the restarted server answers hover');
  });
});
