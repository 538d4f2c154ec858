/** The emulator's command line, as `npm run emulator` runs it. */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './harness';

const main = path.join(repoRoot, 'test/out/emulator/main.js');
const launcher = path.join(repoRoot, 'scripts/emulator.js');

/** Starts the emulator and resolves with its first stdout line. */
function start(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, line: out.slice(0, out.indexOf('\n')) });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('emulator command line', () => {
  it('prints exactly "listening on http://127.0.0.1:PORT/v1" and enforces --api-key', async () => {
    const { child, line } = await start(main, ['--port', '0', '--api-key', 'sk-cli', '--speed', '10', '--quiet']);
    try {
      assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const url = line.slice('listening on '.length);
      assert.equal((await fetch(`${url}/batches`, { headers: { authorization: 'Bearer sk-cli' } })).status, 200);
      assert.equal((await fetch(`${url}/batches`, { headers: { authorization: 'Bearer sk-other' } })).status, 401);
    } finally {
      assert.equal(await stop(child), 0, 'exits cleanly on SIGTERM');
    }
  });

  it('builds and starts through scripts/emulator.js, taking options from the environment too', async () => {
    const { child, line } = await start(launcher, ['--port=0'], { BATCH_EMULATOR_API_KEY: 'sk-env', BATCH_EMULATOR_SPEED: '5' });
    try {
      const url = line.slice('listening on '.length);
      assert.equal((await fetch(`${url}/batches`, { headers: { authorization: 'Bearer sk-env' } })).status, 200);
      assert.equal((await fetch(`${url}/batches`, { headers: { authorization: 'Bearer sk-cli' } })).status, 401);
    } finally {
      await stop(child);
    }
  });

  it('documents its options in --help and refuses unknown ones', () => {
    const help = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const option of ['--port', '--api-key', '--speed', 'BATCH_EMULATOR_SPEED', '--nulls', 'fail-', 'emulator_fail', 'emulator_expire'])
      assert.ok(help.stdout.includes(option), option);
    const bad = spawnSync(process.execPath, [main, '--colour', 'blue'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --colour/);
    assert.equal(spawnSync(process.execPath, [main, '--speed', '0'], { encoding: 'utf8' }).status, 2);
    for (const [args, message] of [
      [['--port'], /--port needs a value/],
      [['--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['--nulls=yes'], /--nulls takes no value/],
      [['extra'], /unknown option extra/],
      [['-x'], /unknown option -x/],
    ] as const) {
      const refused = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
      assert.equal(refused.status, 2, args.join(' '));
      assert.match(refused.stderr, message);
      assert.match(refused.stderr, /Run with --help for the options/);
    }
    assert.equal(spawnSync(process.execPath, [main, '-h'], { encoding: 'utf8' }).status, 0);
  });
});
