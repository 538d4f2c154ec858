/** Restricted Mode and webviews, as far as the manifest and sources show them (the e2e file
 *  24-restricted-mode runs the same commands in an untrusted window): the commands that send a
 *  file to the API are offered only in a trusted workspace and refuse before anything else when
 *  run anyway; any webview the client creates loads nothing remote. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rawManifest, REPO_ROOT } from '../helpers/manifest';

/** The commands that upload a file with the user's key. */
const SENDING_COMMANDS: Record<string, string> = {
  'batchStudio.submitBatch': 'client/src/commands/submit.ts',
  'batchStudio.submitAllParts': 'client/src/commands/submitAllParts.ts',
};

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = rawManifest() as {
  capabilities: { untrustedWorkspaces: { supported: unknown } };
  contributes: { menus: Record<string, MenuEntry[]> };
};

/** `isWorkspaceTrusted` as one of the clause's top-level conjuncts (so the entry shows only when trusted). */
function requiresTrust(when: string | undefined): boolean {
  if (when === undefined) return false;
  let top = when;
  for (let inner = top.replace(/\([^()]*\)/g, '(…)'); inner !== top; inner = top.replace(/\([^()]*\)/g, '(…)')) top = inner;
  return !top.includes('||') && top.split('&&').some((part) => part.trim() === 'isWorkspaceTrusted');
}

function clientSources(): string[] {
  const dir = path.join(REPO_ROOT, 'client/src');
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

describe('trust: Restricted Mode and webviews', () => {
  it('declares limited support for untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  for (const [command, source] of Object.entries(SENDING_COMMANDS)) {
    it(`${command} is offered only in a trusted workspace, palette included`, () => {
      const entries = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
        items.filter((item) => item.command === command).map((item) => ({ menu, when: item.when })),
      );
      assert.ok(
        entries.some((entry) => entry.menu === 'commandPalette'),
        `${command} has a commandPalette entry (else the palette offers it everywhere)`,
      );
      assert.deepEqual(
        entries.filter((entry) => !requiresTrust(entry.when)),
        [],
        'menu entries shown in Restricted Mode',
      );
    });

    it(`${command} refuses in Restricted Mode before it reads, asks or sends anything`, () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, source), 'utf8');
      const guard = text.indexOf('if (!vscode.workspace.isTrusted)');
      assert.ok(guard > 0, `${source} checks vscode.workspace.isTrusted`);
      // The guard comes first in the command: before the file is picked, read, or anything sent.
      const body = text.indexOf('async (', text.indexOf('(ctx: Ctx)'));
      assert.ok(body > 0 && body < guard, `${source}: the command's body, then the guard`);
      for (const later of ['ctx.session', 'ctx.server', 'ctx.ui.input', 'ctx.ui.modal', 'upload(', 'inputFile(']) {
        const at = text.indexOf(later, body);
        assert.ok(at === -1 || at > guard, `${source}: ${later} comes after the guard`);
      }
      const refusal = text.slice(guard, text.indexOf('return', guard));
      assert.match(refusal, /needs? a trusted workspace/, 'the refusal gives the reason');
      assert.match(refusal, /workbench\.trust\.manage/, 'and the way to trust the workspace');
    });
  }

  it('creates no webview without a strict Content-Security-Policy that loads nothing remote', () => {
    const webviews = clientSources().filter((file) =>
      /\b(createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider)\b/.test(fs.readFileSync(file, 'utf8')),
    );
    for (const file of webviews) {
      const text = fs.readFileSync(file, 'utf8');
      const csp = /http-equiv=["']Content-Security-Policy["']\s+content=["']([^"']+)["']/i.exec(text)?.[1];
      assert.ok(csp, `${file}: its HTML has a Content-Security-Policy meta tag`);
      assert.match(csp, /default-src 'none'/, `${file}: default-src 'none'`);
      assert.doesNotMatch(csp, /https?:|\*(?!\.)/, `${file}: no remote or wildcard source`);
    }
    // None today: nor in the bundle the package ships (its libraries included; built before the tests).
    assert.deepEqual(webviews, []);
    assert.doesNotMatch(
      fs.readFileSync(path.join(REPO_ROOT, 'client/out/extension.js'), 'utf8'),
      /createWebviewPanel|registerWebviewViewProvider/,
    );
  });
});
