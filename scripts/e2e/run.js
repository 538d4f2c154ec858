#!/usr/bin/env node
// Runs the end-to-end suite (test/e2e/suite) inside a real VS Code with Batch Studio loaded from
// this checkout, on test/e2e/workspace. Two routes, same suite (a mocha `run()` module):
//
//   electron     @vscode/test-electron downloads (or reuses, in .vscode-test/) desktop VS Code.
//                Needs network access to update.code.visualstudio.com and a display.
//   code-server  code-server (VS Code 1.139 server + workbench) opened in headless Chromium by
//                playwright-core, the tests passed through the workbench's smoke-test `payload`.
//                Works offline; tools come from scripts/e2e/setup.sh (run when missing).
//
// The route is picked automatically; BATCH_STUDIO_E2E_ROUTE=electron|code-server forces one.
// Either way the batch emulator (test/emulator) runs for the duration of the suite with a fixed
// test key: the editor gets its URL as BATCH_STUDIO_API_BASE_URL (the development override the
// explorer reads) but not the key, which the suite enters through "Set API Key"; API keys from
// this environment are not passed on.
// Other environment:
//   BATCH_STUDIO_SCREENSHOTS=dir   save the screenshots the suite asks for (code-server route)
//   BATCH_STUDIO_E2E_GREP=text     run only tests whose title contains text
//   BATCH_STUDIO_E2E_TIMEOUT_MS    whole-run limit (default 120000)
//   VERBOSE=1                      also print the workbench's routine log lines
//
// Expects the extension to be built (npm run build). Compiles the suite, prints
// `N passed, N failed` and exits non-zero when a test failed or the run did not finish.
'use strict';
const { spawnSync } = require('child_process');
const dns = require('dns');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const lib = require('./lib');

const REPO = lib.REPO;
const SUITE_DIR = path.join(REPO, 'test', 'e2e');
// tsc mirrors the repository's layout under out/, since the suite imports shared contract types.
const SUITE_INDEX = path.join(SUITE_DIR, 'out', 'test', 'e2e', 'suite', 'index.js');
const WORKSPACE = path.join(SUITE_DIR, 'workspace');
const EXTENSION_MAIN = path.join(REPO, 'client', 'out', 'extension.js');
const TIMEOUT_MS = Number(process.env.BATCH_STUDIO_E2E_TIMEOUT_MS || 120_000);
const VERBOSE = Boolean(process.env.VERBOSE);
// The emulator's only accepted key: not a secret, and not shaped like an OpenAI key.
const EMULATOR_KEY = 'e2e-test-key';
// Fast enough that a few requests finish in about a second and a half; slow enough that a batch
// of 60 requests is still running when the suite cancels it.
const EMULATOR_SPEED = 4;
// The suite's last line; desktop VS Code may prefix what the extension host prints.
const SUMMARY = /\b(\d+) passed, (\d+) failed\s*$/;

const started = Date.now();
const log = (...args) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

function compileSuite() {
  fs.rmSync(path.join(SUITE_DIR, 'out'), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(SUITE_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the e2e suite does not compile (see above)');
}

/** What the explorer tests write into the workspace (see workspace/.gitignore): left behind only
 *  by an aborted run, and removed before the next one so the editor never sees it. */
function cleanWorkspace() {
  fs.rmSync(path.join(WORKSPACE, '.vscode'), { recursive: true, force: true });
  const explorer = path.join(WORKSPACE, 'explorer');
  for (const name of fs.existsSync(explorer) ? fs.readdirSync(explorer) : []) {
    if (/\.(output|errors|retry)\.jsonl$|^generated-.*\.jsonl$|^\..*\.part$/.test(name)) fs.rmSync(path.join(explorer, name), { force: true });
  }
}

function hasTestElectron() {
  try {
    require.resolve('@vscode/test-electron', { paths: [REPO] });
    return true;
  } catch {
    return false;
  }
}

const VSCODE_CACHE = path.join(REPO, '.vscode-test');

/** A VS Code build @vscode/test-electron downloaded earlier (it marks finished ones is-complete). */
function cachedVsCode() {
  if (!fs.existsSync(VSCODE_CACHE)) return undefined;
  return fs
    .readdirSync(VSCODE_CACHE)
    .find((name) => name.startsWith('vscode-') && fs.existsSync(path.join(VSCODE_CACHE, name, 'is-complete')));
}

async function canDownloadVsCode() {
  try {
    await lib.withTimeout(dns.promises.lookup('update.code.visualstudio.com'), 3000, 'DNS timeout');
    return true;
  } catch {
    return false;
  }
}

/** Returns [route, reason]. */
async function pickRoute() {
  const forced = process.env.BATCH_STUDIO_E2E_ROUTE;
  if (forced) {
    if (forced !== 'electron' && forced !== 'code-server') throw new Error(`BATCH_STUDIO_E2E_ROUTE must be electron or code-server, not ${forced}`);
    if (forced === 'electron' && !hasTestElectron()) throw new Error('route electron needs the @vscode/test-electron dev dependency (npm ci)');
    return [forced, 'BATCH_STUDIO_E2E_ROUTE'];
  }
  if (!hasTestElectron()) return ['code-server', '@vscode/test-electron is not installed'];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return ['code-server', 'no display for desktop VS Code (run under xvfb-run to use electron)'];
  }
  const cached = cachedVsCode();
  if (cached) return ['electron', `VS Code build in .vscode-test/${cached}`];
  if (await canDownloadVsCode()) return ['electron', 'update.code.visualstudio.com is reachable'];
  return ['code-server', 'cannot reach update.code.visualstudio.com to download VS Code'];
}

/** Collects the suite's `N passed, N failed` line from the output it passes through. */
function summaryWatcher() {
  let summary;
  return {
    see(line) {
      const match = SUMMARY.exec(line);
      if (match) summary = { passed: Number(match[1]), failed: Number(match[2]), line: match[0].trim() };
    },
    get summary() {
      return summary;
    },
  };
}

/** What the editor's environment gets (and loses) for the suite. */
function suiteEnv(emulator, screenshots) {
  const env = {
    BATCH_STUDIO_E2E_GREP: process.env.BATCH_STUDIO_E2E_GREP ?? '',
    BATCH_STUDIO_SCREENSHOTS: screenshots,
    BATCH_STUDIO_API_BASE_URL: emulator.url,
    // For the suite only (the extension does not read it): the key to enter, and to create
    // batches with directly.
    BATCH_STUDIO_E2E_EMULATOR_KEY: EMULATOR_KEY,
  };
  for (const name of lib.REAL_KEY_VARIABLES) env[name] = undefined;
  return env;
}

async function runElectron(watcher, tmp, emulator) {
  const { runTests } = require(require.resolve('@vscode/test-electron', { paths: [REPO] }));
  if (process.env.BATCH_STUDIO_SCREENSHOTS) log('note: screenshots are taken on the code-server route only; none will be saved');
  const userData = lib.makeUserDataDir(tmp);
  // Tee VS Code's output (which test-electron writes to our stdout) to find the summary line.
  const write = process.stdout.write.bind(process.stdout);
  let pending = '';
  process.stdout.write = (chunk, ...rest) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    lines.forEach((line) => watcher.see(line));
    return write(chunk, ...rest);
  };
  try {
    return await lib.withTimeout(
      runTests({
        cachePath: VSCODE_CACHE,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: SUITE_INDEX,
        extensionTestsEnv: suiteEnv(emulator, ''), // undefined removes a variable
        launchArgs: [
          WORKSPACE,
          '--disable-extensions', // other installed extensions; built-in ones (like JSON Lines) stay
          '--user-data-dir', userData,
          '--extensions-dir', path.join(tmp, 'extensions'),
        ],
      }).then(
        (code) => code,
        (error) => {
          log(String(error?.message ?? error));
          return typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
        },
      ),
      TIMEOUT_MS + 300_000, // the first run downloads VS Code
      'desktop VS Code did not finish the tests in time',
    );
  } finally {
    process.stdout.write = write;
  }
}

/** Lines the workbench logs on every offline run; shown only with VERBOSE=1. */
const ROUTINE = new RegExp(
  [
    'ENOTFOUND', 'authentication provider', 'Creating a socket', 'connection token', 'grace-time',
    'builtin extensions cache', 'Service Worker', 'AgentHost', 'AccountPolicyGate', 'ChatModelSelection',
    'workbench contribution', '^Canceled', 'Started local extension host', 'Extension host \\(Remote\\)',
  ].join('|'),
);

async function runCodeServer(watcher, tmp, emulator) {
  lib.ensureTools(log);
  const screenshots = process.env.BATCH_STUDIO_SCREENSHOTS ? path.resolve(process.env.BATCH_STUDIO_SCREENSHOTS) : '';
  if (screenshots) fs.mkdirSync(screenshots, { recursive: true });

  const server = await lib.startCodeServer(tmp, {
    // Without this option the workbench ignores extensionTestsPath in the payload.
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    // Inherited by the extension host, where the suite and the extension read them.
    env: suiteEnv(emulator, screenshots),
    onLine: (line) => VERBOSE && console.log(`  [code-server] ${line}`),
  });
  log(`code-server ${server.authority} (log: ${server.logFile})`);
  let browser;
  try {
    browser = await lib.launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    page.on('crash', () => finish({ error: 'the browser page crashed' }));
    server.exited.then(({ code, signal }) => finish({ error: `code-server exited (${signal ?? code})` }));

    // Screenshot requests from the suite: `SCREENSHOT <name>` -> <dir>/<name>.png, written under a
    // temporary name and renamed, so the suite never reads half a file; on failure the reason goes
    // to <dir>/<name>.error, which the suite reports instead of waiting in vain.
    let shots = Promise.resolve();
    const takeScreenshot = (name) => {
      shots = shots.then(async () => {
        const file = path.join(screenshots, `${name}.png`);
        try {
          // Let the renderer paint what the last messages changed before capturing it.
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          fs.writeFileSync(`${file}.partial`, await page.screenshot({ type: 'png' }));
          fs.renameSync(`${file}.partial`, file);
          log(`screenshot ${file}`);
        } catch (error) {
          fs.writeFileSync(path.join(screenshots, `${name}.error`), String(error?.message ?? error));
          log(`screenshot ${name} failed: ${error?.message ?? error}`);
        }
      });
    };

    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = util.format(...args);
      for (const line of text.split('\n')) watcher.see(line);
      const request = /^SCREENSHOT ([\w.-]+)$/.exec(text.trim());
      if (request) {
        if (screenshots) takeScreenshot(request[1]);
        return;
      }
      if (VERBOSE || !ROUTINE.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));

    const remote = (file) => `vscode-remote://${server.authority}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(SUITE_INDEX)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    await page.goto(`http://${server.authority}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(payload)}`);
    log('workbench loaded, running the suite');

    let result;
    try {
      result = await lib.withTimeout(finished, TIMEOUT_MS, `the suite did not finish within ${TIMEOUT_MS} ms`);
    } catch (error) {
      result = { error: error.message };
    }
    await shots;
    if (result.error) {
      log(`error: ${result.error}; last lines of ${server.logFile}:`);
      console.log(fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n'));
      return 1;
    }
    return result.code;
  } finally {
    await browser?.close().catch(() => {});
    server.stop();
    await lib.withTimeout(server.exited, 10_000, 'code-server did not stop').catch((error) => log(error.message));
  }
}

async function main() {
  // Exiting runs the 'exit' handlers that stop code-server's process group (see lib.js).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));
  if (!fs.existsSync(EXTENSION_MAIN)) throw new Error(`${path.relative(REPO, EXTENSION_MAIN)} is missing: run npm run build first`);
  compileSuite();
  cleanWorkspace();
  const [route, reason] = await pickRoute();
  log(`route: ${route} (${reason})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-e2e-'));
  const watcher = summaryWatcher();
  const emulator = await lib.startEmulator({ apiKey: EMULATOR_KEY, speed: EMULATOR_SPEED, logFile: path.join(tmp, 'emulator.log') });
  log(`emulator ${emulator.url} (log: ${path.join(tmp, 'emulator.log')})`);
  let code;
  try {
    code = route === 'electron' ? await runElectron(watcher, tmp, emulator) : await runCodeServer(watcher, tmp, emulator);
  } finally {
    emulator.stop();
    await lib.withTimeout(emulator.exited, 5000, 'the emulator did not stop').catch((error) => log(error.message));
  }

  const summary = watcher.summary;
  if (!summary) {
    log('the suite did not report a result');
    code = code || 1;
  } else if (summary.failed > 0 || summary.passed === 0) {
    code = code || 1;
  }
  if (code === 0) fs.rmSync(tmp, { recursive: true, force: true });
  else log(`kept logs and profile in ${tmp}`);
  log(`${route}: ${summary ? summary.line : 'no result'}; exit code ${code}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error.message}`);
    process.exit(2);
  },
);
