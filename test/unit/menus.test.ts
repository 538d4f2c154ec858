/** Where the manifest offers each command: every command in the Command Palette (or, where it only
 *  makes sense on a row of the Batches view, reachable there with the keyboard), and `when`
 *  clauses that hold in VS Code Remote and code-server too, where a file's scheme is
 *  `vscode-remote` rather than `file`. */
import * as assert from 'node:assert/strict';
import { rawManifest } from '../helpers/manifest';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Contributes {
  commands: { command: string }[];
  menus: Record<string, MenuEntry[]>;
  keybindings?: { command: string; when?: string }[];
  viewsWelcome?: { when?: string }[];
  walkthroughs?: { steps: { when?: string }[] }[];
}

/** Commands kept out of the palette, with the keyboard route that reaches them instead. */
const KEYBOARD_ROUTES: Record<string, string> = {
  // Needs a batch and a line: the error rows of the Batches view run it on Enter.
  'batchStudio.openInputLine': 'Enter on a validation error row of the Batches view',
};

/** Commands that send files with the user's key: never offered in Restricted Mode. */
const SUBMITTING = ['batchStudio.submitBatch', 'batchStudio.submitAllParts'];

const contributes = (rawManifest() as unknown as { contributes: Contributes }).contributes;
const declared = contributes.commands.map((c) => c.command);
const menuEntries = Object.entries(contributes.menus).flatMap(([menu, entries]) => entries.map((entry) => ({ menu, ...entry })));
const allClauses = [
  ...menuEntries.map((e) => ({ where: `${e.menu}: ${e.command}`, when: e.when })),
  ...(contributes.keybindings ?? []).map((k) => ({ where: `keybinding: ${k.command}`, when: k.when })),
  ...(contributes.viewsWelcome ?? []).map((w, i) => ({ where: `viewsWelcome[${i}]`, when: w.when })),
  ...(contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s, i) => ({ where: `walkthrough step ${i}`, when: s.when }))),
].filter((clause): clause is { where: string; when: string } => typeof clause.when === 'string');

describe('menus and when clauses', () => {
  it('never require resourceScheme == file, which is vscode-remote in VS Code Remote and code-server', () => {
    assert.ok(allClauses.length > 20);
    assert.deepEqual(
      allClauses.filter(({ when }) => /\bresourceScheme\s*==\s*'?file'?(?![\w-])/.test(when)).map(({ where, when }) => `${where}: ${when}`),
      [],
      'write resourceScheme =~ /^(file|vscode-remote)$/ instead',
    );
  });

  it('match a file on disk by a scheme pattern that takes both file and vscode-remote', () => {
    const patterns = allClauses.flatMap(({ where, when }) =>
      [...when.matchAll(/\bresourceScheme\s*=~\s*\/(.+?)\/(?:\s|\)|$)/g)].map((m) => ({ where, pattern: new RegExp(m[1]) })),
    );
    assert.ok(patterns.length >= 5, `${patterns.length} clauses match the scheme`);
    for (const { where, pattern } of patterns) {
      assert.ok(pattern.test('file') && pattern.test('vscode-remote'), `${where}: ${String(pattern)}`);
      assert.ok(!pattern.test('untitled') && !pattern.test('batch-results'), `${where} takes only files on disk: ${String(pattern)}`);
    }
  });

  it('offer every command in the Command Palette, or name its keyboard route', () => {
    const palette = new Map(contributes.menus.commandPalette.map((entry) => [entry.command, entry.when]));
    const keybound = new Set((contributes.keybindings ?? []).map((k) => k.command));
    const hidden = declared.filter((id) => palette.get(id) === 'false');
    assert.deepEqual(hidden.filter((id) => !keybound.has(id) && !KEYBOARD_ROUTES[id]).sort(), [], 'commands no keyboard reaches');
    assert.deepEqual(
      Object.keys(KEYBOARD_ROUTES).filter((id) => !hidden.includes(id)),
      [],
      'KEYBOARD_ROUTES lists only hidden commands',
    );
  });

  it('name only declared commands', () => {
    assert.deepEqual(
      menuEntries.filter((entry) => !declared.includes(entry.command)).map((e) => `${e.menu}: ${e.command}`),
      [],
    );
  });

  it('offer submitting only in a trusted workspace, wherever it is offered', () => {
    const entries = menuEntries.filter((entry) => SUBMITTING.includes(entry.command));
    assert.ok(entries.length >= 6);
    assert.deepEqual(
      entries.filter((entry) => !/(^|&&\s*|\(\s*)isWorkspaceTrusted\b/.test(entry.when ?? '')).map((e) => `${e.menu}: ${e.command}`),
      [],
    );
  });

  it('put the tree-item commands only on the Batches view, keyed on the row', () => {
    for (const entry of contributes.menus['view/item/context'] ?? []) {
      assert.match(entry.when ?? '', /^view == batchStudio\.batches && viewItem =~ \//, entry.command);
    }
  });
});
