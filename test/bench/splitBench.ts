/** `npm run bench`, whole processes: `cli.js split` of a batch file over the API's 200 MB and
 *  50,000 requests, against `cli.js lint` of the same file, in the same run, alternating. A split
 *  validates the file as lint does while it plans the cuts, then copies each part as one byte
 *  range: the ratio is what splitting costs beyond checking. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendChatRequests, type BenchFolder, CLI, mb, seconds } from './processRuns';

const ROUNDS = 3;
/** Bytes of the API's largest batch file. */
const API_FILE_BYTES = 200 * 1024 * 1024;

/** The rows for the whole-process table. `file` is a valid batch file of `requests` requests of
 *  about `lineChars` characters each; requests are added to it until it is over 200 MB. */
export function splitBench(folder: BenchFolder, file: string, requests: number, lineChars: number): [string, string][] {
  let size = fs.statSync(file).size;
  const more = Math.max(1, Math.ceil((1.05 * API_FILE_BYTES - size) / (size / requests)));
  size = appendChatRequests(file, lineChars, more, requests + 1);
  const partsOf = () => fs.readdirSync(folder.dir).filter((name) => /\.part-\d+\.jsonl$/.test(name));
  const runs = folder.alternate({ split: [CLI, 'split', '--force', file], lint: [CLI, 'lint', '--max-problems', '2', file] }, ROUNDS);
  if (runs.split.code !== 0) throw new Error(`the split exited ${runs.split.code}`);
  if (runs.lint.code !== 1) throw new Error(`the lint of a file over every limit exited ${runs.lint.code}`);
  const parts = partsOf();
  const written = parts.reduce((sum, name) => sum + fs.statSync(path.join(folder.dir, name)).size, 0);
  if (parts.length < 2 || written !== size) throw new Error(`the split wrote ${parts.length} parts, ${written} of ${size} bytes`);
  for (const name of parts) fs.rmSync(path.join(folder.dir, name));
  return [
    [
      `CLI split of ${mb(size)}, ${(requests + more).toLocaleString('en-US')} requests, into ${parts.length} parts (best of ${ROUNDS})`,
      `${seconds(runs.split.ms)}, peak RSS ${mb(runs.split.peakBytes)}`,
    ],
    [`  CLI lint of the same file`, `${seconds(runs.lint.ms)}, peak RSS ${mb(runs.lint.peakBytes)}`],
    [`  split / lint, wall time`, `${(runs.split.ms / runs.lint.ms).toFixed(2)}x`],
  ];
}
