/** `npm run bench`: validation speed against bare JSON.parse on the same 50,000-request file, in
 *  one run, and the cost of re-validating after a one-line edit; then Show Results' join
 *  (resultsBench.ts) and whole processes (wholeProcess.ts). Exits non-zero when a target is
 *  missed. */
import { BatchDocument, splitLines } from '../../server/src/core';
import { TestClient } from '../helpers/lspClient';
import { chatLineOfSize, seededRandom } from '../helpers/requests';
import { printRows } from './processRuns';
import { resultsBench } from './resultsBench';
import { symbolBench } from './symbolBench';
import { tokenBench } from './tokenBench';
import { wholeProcessBench } from './wholeProcess';

const REQUESTS = 50_000;
const LINE_BYTES = 1_400;
const ROUNDS = 5;
const EDITS = 300;
const TARGET_RATIO = 0.5;
const TARGET_EDIT_MS = 5;
const SERVER_EDITS = 50;
const BURST_KEYS = 20;
const BURST_LINE_MB = 5;

function makeFile(): string {
  const random = seededRandom(42);
  const lines: string[] = [];
  for (let i = 0; i < REQUESTS; i++) lines.push(chatLineOfSize(`request-${i + 1}`, LINE_BYTES, random));
  return lines.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<number> {
  const text = makeFile();
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  console.log(`file: ${REQUESTS.toLocaleString('en-US')} chat requests, ${megabytes.toFixed(1)} MB`);

  // Alternate the two so both see the same machine state; keep each one's best round.
  const parseTimes: number[] = [];
  const validateTimes: number[] = [];
  let problems = -1;
  for (let round = 0; round < ROUNDS; round++) {
    parseTimes.push(
      time(() => {
        for (const line of splitLines(text)) if (line.text !== '') JSON.parse(line.text);
      }),
    );
    validateTimes.push(
      time(() => {
        problems = new BatchDocument(text).diagnostics().length;
      }),
    );
  }
  if (problems !== 0) throw new Error(`the generated file should be valid, but it has ${problems} problems`);
  const parseMs = Math.min(...parseTimes);
  const validateMs = Math.min(...validateTimes);
  const ratio = parseMs / validateMs;

  const document = new BatchDocument(text);
  const random = seededRandom(7);
  const editTimes: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const line = Math.floor(random() * REQUESTS);
    const lineText = document.lineText(line) ?? '';
    const at = lineText.indexOf('"content":"') + 12 + Math.floor(random() * 20);
    editTimes.push(
      time(() => {
        document.applyEdit({ range: { start: { line, character: at }, end: { line, character: at } }, text: 'x' });
        if (document.diagnostics().length !== 0) throw new Error('an edit inside a string should stay valid');
      }),
    );
  }
  const editMs = median(editTimes);
  const serverEditMs = await serverRoundTrip(text);
  const burst = keystrokeBurst();
  const tokens = await tokenBench(text);
  const outline = await symbolBench(text);

  const rows: [string, string][] = [
    ['bare JSON.parse of every line (best of 5)', `${parseMs.toFixed(0)} ms  (${(megabytes / (parseMs / 1000)).toFixed(0)} MB/s)`],
    ['full validation (best of 5)', `${validateMs.toFixed(0)} ms  (${(megabytes / (validateMs / 1000)).toFixed(0)} MB/s)`],
    ['validation throughput / JSON.parse throughput', `${ratio.toFixed(2)}x  (target >= ${TARGET_RATIO}x)`],
    [
      `one-line edit + diagnostics, median of ${EDITS}`,
      `${editMs.toFixed(3)} ms  (target <= ${TARGET_EDIT_MS} ms; p95 ${[...editTimes].sort((a, b) => a - b)[Math.floor(EDITS * 0.95)].toFixed(3)} ms)`,
    ],
    [
      `same through the server over stdio, median of ${SERVER_EDITS}`,
      `${serverEditMs.toFixed(2)} ms  (didChange sent -> diagnostics received)`,
    ],
    [
      `${BURST_KEYS} keystrokes in one ${BURST_LINE_MB} MB line, then diagnostics`,
      `${burst.burstMs.toFixed(0)} ms = ${(burst.burstMs / burst.oneMs).toFixed(1)}x one analysis of that line (${burst.oneMs.toFixed(0)} ms)`,
    ],
    [
      'token count of every request (o200k_base), cold',
      `${tokens.coldMs.toFixed(0)} ms  (${(megabytes / (tokens.coldMs / 1000)).toFixed(0)} MB/s, ${tokens.inputTokens.toLocaleString('en-US')} input tokens; loading the encoding ${tokens.loadMs.toFixed(0)} ms)`,
    ],
    ['token count again after a one-line edit', `${tokens.recountMs.toFixed(0)} ms  (each line's count kept by its text)`],
    [
      `document symbols (Outline) of all ${outline.symbols.toLocaleString('en-US')} requests`,
      `${outline.coreMs.toFixed(0)} ms in the core (best of 5); ${outline.serverMs.toFixed(0)} ms through the server over stdio (median of 5; ${outline.megabytes.toFixed(1)} MB of JSON)`,
    ],
  ];
  printRows(undefined, rows);

  const missed = [
    ratio < TARGET_RATIO && 'throughput ratio',
    editMs > TARGET_EDIT_MS && 'edit latency',
    ...(await resultsBench()),
    ...(await wholeProcessBench(text)),
  ].filter(Boolean);
  if (missed.length > 0) {
    console.log(`target missed: ${missed.join(', ')}`);
    return 1;
  }
  console.log('all targets met');
  return 0;
}

/** Typing into a huge line: edits only mark it, so the burst costs about one analysis. */
function keystrokeBurst(): { burstMs: number; oneMs: number } {
  const random = seededRandom(13);
  const line = chatLineOfSize('huge', BURST_LINE_MB * 1024 * 1024, random);
  const oneMs = Math.min(...[0, 1, 2].map(() => time(() => new BatchDocument(line).diagnostics())));
  const document = new BatchDocument(line);
  const at = line.indexOf('"content":"') + 12;
  const burstMs = time(() => {
    for (let i = 0; i < BURST_KEYS; i++)
      document.applyEdit({ range: { start: { line: 0, character: at + i }, end: { line: 0, character: at + i } }, text: 'x' });
    document.diagnostics();
  });
  return { burstMs, oneMs };
}

/** What an editor sees: a keystroke sent over LSP until the new diagnostics arrive. */
async function serverRoundTrip(text: string): Promise<number> {
  const client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
  try {
    const uri = 'file:///bench/requests.jsonl';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, undefined, 60_000);
    const random = seededRandom(11);
    const times: number[] = [];
    for (let i = 0; i < SERVER_EDITS; i++) {
      const line = Math.floor(random() * REQUESTS);
      const started = process.hrtime.bigint();
      client.change(uri, { start: { line, character: 40 }, end: { line, character: 40 } }, 'x');
      await client.waitForDiagnostics(uri, (_, version) => version === i + 2);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return median(times);
  } finally {
    await client.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
