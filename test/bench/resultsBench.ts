/** `npm run bench`, Show Results: a ~30 MB output file of 50,000 results joined with its 50,000
 *  requests, read from disk, against a baseline measured in the same run: reading the same two
 *  files and `JSON.parse`-ing every line, nothing more. The join is timed in this process (the
 *  server's ResultService, a new one each round so nothing is cached) and through the built
 *  server over stdio (batchStudio/results sent to a fresh server -> the table received), as the
 *  results view asks for it. */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ResultsRequest } from '../../common/src/protocol';
import { ResultService } from '../../server/src/results/resultService';
import { TestClient } from '../helpers/lspClient';
import { reviewBatch } from '../helpers/resultLines';
import { BenchFolder, mb, printRows, seconds } from './processRuns';

const REQUESTS = 50_000;
const ROUNDS = 3;
/** "A results file of 30 MB opens in a few seconds": the table through the server, cold. */
const TARGET_SERVER_MS = 3_000;

/** The batch's input and its output, every tenth request failed (as the protocol test's). */
function writeFiles(folder: BenchFolder): { input: string; output: string } {
  const input = folder.file('reviews.jsonl');
  const output = folder.file('reviews.output.jsonl');
  const { requests, results } = reviewBatch(REQUESTS, 4);
  fs.writeFileSync(input, `${requests.join('\n')}\n`);
  fs.writeFileSync(output, `${results.join('\n')}\n`);
  return { input, output };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

async function timedAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** The least a join must do: read both files and JSON.parse every line. */
function bareParse(files: string[]): number {
  let lines = 0;
  for (const file of files)
    for (const line of fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/))
      if (line !== '') {
        JSON.parse(line);
        lines++;
      }
  return lines;
}

function checkRows(rows: number, where: string): void {
  if (rows !== REQUESTS) throw new Error(`${where}: ${rows} rows, not one per request (${REQUESTS})`);
}

/** Prints the section and returns the targets it missed. */
export async function resultsBench(): Promise<string[]> {
  const folder = new BenchFolder();
  try {
    const { input, output } = writeFiles(folder);
    const uri = pathToFileURL(input).href;
    const parseTimes: number[] = [];
    const joinTimes: number[] = [];
    const serverTimes: number[] = [];
    let answerBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const parsed = timed(() => bareParse([output, input]));
      if (parsed.value !== 2 * REQUESTS) throw new Error(`the baseline parsed ${parsed.value} lines`);
      parseTimes.push(parsed.ms);

      const service = new ResultService(() => undefined, { resultsChanged: () => undefined });
      const joined = await timedAsync(() => service.results({ uri }));
      checkRows(joined.value.rows.length, 'the join in this process');
      joinTimes.push(joined.ms);

      const client = await TestClient.start();
      try {
        const answer = await timedAsync(() => client.connection.sendRequest(ResultsRequest.type, { uri }));
        checkRows(answer.value.rows.length, 'the server');
        if (answer.value.totals.failed !== REQUESTS / 10) throw new Error(`the server counted ${answer.value.totals.failed} failures`);
        serverTimes.push(answer.ms);
        answerBytes = Buffer.byteLength(JSON.stringify(answer.value));
      } finally {
        await client.stop();
      }
    }
    const parseMs = Math.min(...parseTimes);
    const joinMs = Math.min(...joinTimes);
    const serverMs = Math.min(...serverTimes);
    printRows(
      `Show Results: ${mb(fs.statSync(output).size)} output joined with its ${REQUESTS.toLocaleString('en-US')} requests (${mb(fs.statSync(input).size)}), from disk`,
      [
        [`bare: read both files + JSON.parse every line (best of ${ROUNDS})`, seconds(parseMs)],
        [`join in the server's code, in this process (best of ${ROUNDS})`, `${seconds(joinMs)} = ${(joinMs / parseMs).toFixed(2)}x bare`],
        [
          `join through a fresh server over stdio (best of ${ROUNDS})`,
          `${seconds(serverMs)} = ${(serverMs / parseMs).toFixed(2)}x bare  (batchStudio/results sent -> table received, ${mb(answerBytes)} of JSON; target <= ${seconds(TARGET_SERVER_MS)})`,
        ],
      ],
    );
    return serverMs > TARGET_SERVER_MS ? ['Show Results of a 30 MB output'] : [];
  } finally {
    folder.remove();
  }
}
