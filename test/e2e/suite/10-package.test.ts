// What is under test is what users get: the package scripts/e2e/run.js built and installed (or,
// with BATCH_STUDIO_E2E_TARGET=dev, this checkout), in the VS Code version the runner names, and
// it adds exactly the commands its manifest declares: no test hook among them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { batchStudio, openFixture, whenActive } from './helpers';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

/** What the runner says it tests (see suiteEnv in scripts/e2e/run.js). */
function runner(): { target: string; extensionsDir: string; repo: string; vscodeVersion: string } {
  const {
    BATCH_STUDIO_E2E_TARGET: target,
    BATCH_STUDIO_E2E_EXTENSIONS_DIR: extensionsDir,
    BATCH_STUDIO_E2E_REPO: repo,
    BATCH_STUDIO_E2E_VSCODE: vscodeVersion,
  } = process.env;
  assert.ok(
    target && extensionsDir && repo && vscodeVersion,
    'scripts/e2e/run.js passed the target, extensions folder, repository and VS Code version',
  );
  return { target, extensionsDir, repo, vscodeVersion };
}

const real = (file: string) => fs.realpathSync(file);
const isInside = (parent: string, child: string) =>
  !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));

describe('the package under test', () => {
  let manifest: Manifest;

  before(async () => {
    await openFixture('chat-batch.jsonl'); // activates Batch Studio when this file runs alone
    await whenActive();
    manifest = JSON.parse(fs.readFileSync(path.join(runner().repo, 'package.json'), 'utf8')) as Manifest;
  });

  it('runs in the VS Code version the runner names', () => {
    assert.strictEqual(vscode.version, runner().vscodeVersion);
  });

  it('is the installed package (or, for the dev target, this checkout) at the version in package.json', () => {
    const { target, extensionsDir, repo } = runner();
    const extension = batchStudio();
    const installedAt = real(extension.extensionPath);
    assert.strictEqual((extension.packageJSON as Manifest).version, manifest.version, 'the version in package.json');
    assert.strictEqual(extension.id, `${manifest.publisher}.${manifest.name}`);
    if (target === 'vsix') {
      assert.strictEqual(path.dirname(installedAt), real(extensionsDir), "installed into the run's extensions folder");
      assert.ok(!isInside(real(repo), installedAt), `not loaded from the checkout: ${installedAt}`);
      // The package carries the built extension and none of its sources.
      assert.ok(fs.existsSync(path.join(installedAt, 'client', 'out', 'extension.js')), 'the bundle is in the package');
      assert.ok(!fs.existsSync(path.join(installedAt, 'client', 'src')), 'no sources in the package');
    } else {
      assert.strictEqual(target, 'dev', 'the target is vsix or dev');
      assert.strictEqual(installedAt, real(repo), 'the development extension is this checkout');
    }
  });

  it('registers every command of its manifest, and no other (no test hook among them)', async () => {
    const registered = await vscode.commands.getCommands(false);
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(
      declared.filter((id) => !registered.includes(id)),
      [],
      'manifest commands that are not registered',
    );
    // VS Code adds commands for each view (`<view id>.focus`, …), named after the view.
    const viewIds = Object.values(manifest.contributes.views)
      .flat()
      .map((view) => view.id);
    const ours = registered.filter((id) => /^batchStudio\./i.test(id) && !viewIds.some((view) => id.startsWith(`${view}.`)));
    assert.deepStrictEqual(ours.filter((id) => !declared.includes(id)).sort(), [], 'commands registered besides those in the manifest');
    assert.deepStrictEqual(
      registered.filter((id) => /batchStudio.*internal|internal.*batchStudio/i.test(id)),
      [],
      'no internal command',
    );
  });

  it('links only to commands that exist, from its walkthrough and welcome views', async () => {
    const registered = await vscode.commands.getCommands(false);
    const installed = JSON.stringify(batchStudio().packageJSON);
    const linked = [...installed.matchAll(/\(command:([\w.]+)/g)].map((match) => match[1]);
    assert.ok(linked.includes('batchStudio.newBatchFile') && linked.includes('batchStudio.setApiKey'), `links found: ${linked.join(', ')}`);
    assert.deepStrictEqual(
      linked.filter((id) => !registered.includes(id)),
      [],
      'command links that run nothing',
    );
  });
});
