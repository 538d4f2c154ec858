#!/usr/bin/env node
// Runs the end-to-end suite (test/e2e/suite) inside real VS Code builds, on test/e2e/workspace,
// once per VS Code version: the newest and the oldest Batch Studio supports (versions.json), one
// after the other.
//
// What is tested (BATCH_STUDIO_E2E_TARGET):
//   vsix (default)  the package users get: `npm run package` writes batch-studio-<version>.vsix,
//                   which is installed with the editor's own `--install-extension` into the run's
//                   throw-away extensions folder. Nothing is loaded from this checkout: VS Code
//                   runs extension tests only alongside a development extension, so that is an
//                   empty one made in the temporary folder. BATCH_STUDIO_E2E_VSIX=file tests that
//                   package instead of building one.
//   dev             this checkout as the development extension, after `npm run build` (no
//                   packaging; what `npm start` runs).
//
// Two routes, same suite (a mocha `run()` module):
//   code-server  code-server (VS Code server + workbench) opened in headless Chromium by
//                playwright-core, the tests passed through the workbench's smoke-test `payload`.
//                Works offline; tools come from scripts/e2e/setup.sh (run when missing).
//   electron     @vscode/test-electron downloads (or reuses, in .vscode-test/) desktop VS Code of
//                the same versions. Needs network access to update.code.visualstudio.com and a
//                display.
// The route is picked automatically; BATCH_STUDIO_E2E_ROUTE=electron|code-server forces one.
//
// For each version the batch emulator (test/emulator) runs with a fixed test key, fresh: the
// editor gets its URL as BATCH_STUDIO_API_BASE_URL (the development override the explorer reads)
// but not the key, which the suite enters through "Set API Key"; API keys from this environment
// are not passed on.
// Other environment:
//   BATCH_STUDIO_E2E_VSCODE=1.93.1 run on these VS Code versions only (comma-separated; also
//                                  `newest`, `oldest`); default: all in versions.json
//   BATCH_STUDIO_E2E_GREP=text     run only tests whose title contains text
//   BATCH_STUDIO_E2E_FILES=06,09   run only the suite files whose names contain one of these
//                                  (a file named *.own-window.test.ts runs alone in a window of
//                                  its own, after the shared one: what it checks happens once
//                                  per window; one whose source has the line
//                                  `// e2e-window: untrusted` gets a window with workspace trust
//                                  on, its folder not trusted: Restricted Mode)
//   BATCH_STUDIO_E2E_TIMEOUT_MS    limit for one version's run (default 120000)
//   BATCH_STUDIO_SCREENSHOTS=dir   save the screenshots the suite asks for (code-server route,
//                                  newest VS Code only)
//   VERBOSE=1                      also print the workbench's routine log lines
//
// Prints `[e2e] VS Code <version> (...): N passed, N failed` per version, then the total as
// `N passed, N failed` on the last line, and exits non-zero when a test failed or a run did not
// finish.
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
// Each run compiles the suite into its own folder under out/ (inside the repository, so the suite
// finds node_modules) and opens its own copy of the workspace: runs never share what they write.
const WORKSPACE_TEMPLATE = path.join(SUITE_DIR, 'workspace');
const runOut = (tmp) => path.join(SUITE_DIR, 'out', path.basename(tmp));
// tsc mirrors the repository's layout, since the suite imports shared contract types.
const suiteIndex = (tmp) => path.join(runOut(tmp), 'test', 'e2e', 'suite', 'index.js');
const TIMEOUT_MS = Number(process.env.BATCH_STUDIO_E2E_TIMEOUT_MS || 120_000);
const VERBOSE = Boolean(process.env.VERBOSE);
// The emulator's only accepted key: not a secret, and not shaped like an OpenAI key.
const EMULATOR_KEY = 'e2e-test-key';
// A second key the emulator accepts, for the secrets test (suite/21-secrets): shaped like a real
// OpenAI key, made afresh for each run (so no key-shaped string is ever committed, and a copy left
// by an earlier run cannot be mistaken for a leak of this one), and distinctive enough that any
// copy of it is a leak.
const FAKE_KEY = `sk-proj-${require('crypto').randomBytes(24).toString('base64url')}`;
// Fast enough that a few requests finish in about a second and a half; slow enough that a batch
// of 60 requests is still running when the suite cancels it.
const EMULATOR_SPEED = 4;
// The suite's last line; desktop VS Code may prefix what the extension host prints.
const SUMMARY = /\b(\d+) passed, (\d+) failed\s*$/;

const started = Date.now();
const log = (...args) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function target() {
  const value = process.env.BATCH_STUDIO_E2E_TARGET || 'vsix';
  if (value !== 'vsix' && value !== 'dev') throw new Error(`BATCH_STUDIO_E2E_TARGET must be vsix or dev, not ${value}`);
  return value;
}

/** The code-servers (versions.json entries) to run on, in order: newest first. */
function selectedVersions() {
  const wanted = (process.env.BATCH_STUDIO_E2E_VSCODE || 'all')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (wanted.includes('all')) return lib.codeServers;
  const picked = new Set();
  for (const version of wanted) {
    if (version === 'newest') picked.add(lib.newestCodeServer);
    else if (version === 'oldest') picked.add(lib.oldestCodeServer);
    else picked.add(lib.codeServerFor(version));
  }
  return lib.codeServers.filter((cs) => picked.has(cs));
}

function runNpm(script) {
  const result = spawnSync(npm, ['run', script], { cwd: REPO, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}

function manifest() {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
}

/** The .vsix under test, BATCH_STUDIO_E2E_VSIX or the one `npm run package` writes, copied into
 *  `tmp` at once: every version's run installs the same bytes, whatever happens to the file. */
function buildPackage(tmp) {
  let vsix;
  if (process.env.BATCH_STUDIO_E2E_VSIX) {
    vsix = path.resolve(process.env.BATCH_STUDIO_E2E_VSIX);
    if (!fs.existsSync(vsix)) throw new Error(`BATCH_STUDIO_E2E_VSIX: ${vsix} does not exist`);
    log(`package: ${vsix} (BATCH_STUDIO_E2E_VSIX)`);
  } else {
    const { name, version } = manifest();
    vsix = path.join(REPO, `${name}-${version}.vsix`);
    fs.rmSync(vsix, { force: true });
    log('package: npm run package');
    runNpm('package');
    if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${path.relative(REPO, vsix)}`);
    log(`package: ${path.relative(REPO, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB)`);
  }
  const copy = path.join(tmp, path.basename(vsix));
  fs.copyFileSync(vsix, copy);
  return copy;
}

/** VS Code runs extension tests only with a development extension: this one is empty. */
function makeRunnerExtension(dir) {
  const folder = path.join(dir, 'e2e-runner');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify(
      {
        name: 'e2e-runner',
        publisher: 'batch-studio-e2e',
        version: '0.0.0',
        description: 'Empty: lets VS Code load the end-to-end tests, which test the installed Batch Studio.',
        engines: { vscode: '*' },
      },
      null,
      2,
    ),
  );
  return folder;
}

function compileSuite(tmp) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO] });
  const args = [tsc, '-p', path.join(SUITE_DIR, 'tsconfig.json'), '--outDir', runOut(tmp)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the e2e suite does not compile (see above)');
}

/** A fresh copy of test/e2e/workspace for one run: what the explorer tests write (downloads,
 *  retry files, .vscode/settings.json) never reaches the repository or another run. */
function copyWorkspace(dir) {
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(WORKSPACE_TEMPLATE, workspace, { recursive: true });
  return workspace;
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

/** Whether @vscode/test-electron downloaded all these versions earlier (it marks finished ones
 *  is-complete, in folders named after the platform and version). */
function cachedVsCodes(versions) {
  if (!fs.existsSync(VSCODE_CACHE)) return false;
  const complete = fs
    .readdirSync(VSCODE_CACHE)
    .filter((name) => name.startsWith('vscode-') && fs.existsSync(path.join(VSCODE_CACHE, name, 'is-complete')));
  return versions.every((cs) => complete.some((name) => name.endsWith(`-${cs.vscode}`)));
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
async function pickRoute(versions) {
  const forced = process.env.BATCH_STUDIO_E2E_ROUTE;
  if (forced) {
    if (forced !== 'electron' && forced !== 'code-server')
      throw new Error(`BATCH_STUDIO_E2E_ROUTE must be electron or code-server, not ${forced}`);
    if (forced === 'electron' && !hasTestElectron())
      throw new Error('route electron needs the @vscode/test-electron dev dependency (npm ci)');
    return [forced, 'BATCH_STUDIO_E2E_ROUTE'];
  }
  if (!hasTestElectron()) return ['code-server', '@vscode/test-electron is not installed'];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return ['code-server', 'no display for desktop VS Code (run under xvfb-run to use electron)'];
  }
  if (cachedVsCodes(versions)) return ['electron', 'VS Code builds in .vscode-test/'];
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

/** Suite files that run alone in a fresh window (their name says so). */
const OWN_WINDOW = /\.own-window\.test\.js$/;
/** The line in an own-window file's source that asks for its folder not to be trusted. */
const UNTRUSTED = /^\/\/ e2e-window: untrusted$/m;

/** Whether a compiled suite file's source asks for an untrusted window (Restricted Mode). */
function wantsUntrusted(name) {
  const source = path.join(SUITE_DIR, 'suite', name.replace(/\.js$/, '.ts'));
  return fs.existsSync(source) && UNTRUSTED.test(fs.readFileSync(source, 'utf8'));
}

/** The windows to run the compiled suite in, each with the suite files it runs (the names
 *  BATCH_STUDIO_E2E_FILES selects, as suite/index.ts selects them): one for all the files that
 *  share a window, in name order, then one per own-window file. */
function suiteWindows(tmp) {
  const only = (process.env.BATCH_STUDIO_E2E_FILES ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const files = fs
    .readdirSync(path.dirname(suiteIndex(tmp)))
    .filter((name) => name.endsWith('.test.js') && (only.length === 0 || only.some((part) => name.includes(part))))
    .sort();
  if (files.length === 0) throw new Error(`no e2e suite file matches BATCH_STUDIO_E2E_FILES=${process.env.BATCH_STUDIO_E2E_FILES}`);
  const shared = files.filter((name) => !OWN_WINDOW.test(name));
  const misplaced = shared.filter(wantsUntrusted);
  if (misplaced.length > 0) throw new Error(`only an *.own-window.test.ts file can ask for an untrusted window: ${misplaced.join(', ')}`);
  return [
    ...(shared.length > 0 ? [{ name: '', files: shared }] : []),
    // Named short (its number): code-server's sockets live in the window's folder, and a socket's
    // path may not be longer than 107 characters.
    ...files
      .filter((name) => OWN_WINDOW.test(name))
      .map((name, i) => ({ name: /^\d+/.exec(name)?.[0] ?? `own-${i + 1}`, files: [name], untrusted: wantsUntrusted(name) })),
  ];
}

/** What the editor's environment gets (and loses) for the suite. */
function suiteEnv(run, emulator, screenshots) {
  const env = {
    BATCH_STUDIO_E2E_GREP: process.env.BATCH_STUDIO_E2E_GREP ?? '',
    // The window's files by their whole names.
    BATCH_STUDIO_E2E_FILES: run.window.files.join(','),
    BATCH_STUDIO_SCREENSHOTS: screenshots,
    BATCH_STUDIO_API_BASE_URL: emulator.url,
    // For the suite only (the extension does not read them): the key to enter, and to create
    // batches with directly; what is under test and where it must come from.
    BATCH_STUDIO_E2E_EMULATOR_KEY: EMULATOR_KEY,
    BATCH_STUDIO_E2E_FAKE_KEY: FAKE_KEY,
    // Where the window's profile (settings, logs) is: the secrets test searches it.
    BATCH_STUDIO_E2E_RUN_DIR: run.dir,
    BATCH_STUDIO_E2E_TARGET: run.target,
    BATCH_STUDIO_E2E_EXTENSIONS_DIR: run.extensionsDir,
    BATCH_STUDIO_E2E_REPO: REPO,
    BATCH_STUDIO_E2E_VSCODE: run.codeServer.vscode,
  };
  for (const name of lib.REAL_KEY_VARIABLES) env[name] = undefined;
  return env;
}

async function runElectron(run, watcher, emulator) {
  // runTests always passes --disable-workspace-trust, which no later argument can undo.
  if (run.window.untrusted)
    throw new Error(
      `${run.window.files[0]} needs an untrusted window, which only the code-server route opens (BATCH_STUDIO_E2E_ROUTE=code-server)`,
    );
  const testElectron = require(require.resolve('@vscode/test-electron', { paths: [REPO] }));
  if (process.env.BATCH_STUDIO_SCREENSHOTS) log('note: screenshots are taken on the code-server route only; none will be saved');
  const userData = lib.makeUserDataDir(run.dir);
  const vscodeExecutablePath = await testElectron.downloadAndUnzipVSCode({ version: run.codeServer.vscode, cachePath: VSCODE_CACHE });
  if (run.vsix) {
    const cli = testElectron.resolveCliPathFromVSCodeExecutablePath(vscodeExecutablePath);
    const args = ['--user-data-dir', userData, '--extensions-dir', run.extensionsDir, '--install-extension', run.vsix];
    const installed = spawnSync(cli, args, { encoding: 'utf8', shell: process.platform === 'win32' });
    if (installed.status !== 0)
      throw new Error(`VS Code ${run.codeServer.vscode} --install-extension failed:\n${installed.stdout}${installed.stderr}`);
    log(`installed ${path.basename(run.vsix)} into ${run.extensionsDir}`);
  }
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
      testElectron
        .runTests({
          vscodeExecutablePath,
          extensionDevelopmentPath: run.developmentPath,
          extensionTestsPath: run.suiteIndex,
          extensionTestsEnv: suiteEnv(run, emulator, ''), // undefined removes a variable
          launchArgs: [
            run.workspace,
            // dev: other installed extensions stay off (built-in ones, like JSON Lines, stay on);
            // vsix: the run's extensions folder holds only the package under test.
            ...(run.vsix ? [] : ['--disable-extensions']),
            '--user-data-dir',
            userData,
            '--extensions-dir',
            run.extensionsDir,
          ],
        })
        .then(
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
    'ENOTFOUND',
    'authentication provider',
    'Creating a socket',
    'connection token',
    'grace-time',
    'builtin extensions cache',
    'Service Worker',
    'AgentHost',
    'AccountPolicyGate',
    'ChatModelSelection',
    'workbench contribution',
    '^Canceled',
    'Started local extension host',
    'Extension host \\(Remote\\)',
  ].join('|'),
);

async function runCodeServer(run, watcher, emulator) {
  // Screenshots (docs/media) show the newest VS Code only; older ones would overwrite them.
  const wantShots = process.env.BATCH_STUDIO_SCREENSHOTS && run.codeServer === lib.newestCodeServer;
  const screenshots = wantShots ? path.resolve(process.env.BATCH_STUDIO_SCREENSHOTS) : '';
  if (screenshots) fs.mkdirSync(screenshots, { recursive: true });

  if (run.vsix) {
    const output = await lib.installExtension(run.dir, run.vsix, run.extensionsDir, { codeServer: run.codeServer });
    log(`installed ${path.basename(run.vsix)} into ${run.extensionsDir}${VERBOSE ? `: ${output}` : ''}`);
  }
  // Without the smoke-test driver the workbench ignores extensionTestsPath in the payload.
  const smokeTest = lib.smokeTestDriver(run.codeServer);
  const server = await lib.startCodeServer(run.dir, {
    codeServer: run.codeServer,
    extensionsDir: run.extensionsDir,
    nodeArgs: smokeTest.nodeArgs,
    extraArgs: smokeTest.args,
    workspaceTrust: Boolean(run.window.untrusted),
    // Inherited by the extension host, where the suite and the extension read them.
    env: suiteEnv(run, emulator, screenshots),
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
    // `hover`: a CSS selector to rest the mouse on first, and the hover it opens to wait for (the
    // language status item shows its text only in its hover).
    const takeScreenshot = (name, hover) => {
      shots = shots.then(async () => {
        const file = path.join(screenshots, `${name}.png`);
        try {
          if (hover) {
            await page.hover(hover.target, { timeout: 5000 });
            await page.waitForSelector(hover.shows, { state: 'visible', timeout: 5000 });
          }
          // Let the renderer paint what the last messages changed before capturing it.
          // eslint-disable-next-line no-undef -- this function runs in the browser page, where requestAnimationFrame is a global
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
      const request = /^SCREENSHOT ([\w.-]+)(?: hover=(\S+) shows=(\S+))?$/.exec(text.trim());
      if (request) {
        if (screenshots) takeScreenshot(request[1], request[2] ? { target: request[2], shows: request[3] } : undefined);
        return;
      }
      if (VERBOSE || !ROUTINE.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));

    const remote = (file) => `vscode-remote://${server.authority}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(run.developmentPath)],
      ['extensionTestsPath', remote(run.suiteIndex)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    await page.goto(`http://${server.authority}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(payload)}`);
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

/** The files under `dir` holding any of `secrets` (as UTF-8 or UTF-16 text), and how many files
 *  and bytes were searched. The installed extensions are left out: they are read, not written. */
function filesHoldingSecrets(dir, secrets) {
  const needles = secrets.flatMap((secret) => [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')]);
  const result = { hits: [], files: 0, bytes: 0 };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!entry.isFile() || path.relative(dir, file).startsWith(`extensions${path.sep}`)) continue;
    let content;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue; // gone meanwhile (a lock file, a socket's companion)
    }
    result.files++;
    result.bytes += content.length;
    if (needles.some((needle) => content.includes(needle))) result.hits.push(path.relative(dir, file));
  }
  return result;
}

/** One run of the suite on one VS Code version in one window (suiteWindows), with its own
 *  profile, extensions folder, workspace copy and emulator. Resolves to { code, summary, dir }. */
async function runOnce(route, codeServer, tmp, extension, window) {
  const dir = path.join(tmp, `vscode-${codeServer.vscode}${window.name ? `-${window.name}` : ''}`);
  fs.mkdirSync(dir, { recursive: true });
  const run = {
    window,
    codeServer,
    dir,
    target: extension.target,
    vsix: extension.vsix,
    extensionsDir: path.join(dir, 'extensions'),
    developmentPath: extension.vsix ? makeRunnerExtension(dir) : REPO,
    suiteIndex: suiteIndex(tmp),
    workspace: copyWorkspace(dir),
  };
  fs.mkdirSync(run.extensionsDir, { recursive: true });
  const watcher = summaryWatcher();
  const emulatorLog = path.join(dir, 'emulator.log');
  const emulator = await lib.startEmulator({ apiKey: [EMULATOR_KEY, FAKE_KEY], speed: EMULATOR_SPEED, logFile: emulatorLog });
  log(`VS Code ${codeServer.vscode}: emulator ${emulator.url} (log: ${emulatorLog})`);
  let code;
  try {
    code = route === 'electron' ? await runElectron(run, watcher, emulator) : await runCodeServer(run, watcher, emulator);
  } catch (error) {
    log(`VS Code ${codeServer.vscode}: ${error.message}`);
    code = 1;
  } finally {
    emulator.stop();
    await lib.withTimeout(emulator.exited, 5000, 'the emulator did not stop').catch((error) => log(error.message));
  }
  let summary = watcher.summary;
  // Nothing the run wrote (profile, settings, logs, workspace copy, editor and emulator logs) may
  // hold an API key the suite used: a copy counts as a failed test.
  const leaks = filesHoldingSecrets(dir, [EMULATOR_KEY, FAKE_KEY]);
  log(
    `VS Code ${codeServer.vscode}: secrets sweep of ${leaks.files} files (${(leaks.bytes / 1e6).toFixed(1)} MB): ${leaks.hits.length} hold an API key`,
  );
  if (leaks.hits.length > 0) {
    for (const hit of leaks.hits) log(`  API key found in ${hit}`);
    if (summary) summary = { ...summary, failed: summary.failed + 1 };
    code = code || 1;
  }
  if (!summary) {
    log(`VS Code ${codeServer.vscode}: the suite did not report a result`);
    code = code || 1;
  } else if (summary.failed > 0 || summary.passed === 0) {
    code = code || 1;
  }
  return { code, summary, dir };
}

async function main() {
  // Exiting runs the 'exit' handlers that stop code-server's process group (see lib.js).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));
  const versions = selectedVersions();
  const extensionTarget = target();
  const [route, reason] = await pickRoute(versions);
  log(`route: ${route} (${reason}); target: ${extensionTarget}; VS Code ${versions.map((cs) => cs.vscode).join(', ')}`);
  if (route === 'code-server') lib.ensureTools(log, versions);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-e2e-'));
  let vsix;
  try {
    if (extensionTarget === 'vsix') vsix = buildPackage(tmp);
    else runNpm('build');
    compileSuite(tmp);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }

  const windows = suiteWindows(tmp);
  const results = [];
  for (const codeServer of versions) {
    const runStarted = Date.now();
    // A version's result: its windows' together, and how many of them reported nothing.
    const result = { code: 0, summary: undefined, unreported: 0 };
    for (const window of windows) {
      if (window.name)
        log(
          `VS Code ${codeServer.vscode}: a window of its own for ${window.files[0]}${window.untrusted ? ', its folder not trusted (Restricted Mode)' : ''}`,
        );
      const run = await runOnce(route, codeServer, tmp, { target: extensionTarget, vsix }, window);
      if (run.code !== 0) log(`VS Code ${codeServer.vscode}: kept logs and profile in ${run.dir}`);
      result.code ||= run.code;
      if (!run.summary) result.unreported++;
      else
        result.summary = {
          passed: (result.summary?.passed ?? 0) + run.summary.passed,
          failed: (result.summary?.failed ?? 0) + run.summary.failed,
        };
    }
    results.push({ codeServer, seconds: (Date.now() - runStarted) / 1000, ...result });
  }
  fs.rmSync(runOut(tmp), { recursive: true, force: true });

  const editor = (cs) => (route === 'code-server' ? `code-server ${cs.version}` : 'desktop');
  let passed = 0;
  let failed = 0;
  for (const { codeServer, summary, unreported, code, seconds } of results) {
    passed += summary?.passed ?? 0;
    failed += summary?.failed ?? 0;
    const outcome =
      (summary ? `${summary.passed} passed, ${summary.failed} failed` : 'no result') +
      (summary && unreported > 0 ? ` (${unreported} window${unreported === 1 ? '' : 's'} reported nothing)` : '');
    console.log(
      `[e2e] VS Code ${codeServer.vscode} (${editor(codeServer)}, ${extensionTarget}): ${outcome}${code !== 0 && summary && !summary.failed ? ` (exit code ${code})` : ''} in ${seconds.toFixed(0)} s`,
    );
  }
  const code = results.every((r) => r.code === 0) ? 0 : 1;
  if (code === 0) fs.rmSync(tmp, { recursive: true, force: true });
  // A window that reported nothing counts as a failure in the total, so that it never reads as green.
  const unreported = results.reduce((sum, r) => sum + r.unreported, 0);
  console.log(`${passed} passed, ${failed + unreported} failed`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error.message}`);
    process.exit(2);
  },
);
