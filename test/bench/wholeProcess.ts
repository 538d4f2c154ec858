/** `npm run bench`, whole processes: the CLI on generated ~75 MB and ~190 MB files next to a plain
 *  Node process that reads the file and JSON.parses every line (measured in the same run,
 *  alternating), the CLI on a 3-line file next to Node's own start-up, and the language server
 *  from spawn to its first diagnostics. Wall time from spawn to exit; peak RSS is the process's
 *  VmHWM (read from /proc/self/status as it exits, by a preloaded probe; the maximum resident set
 *  size getrusage reports elsewhere). The files are written under test/out/bench and removed. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from '../helpers/lspClient';
import { chatLineOfSize, seededRandom } from '../helpers/requests';

/** This file runs from test/out/bench. */
const root = path.resolve(__dirname, '../../..');
const CLI = path.join(root, 'server/out/cli.js');
const FILES = path.join(root, 'test/out/bench/files');
const PROBE = path.join(FILES, 'peak-rss.cjs');

const REQUESTS = 50_000;
const ROUNDS = 3;
const SMALL_ROUNDS = 7;
/** Targets: the CLI no slower than the plain JSON.parse process on each file, a 3-line file
 *  within 150 ms, and at most half the larger file's size in memory. */
const TARGET_CLI_RATIO = 1;
const TARGET_SMALL_MS = 150;
const TARGET_RSS_SHARE = 0.5;

/** The plain way: read the whole file, split it into lines, JSON.parse each. */
const BASELINE = `const text = require('fs').readFileSync(process.argv[1], 'utf8');
let lines = 0;
for (const line of text.split(/\\r\\n|\\r|\\n/)) if (line !== '') { JSON.parse(line); lines++; }
if (lines === 0) process.exit(3);`;

interface Run {
  ms: number;
  peakBytes: number;
  code: number | null;
}

function writeProbe(): void {
  fs.writeFileSync(
    PROBE,
    `process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  require('fs').writeSync(2, '\\n@@peak-rss-kb ' + kb + '\\n');
});\n`,
  );
}

/** One `node ...args` process: wall time from spawn to exit, and its peak RSS. */
function measure(args: string[]): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', PROBE, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kb = /@@peak-rss-kb (\d+)/.exec(result.stderr ?? '')?.[1];
  if (kb === undefined) throw new Error(`no peak RSS from node ${args.join(' ')}: ${result.stderr}`);
  return { ms, peakBytes: Number(kb) * 1024, code: result.status };
}

/** `rounds` runs of each command, alternating so all see the same machine; the best time of each,
 *  and the highest peak RSS. */
function alternate(commands: Record<string, string[]>, rounds: number): Record<string, Run> {
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) for (const [name, args] of Object.entries(commands)) runs[name].push(measure(args));
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      { ms: Math.min(...list.map((r) => r.ms)), peakBytes: Math.max(...list.map((r) => r.peakBytes)), code: list[0].code },
    ]),
  );
}

/** A chat batch file of 50,000 requests of about `lineBytes` each, written as it is made. */
function writeChatFile(file: string, lineBytes: number): number {
  const random = seededRandom(42);
  const out = fs.openSync(file, 'w');
  try {
    let lines: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      lines.push(chatLineOfSize(`request-${i + 1}`, lineBytes, random));
      if (lines.length === 1000) {
        fs.writeSync(out, lines.join('\n') + '\n');
        lines = [];
      }
    }
  } finally {
    fs.closeSync(out);
  }
  return fs.statSync(file).size;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Spawn -> initialize -> didOpen -> the first publishDiagnostics, as an editor opening a file sees it. */
async function serverColdStart(text: string): Promise<number> {
  const started = process.hrtime.bigint();
  const client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
  try {
    const uri = 'file:///bench/cold.jsonl';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, undefined, 120_000);
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    await client.stop();
  }
}

/** Prints the section and returns the targets it missed. `text` is the 75 MB file's text. */
export async function wholeProcessBench(text: string): Promise<string[]> {
  fs.mkdirSync(FILES, { recursive: true });
  writeProbe();
  const missed: string[] = [];
  const rows: [string, string][] = [];
  try {
    const small = path.join(FILES, 'small.jsonl');
    fs.writeFileSync(small, text.split('\n').slice(0, 3).join('\n') + '\n');
    const startUp = alternate({ node: ['-e', '0'], cli: [CLI, 'lint', small] }, SMALL_ROUNDS);
    if (startUp.cli.code !== 0) throw new Error('the CLI should find the 3-line file valid');
    rows.push([
      `CLI on a 3-line file (best of ${SMALL_ROUNDS})`,
      `${seconds(startUp.cli.ms)}, peak RSS ${mb(startUp.cli.peakBytes)}  (node -e 0: ${seconds(startUp.node.ms)}; target < ${TARGET_SMALL_MS} ms)`,
    ]);
    if (startUp.cli.ms >= TARGET_SMALL_MS) missed.push('CLI start-up');

    const files: [string, () => number][] = [
      ['75mb.jsonl', () => (fs.writeFileSync(path.join(FILES, '75mb.jsonl'), text), Buffer.byteLength(text))],
      ['190mb.jsonl', () => writeChatFile(path.join(FILES, '190mb.jsonl'), 3_600)],
    ];
    let largest = { size: 0, peak: 0 };
    for (const [name, write] of files) {
      const file = path.join(FILES, name);
      const size = write();
      const runs = alternate({ cli: [CLI, 'lint', file], baseline: ['-e', BASELINE, file] }, ROUNDS);
      if (runs.cli.code !== 0 || runs.baseline.code !== 0)
        throw new Error(`${name}: the CLI exited ${runs.cli.code}, the baseline ${runs.baseline.code}`);
      const ratio = runs.cli.ms / runs.baseline.ms;
      rows.push(
        [
          `CLI on ${mb(size)} (best of ${ROUNDS})`,
          `${seconds(runs.cli.ms)}, peak RSS ${mb(runs.cli.peakBytes)} (${((100 * runs.cli.peakBytes) / size).toFixed(0)}% of the file)`,
        ],
        [`  plain node: read + JSON.parse every line`, `${seconds(runs.baseline.ms)}, peak RSS ${mb(runs.baseline.peakBytes)}`],
        [`  CLI / plain node, wall time`, `${ratio.toFixed(2)}x  (target <= ${TARGET_CLI_RATIO}x)`],
      );
      if (ratio > TARGET_CLI_RATIO) missed.push(`CLI vs plain node on ${mb(size)}`);
      if (size > largest.size) largest = { size, peak: runs.cli.peakBytes };
      fs.rmSync(file, { force: true });
    }
    if (largest.peak > TARGET_RSS_SHARE * largest.size) missed.push(`CLI peak RSS on ${mb(largest.size)}`);

    const smallText = text.split('\n').slice(0, 3).join('\n') + '\n';
    const coldSmall = Math.min(await serverColdStart(smallText), await serverColdStart(smallText), await serverColdStart(smallText));
    rows.push(['server: spawn -> initialize -> didOpen -> first diagnostics, 3 lines (best of 3)', seconds(coldSmall)]);
    rows.push([`  the same, ${mb(Buffer.byteLength(text))} document`, seconds(await serverColdStart(text))]);
  } finally {
    fs.rmSync(FILES, { recursive: true, force: true });
  }
  console.log('\nwhole processes (wall time from spawn to exit; peak RSS = VmHWM)');
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  return missed;
}
