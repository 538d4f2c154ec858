#!/usr/bin/env node
// `npm start`: builds Batch Studio and opens examples/ in an editor with it loaded.
//
//   - desktop VS Code when `code` is on PATH: a new window with --extensionDevelopmentPath
//   - otherwise code-server on 127.0.0.1 (PORT, default 8080 or the next free port), without
//     authentication, in a throw-away profile; open the printed URL in a browser. Batch Studio
//     is linked (not copied) into a throw-away extensions folder, so after `npm run build`
//     "Developer: Reload Window" picks up the new code. Ctrl-C stops it.
//
// BATCH_STUDIO_START=code|code-server picks the editor instead. The code-server tools come from
// scripts/e2e/setup.sh, which runs first when they are missing.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./e2e/lib');

const REPO = lib.REPO;
const EXAMPLES = path.join(REPO, 'examples');

function build() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

function hasDesktopCode() {
  const result = spawnSync('code', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return result.status === 0;
}

function openInDesktopCode() {
  const result = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, EXAMPLES], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`code exited with ${result.status}`);
  console.log(`Opened ${EXAMPLES} in VS Code with Batch Studio from ${REPO}.`);
  console.log('After `npm run build` (or `npm run watch`), run "Developer: Reload Window" there to load the new code.');
}

async function port() {
  if (!process.env.PORT) return lib.freePort(8080); // 8080, or any free port when it is taken
  const wanted = Number(process.env.PORT);
  const got = await lib.freePort(wanted);
  if (got !== wanted) throw new Error(`port ${wanted} (from PORT) is in use`);
  return got;
}

async function serveWithCodeServer() {
  lib.ensureTools(console.log);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-start-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extensionsDir);
  fs.symlinkSync(REPO, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  const server = await lib.startCodeServer(tmp, { port: await port(), extensionsDir, extraArgs: [EXAMPLES] });
  const url = `http://${server.authority}/?folder=${encodeURIComponent(EXAMPLES)}`;
  console.log('');
  console.log(`Batch Studio is running in code-server: ${url}`);
  console.log(`(code-server log: ${server.logFile}; press Ctrl-C to stop)`);

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.log('\nstopping code-server');
      stopping = true;
      server.stop();
    });
  }
  const { code, signal } = await server.exited;
  if (!stopping) console.log(fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-20).join('\n'));
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!stopping) throw new Error(`code-server stopped unexpectedly (${signal ?? code})`);
}

async function main() {
  build();
  const choice = process.env.BATCH_STUDIO_START || (hasDesktopCode() ? 'code' : 'code-server');
  if (choice === 'code') openInDesktopCode();
  else if (choice === 'code-server') await serveWithCodeServer();
  else throw new Error(`BATCH_STUDIO_START must be code or code-server, not ${choice}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[start] ${error.message}`);
    process.exit(1);
  },
);
