/** `npm run bench`, whole processes: the CLI on generated ~75 MB and ~190 MB files next to a plain
 *  Node process that reads the file and JSON.parses every line (measured in the same run,
 *  alternating), the CLI on a 3-line file next to Node's own start-up, and the language server
 *  from spawn to its first diagnostics. Wall time from spawn to exit; peak RSS is the process's
 *  VmHWM (read from /proc/self/status as it exits, by a preloaded probe; the maximum resident set
 *  size getrusage reports elsewhere). Also the CLI's split of a file over the API's limits
 *  (splitBench.ts) and the server's memory validating a file from disk (diskMemoryBench.ts). The
 *  files are written in a temporary folder and removed. */
import * as fs from 'node:fs';
import { TestClient } from '../helpers/lspClient';
import { diskMemoryBench } from './diskMemoryBench';
import { BenchFolder, CLI, mb, printRows, seconds, writeChatFile } from './processRuns';
import { splitBench } from './splitBench';

const REQUESTS = 50_000;
const ROUNDS = 3;
const SMALL_ROUNDS = 7;
/** Targets: the CLI no slower than the plain JSON.parse process on each file, a 3-line file
 *  within 150 ms, and at most half the larger file's size in memory. */
const TARGET_CLI_RATIO = 1;
const TARGET_SMALL_MS = 150;
const TARGET_RSS_SHARE = 0.5;
/** Characters of a request line of the larger file (190.9 MB). */
const LARGE_LINE_CHARS = 3_600;

/** The plain way: read the whole file, split it into lines, JSON.parse each. */
const BASELINE = `const text = require('fs').readFileSync(process.argv[1], 'utf8');
let lines = 0;
for (const line of text.split(/\\r\\n|\\r|\\n/)) if (line !== '') { JSON.parse(line); lines++; }
if (lines === 0) process.exit(3);`;

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
  const folder = new BenchFolder();
  const missed: string[] = [];
  const rows: [string, string][] = [];
  try {
    const small = folder.file('small.jsonl');
    fs.writeFileSync(small, text.split('\n').slice(0, 3).join('\n') + '\n');
    const startUp = folder.alternate({ node: ['-e', '0'], cli: [CLI, 'lint', small] }, SMALL_ROUNDS);
    if (startUp.cli.code !== 0) throw new Error('the CLI should find the 3-line file valid');
    rows.push([
      `CLI on a 3-line file (best of ${SMALL_ROUNDS})`,
      `${seconds(startUp.cli.ms)}, peak RSS ${mb(startUp.cli.peakBytes)}  (node -e 0: ${seconds(startUp.node.ms)}; target < ${TARGET_SMALL_MS} ms)`,
    ]);
    if (startUp.cli.ms >= TARGET_SMALL_MS) missed.push('CLI start-up');

    const files: [string, () => number][] = [
      ['75mb.jsonl', () => (fs.writeFileSync(folder.file('75mb.jsonl'), text), Buffer.byteLength(text))],
      ['190mb.jsonl', () => writeChatFile(folder.file('190mb.jsonl'), LARGE_LINE_CHARS, REQUESTS)],
    ];
    let largest = { size: 0, peak: 0 };
    for (const [name, write] of files) {
      const file = folder.file(name);
      const size = write();
      const runs = folder.alternate({ cli: [CLI, 'lint', file], baseline: ['-e', BASELINE, file] }, ROUNDS);
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
    }
    if (largest.peak > TARGET_RSS_SHARE * largest.size) missed.push(`CLI peak RSS on ${mb(largest.size)}`);
    fs.rmSync(folder.file('75mb.jsonl'));
    // The larger file, grown past the API's limits, split.
    rows.push(...splitBench(folder, folder.file('190mb.jsonl'), REQUESTS, LARGE_LINE_CHARS));
    fs.rmSync(folder.file('190mb.jsonl'));

    const smallText = text.split('\n').slice(0, 3).join('\n') + '\n';
    const coldSmall = Math.min(await serverColdStart(smallText), await serverColdStart(smallText), await serverColdStart(smallText));
    rows.push(['server: spawn -> initialize -> didOpen -> first diagnostics, 3 lines (best of 3)', seconds(coldSmall)]);
    rows.push([`  the same, ${mb(Buffer.byteLength(text))} document`, seconds(await serverColdStart(text))]);

    const disk = await diskMemoryBench(folder);
    rows.push(...disk.rows);
    missed.push(...disk.missed);
  } finally {
    folder.remove();
  }
  printRows('whole processes (wall time from spawn to exit; peak RSS = VmHWM)', rows);
  return missed;
}
