/** `npm run bench`, whole processes: what validating a ~60 MB batch file from disk (over VS Code's
 *  50 MB, so the editor cannot sync it) adds to the language server's peak RSS, against what
 *  `cli.js lint` of the same file adds to the CLI's, in the same run, alternating. Each is a
 *  process's VmHWM after minus before: the server's read from /proc/<pid>/status once it is ready
 *  and idle (a 1-line file validated) and again when the file is validated; the CLI's is its peak
 *  on the file minus its peak on the 1-line file. Measured on one thread (whether workers take
 *  ranges depends on how busy the machine is) and with the default workers. */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiskFilesNotification, ValidateFileRequest } from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { requestLine } from '../helpers/requests';
import { type BenchFolder, CLI, mb, writeChatFile } from './processRuns';

const REQUESTS = 50_000;
/** Characters of a request line: a ~62 MB file. */
const LINE_CHARS = 1_100;
const ROUNDS = 3;
/** "Costs no more memory than the CLI does on the same file": the server's increase over the
 *  CLI's, on one thread (the protocol test allows the same 15% for the machine's noise). */
const TARGET_RATIO = 1.15;

const SETUPS: { label: string; env: Record<string, string>; hasTarget: boolean }[] = [
  { label: 'one thread', env: { BATCH_STUDIO_WORKERS: '0' }, hasTarget: true },
  { label: 'default workers', env: {}, hasTarget: false },
];

function peakOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s*(\d+)/.exec(status)?.[1]) * 1024;
}

/** A fresh server with `env` (it inherits this process's environment). */
async function startServer(env: Record<string, string>): Promise<TestClient> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const client = await TestClient.start({
      settings: { validation: { delayMs: 0 } },
      capabilities: { window: { workDoneProgress: true } },
    });
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    return client;
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** The server's peak RSS ready and idle, and once it has validated `file` from disk: read when
 *  the run's work-done progress ends, just before its diagnostics go out and its tokens are
 *  counted (loading the tokenizer is not the read's). */
async function serverPeaks(file: string, small: string, env: Record<string, string>): Promise<{ idle: number; validated: number }> {
  const client = await startServer(env);
  try {
    const pid = client.pid;
    if (pid === undefined) throw new Error('the server has no process id');
    await client.connection.sendRequest(ValidateFileRequest.type, { uri: pathToFileURL(small).href });
    const idle = peakOf(pid);
    let validated: number | undefined;
    client.connection.onNotification('$/progress', ({ value }: { value?: { kind?: string } }) => {
      if (value?.kind === 'end' && validated === undefined) validated = peakOf(pid);
    });
    const uri = pathToFileURL(file).href;
    void client.connection.sendNotification(DiskFilesNotification.type, { kind: 'open', uris: [uri] });
    const status = await client.waitForStatus(uri, undefined, 120_000);
    if (status.requests !== REQUESTS || status.errors !== 0)
      throw new Error(`the server found ${status.requests} requests, ${status.errors} errors`);
    if (validated === undefined) throw new Error('the server validated the file without work-done progress');
    return { idle, validated };
  } finally {
    await client.stop();
  }
}

/** The rows for the whole-process table, and the targets missed. */
export async function diskMemoryBench(folder: BenchFolder): Promise<{ rows: [string, string][]; missed: string[] }> {
  const file = folder.file('60mb-batch.jsonl');
  const size = writeChatFile(file, LINE_CHARS, REQUESTS);
  const small = folder.file('one-batch.jsonl');
  fs.writeFileSync(
    small,
    requestLine('a', '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }) + '\n',
  );
  const rows: [string, string][] = [];
  const missed: string[] = [];
  for (const { label, env, hasTarget } of SETUPS) {
    let server = 0;
    let serverPeak = 0;
    const cli = { big: 0, small: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const peaks = await serverPeaks(file, small, env);
      server = Math.max(server, peaks.validated - peaks.idle);
      serverPeak = Math.max(serverPeak, peaks.validated);
      for (const [name, linted] of [
        ['big', file],
        ['small', small],
      ] as const) {
        const run = folder.measure([CLI, 'lint', linted], env);
        if (run.code !== 0) throw new Error(`the CLI exited ${run.code} on ${linted}, a valid file`);
        cli[name] = Math.max(cli[name], run.peakBytes);
      }
    }
    const cliAdded = cli.big - cli.small;
    const ratio = server / cliAdded;
    rows.push(
      [
        `server validating ${mb(size)} from disk, ${label}: peak RSS added (highest of ${ROUNDS})`,
        `${mb(server)}  (${mb(serverPeak)} at its peak)`,
      ],
      [`  CLI lint of the same file: peak RSS added`, `${mb(cliAdded)}  (${mb(cli.big)} at its peak; on a 1-line file ${mb(cli.small)})`],
      [`  server / CLI, peak RSS added`, `${ratio.toFixed(2)}x${hasTarget ? `  (target <= ${TARGET_RATIO}x)` : ''}`],
    );
    if (hasTarget && ratio > TARGET_RATIO) missed.push(`server memory validating ${mb(size)} from disk`);
  }
  fs.rmSync(file, { force: true });
  return { rows, missed };
}
