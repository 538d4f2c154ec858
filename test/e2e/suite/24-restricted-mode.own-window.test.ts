// Restricted Mode as a user meets it: a folder they have not trusted. Batch Studio still validates
// its batch files, but sends nothing from it with their key: Submit Batch and Submit All Parts are
// in no menu and refuse, saying why, when run anyway (a keybinding, a link), and nothing reaches
// the API. The runner (scripts/e2e/run.js) reads the next line and gives this file a window of its
// own with workspace trust on and the folder not trusted:
// e2e-window: untrusted
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  answerPrompts,
  emulator,
  emulatorClient,
  explorerFixture,
  findMessage,
  type Message,
  messages,
  removeWrittenFiles,
  snapshot,
} from './explorer';
import { batchStudio, codeOf, enableTestMode, openFixture, rangeOf, summarize, testing, waitForCodes, waitUntil } from './helpers';

/** The commands that upload a file with the user's key, and what each says when it refuses. */
const SENDING_COMMANDS = {
  'batchStudio.submitBatch':
    /^Submitting a batch needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files\.$/,
  'batchStudio.submitAllParts':
    /^Submitting batches needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files\.$/,
} as const;

/** Whether a `when` clause holds only where `isWorkspaceTrusted` does: it is one of the clause's
 *  top-level conjuncts (parenthesised groups aside), with no top-level `||`. */
function requiresTrust(when: string | undefined): boolean {
  if (when === undefined) return false;
  let top = when;
  for (let inner = top.replace(/\([^()]*\)/g, '(…)'); inner !== top; inner = top.replace(/\([^()]*\)/g, '(…)')) top = inner;
  return !top.includes('||') && top.split('&&').some((part) => part.trim() === 'isWorkspaceTrusted');
}

/** What the emulator holds: nothing uploaded, no batch created, is what this window must leave. */
async function emulatorHolds(): Promise<{ files: string[]; batches: string[] }> {
  const client = emulatorClient();
  return {
    files: (await client.files.list()).data.map((file) => file.filename),
    batches: (await client.batches.list({ limit: 100 })).data.map((batch) => batch.id),
  };
}

function describeShown(shown: readonly Message[]): string {
  return shown.map((m) => `${m.kind}: ${m.message}`).join('\n  ') || 'nothing';
}

describe('Restricted Mode: a folder the user has not trusted', function () {
  this.timeout(30_000);

  before(async () => {
    removeWrittenFiles();
    await openFixture('broken-batch.jsonl'); // activates Batch Studio
    await enableTestMode();
    // With the key set, a refusal can only be for the workspace's sake (without one, Submit would
    // ask for a key first). Set API Key works in Restricted Mode: the key is the user's, not the folder's.
    await answerPrompts(emulator().key);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true, 'the key was saved');
    await waitUntil(async () => ((await snapshot()).hasApiKey ? true : undefined), 'the explorer to know the key');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeWrittenFiles();
  });

  it('opens the folder in Restricted Mode', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the runner opened the folder untrusted (// e2e-window: untrusted)');
    assert.strictEqual(batchStudio().isActive, true, 'Batch Studio runs there (untrustedWorkspaces: limited)');
  });

  it('validates a broken batch file there: problems, quick fixes, hover and completion', async () => {
    const document = await openFixture('broken-batch.jsonl');
    const diagnostics = await waitForCodes(document.uri, ['duplicate_custom_id', 'invalid_type', 'unknown_parameter', 'blank_line']);
    assert.deepStrictEqual(summarize(diagnostics), ['3:duplicate_custom_id', '4:invalid_type', '5:unknown_parameter', '6:blank_line']);

    const misspelt = diagnostics.find((d) => codeOf(d) === 'unknown_parameter')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      misspelt.range,
    );
    assert.ok(
      actions.some((action) => action.title === 'Change to "temperature"' && action.edit),
      `the quick fix is offered; got: ${actions.map((a) => a.title).join(', ')}`,
    );
    const at = rangeOf(document, 0, '"model"').start.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*model\*\*/, 'the hover explains the parameter');
    const inRole = rangeOf(document, 0, '"role": "').end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inRole);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('"assistant"'), `message roles are completed; got: ${labels.slice(0, 12).join(' ')}`);
  });

  it('offers Submit Batch and Submit All Parts in no menu: each entry needs a trusted workspace', async () => {
    // Menus cannot be read through the API: what this window's Batch Studio declares for them,
    // each entry shown only where isWorkspaceTrusted holds, which it does not here.
    const menus = (batchStudio().packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } })
      .contributes.menus;
    for (const command of Object.keys(SENDING_COMMANDS)) {
      const entries = Object.entries(menus).flatMap(([menu, items]) =>
        items.filter((item) => item.command === command).map((item) => ({ menu, when: item.when })),
      );
      for (const menu of ['commandPalette', 'editor/title', 'explorer/context'])
        assert.ok(
          entries.some((entry) => entry.menu === menu),
          `${command} has a ${menu} entry (without one, the palette offers it everywhere)`,
        );
      assert.deepStrictEqual(
        entries.filter((entry) => !requiresTrust(entry.when)),
        [],
        `${command}: entries shown in Restricted Mode`,
      );
    }

    // The language status item of a valid batch file offers Submit Batch in a trusted folder; here,
    // Show Problems.
    await openFixture('explorer/reviews.jsonl');
    const hooks = await testing();
    const item = await waitUntil(() => {
      const shown = hooks.statusItem();
      return /request/.test(shown.text) ? shown : undefined;
    }, 'the status item to count the requests of reviews.jsonl');
    assert.deepStrictEqual(item.command, { title: 'Show Problems', command: 'workbench.actions.view.problems' });
  });

  it('refuses Submit Batch run anyway, with the reason and the way to trust the folder, and uploads nothing', async () => {
    const input = explorerFixture('reviews.jsonl'); // valid: only the workspace's trust stands in the way
    await openFixture('explorer/reviews.jsonl');
    await messages(true);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitBatch', input), undefined, 'nothing was submitted');
    const shown = await messages(true);
    const refusal = findMessage(shown, 'notification', SENDING_COMMANDS['batchStudio.submitBatch']);
    assert.strictEqual(refusal.severity, 'error');
    assert.deepStrictEqual(refusal.options, ['Manage Workspace Trust']);
    assert.strictEqual(shown.length, 1, `the refusal is all that was shown (no prompt, no progress); shown:\n  ${describeShown(shown)}`);
    assert.deepStrictEqual(await emulatorHolds(), { files: [], batches: [] }, 'nothing was uploaded, no batch created');
  });

  it('refuses Submit All Parts run anyway, with the reason, and uploads none of the parts', async () => {
    const parts = ['generated-reviews.part-001.jsonl', 'generated-reviews.part-002.jsonl'].map((name) => explorerFixture(name));
    for (const part of parts) fs.copyFileSync(explorerFixture('reviews.jsonl').fsPath, part.fsPath);
    await messages(true);
    assert.strictEqual(await vscode.commands.executeCommand('batchStudio.submitAllParts', parts[0]), undefined, 'nothing was attempted');
    const shown = await messages(true);
    const refusal = findMessage(shown, 'notification', SENDING_COMMANDS['batchStudio.submitAllParts']);
    assert.strictEqual(refusal.severity, 'error');
    assert.deepStrictEqual(refusal.options, ['Manage Workspace Trust']);
    assert.strictEqual(shown.length, 1, `the refusal is all that was shown; shown:\n  ${describeShown(shown)}`);
    assert.deepStrictEqual(await emulatorHolds(), { files: [], batches: [] }, 'nothing was uploaded, no batch created');
  });
});
