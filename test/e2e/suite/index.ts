// Entry point of the end-to-end suite, loaded inside VS Code's extension host (by
// scripts/e2e/run.js through code-server, or by @vscode/test-electron): `run()` settles when
// mocha is done and rejects when any test failed, which becomes the editor's exit code.
import * as fs from 'fs';
import * as path from 'path';

// mocha is ESM-only; Node's require(esm) hands back either the class or its namespace.
type MochaModule = typeof import('mocha');
function loadMocha(): MochaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- require(esm) on purpose: its result's shape is checked below
  const loaded: unknown = require('mocha');
  if (typeof loaded === 'function') return loaded as MochaModule;
  const namespace = loaded as { default?: MochaModule; Mocha?: MochaModule };
  const Mocha = namespace.default ?? namespace.Mocha;
  if (typeof Mocha !== 'function') throw new Error('could not load mocha');
  return Mocha;
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
  if (process.env.BATCH_STUDIO_E2E_GREP) mocha.grep(process.env.BATCH_STUDIO_E2E_GREP);

  // Files run in name order: 01-activation must come before anything opens a .jsonl document.
  // Otherwise each file sets up what it needs, so any of them can run alone:
  // BATCH_STUDIO_E2E_FILES=06-explorer,09 runs the files whose names contain one of these.
  // A file named *.own-window.test.* needs a window to itself (the runner gives it one): it is
  // left out when other files are selected too.
  const only = (process.env.BATCH_STUDIO_E2E_FILES ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
    .sort();
  if (files.length === 0) throw new Error(`no test file matches BATCH_STUDIO_E2E_FILES=${process.env.BATCH_STUDIO_E2E_FILES}`);
  const ownWindow = (name: string) => name.includes('.own-window.');
  for (const name of files.length > 1 ? files.filter((name) => !ownWindow(name)) : files) mocha.addFile(path.join(__dirname, name));
  for (const name of files.length > 1 ? files.filter(ownWindow) : [])
    console.log(`${name} runs in a window of its own (BATCH_STUDIO_E2E_FILES=${name.replace(/\.test\.js$/, '')}): left out here`);

  return new Promise((resolve, reject) => {
    let passes = 0;
    let failed = 0;
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else if (passes === 0) reject(new Error('no end-to-end test ran'));
      else resolve();
    });
    runner.on('pass', () => passes++);
    runner.on('fail', () => failed++);
    // The runner looks for this exact line to report the result.
    runner.on('end', () => console.log(`${passes} passed, ${failed} failed`));
  });
}
