#!/usr/bin/env node
// `npm start`: builds Batch Studio and opens examples/ in an editor with it loaded.
//
//   - desktop VS Code when `code` is on PATH: a new window with --extensionDevelopmentPath
//   - otherwise code-server with the newest VS Code the tests use (scripts/e2e/versions.json) on
//     127.0.0.1 (PORT, default 8080 or the next free port), without authentication, in a
//     throw-away profile; open the printed URL in a browser. Batch Studio is linked (not copied)
//     into a throw-away extensions folder, so after `npm run build` "Developer: Reload Window"
//     picks up the new code. Ctrl-C stops it.
//
// The batch explorer talks to the local batch emulator (test/emulator), started here with a demo
// key: the editor gets BATCH_STUDIO_API_BASE_URL and BATCH_STUDIO_API_KEY, the development
// overrides the explorer reads, so no account or key is needed. BATCH_STUDIO_BACKEND=openai
// starts no emulator and passes no override: the explorer then uses your settings and key.
//
// BATCH_STUDIO_START=code|code-server picks the editor instead. The code-server tools come from
// scripts/e2e/setup.sh, which runs first when they are missing (for the newest VS Code only).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./e2e/lib');

const REPO = lib.REPO;
const EXAMPLES = path.join(REPO, 'examples');
// The key the demo emulator accepts: not a secret, and not shaped like an OpenAI key.
const DEMO_KEY = 'emulator-demo-key';

function build() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

function hasDesktopCode() {
  const result = spawnSync('code', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return result.status === 0;
}

/** The Batch API backend: the emulator (default) or, with BATCH_STUDIO_BACKEND=openai, none.
 *  Resolves to { env, emulator? }: env is what the editor's environment gets. */
async function startBackend(tmp) {
  const backend = process.env.BATCH_STUDIO_BACKEND || 'emulator';
  if (backend === 'openai') {
    console.log('Batch API: your account, with your Batch Studio settings and API key (BATCH_STUDIO_BACKEND=openai)');
    return { env: {} };
  }
  if (backend !== 'emulator') throw new Error(`BATCH_STUDIO_BACKEND must be emulator or openai, not ${backend}`);
  const logFile = path.join(tmp, 'emulator.log');
  const emulator = await lib.startEmulator({ apiKey: DEMO_KEY, logFile });
  console.log(`Batch API: emulator at ${emulator.url} (set BATCH_STUDIO_BACKEND=openai to use your real account and key)`);
  console.log(`(emulator log: ${logFile})`);
  return { env: { BATCH_STUDIO_API_BASE_URL: emulator.url, BATCH_STUDIO_API_KEY: DEMO_KEY }, emulator };
}

/** Resolves on Ctrl-C (or SIGTERM, SIGHUP); until the editor runs, exits instead, which stops
 *  whatever was started (lib.js stops its children on exit). */
let editorRunning = false;
const interrupted = new Promise((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      if (editorRunning) resolve();
      else process.exit(130);
    });
  }
});

async function openInDesktopCode(backend) {
  const result = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, EXAMPLES], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    // The new window's extension host inherits this environment (the development overrides).
    env: { ...process.env, ...backend.env },
  });
  if (result.status !== 0) throw new Error(`code exited with ${result.status}`);
  console.log(`Opened ${EXAMPLES} in VS Code with Batch Studio from ${REPO}.`);
  console.log('After `npm run build` (or `npm run watch`), run "Developer: Reload Window" there to load the new code.');
  if (!backend.emulator) return;
  // The window keeps talking to the emulator: keep it running until Ctrl-C.
  console.log('The emulator keeps running for that window; press Ctrl-C to stop it.');
  editorRunning = true;
  const stopped = await Promise.race([interrupted.then(() => true), backend.emulator.exited.then(() => false)]);
  if (!stopped) throw new Error('the emulator stopped unexpectedly');
  console.log('\nstopping the emulator');
}

async function port() {
  if (!process.env.PORT) return lib.freePort(8080); // 8080, or any free port when it is taken
  const wanted = Number(process.env.PORT);
  const got = await lib.freePort(wanted);
  if (got !== wanted) throw new Error(`port ${wanted} (from PORT) is in use`);
  return got;
}

async function serveWithCodeServer(tmp, backend) {
  const codeServer = lib.newestCodeServer;
  lib.ensureTools(console.log, [codeServer]);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extensionsDir);
  fs.symlinkSync(REPO, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  // The extension host inherits code-server's environment, with the development overrides.
  const server = await lib.startCodeServer(tmp, { codeServer, port: await port(), extensionsDir, extraArgs: [EXAMPLES], env: backend.env });
  const url = `http://${server.authority}/?folder=${encodeURIComponent(EXAMPLES)}`;
  console.log('');
  // .ci/run looks for this line, as it is.
  console.log(`Batch Studio is running in code-server: ${url}`);
  console.log(`(code-server ${codeServer.version}, VS Code ${codeServer.vscode})`);
  console.log(`(code-server log: ${server.logFile}; press Ctrl-C to stop)`);

  let stopping = false;
  editorRunning = true;
  void interrupted.then(() => {
    console.log('\nstopping code-server');
    stopping = true;
    server.stop();
  });
  void backend.emulator?.exited.then(() => {
    if (stopping) return;
    console.log('\nthe emulator stopped unexpectedly; stopping code-server');
    server.stop();
  });
  const { code, signal } = await server.exited;
  if (!stopping) console.log(fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-20).join('\n'));
  if (!stopping) throw new Error(`code-server stopped (${signal ?? code})`);
}

async function main() {
  build();
  const choice = process.env.BATCH_STUDIO_START || (hasDesktopCode() ? 'code' : 'code-server');
  if (choice !== 'code' && choice !== 'code-server') throw new Error(`BATCH_STUDIO_START must be code or code-server, not ${choice}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-start-'));
  let backend;
  try {
    backend = await startBackend(tmp);
    if (choice === 'code') await openInDesktopCode(backend);
    else await serveWithCodeServer(tmp, backend);
  } finally {
    const emulator = backend?.emulator;
    if (emulator) {
      emulator.stop();
      await lib.withTimeout(emulator.exited, 5000, 'the emulator did not stop').catch((error) => console.error(`[start] ${error.message}`));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[start] ${error.message}`);
    process.exit(1);
  },
);
