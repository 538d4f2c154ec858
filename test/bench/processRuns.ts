/** `npm run bench`'s whole-process machinery: a temporary folder for the generated files, `node`
 *  processes timed from spawn to exit with their peak RSS (VmHWM, read from /proc/self/status as
 *  they exit by a preloaded probe; the maximum resident set size getrusage reports elsewhere), runs
 *  alternated so every command sees the same machine, and the generated batch files. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chatLineOfSize, seededRandom } from '../helpers/requests';

/** This file runs from test/out/bench. */
export const root = path.resolve(__dirname, '../../..');
export const CLI = path.join(root, 'server/out/cli.js');

export interface Run {
  ms: number;
  peakBytes: number;
  code: number | null;
}

/** A temporary folder for one part of the bench, with the peak-RSS probe in it. */
export class BenchFolder {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-bench-'));
  readonly probe = path.join(this.dir, 'peak-rss.cjs');

  constructor() {
    fs.writeFileSync(
      this.probe,
      `process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  require('fs').writeSync(2, '\\n@@peak-rss-kb ' + kb + '\\n');
});\n`,
    );
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** One `node ...args` process: wall time from spawn to exit, and its peak RSS. */
  measure(args: string[], env: Record<string, string> = {}): Run {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', this.probe, ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, ...env },
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const kb = /@@peak-rss-kb (\d+)/.exec(result.stderr ?? '')?.[1];
    if (kb === undefined) throw new Error(`no peak RSS from node ${args.join(' ')}: ${result.stderr}`);
    return { ms, peakBytes: Number(kb) * 1024, code: result.status };
  }

  /** `rounds` runs of each command, alternating so all see the same machine; the best time of
   *  each, and the highest peak RSS. */
  alternate(commands: Record<string, string[]>, rounds: number, env: Record<string, string> = {}): Record<string, Run> {
    const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    for (let round = 0; round < rounds; round++)
      for (const [name, args] of Object.entries(commands)) runs[name].push(this.measure(args, env));
    return Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        { ms: Math.min(...list.map((r) => r.ms)), peakBytes: Math.max(...list.map((r) => r.peakBytes)), code: list[0].code },
      ]),
    );
  }
}

/** Appends `count` chat requests of about `lineBytes` each, numbered from `first`, written as they
 *  are made; returns the file's size. */
export function appendChatRequests(file: string, lineBytes: number, count: number, first = 1): number {
  const random = seededRandom(41 + first); // 42 from the first request, as the bench always had
  const out = fs.openSync(file, 'a');
  try {
    let lines: string[] = [];
    for (let i = 0; i < count; i++) {
      lines.push(chatLineOfSize(`request-${first + i}`, lineBytes, random));
      if (lines.length === 1000 || i === count - 1) {
        fs.writeSync(out, lines.join('\n') + '\n');
        lines = [];
      }
    }
  } finally {
    fs.closeSync(out);
  }
  return fs.statSync(file).size;
}

/** A new chat batch file of `count` requests of about `lineBytes` each. */
export function writeChatFile(file: string, lineBytes: number, count: number): number {
  fs.rmSync(file, { force: true });
  return appendChatRequests(file, lineBytes, count);
}

export const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
export const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** The rows of a section, labels padded to one width. */
export function printRows(title: string | undefined, rows: [string, string][]): void {
  if (title !== undefined) console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}
