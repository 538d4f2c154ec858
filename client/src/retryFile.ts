/** Which requests of a finished batch to send again: those whose result line in the output or
 *  error file failed (an `error`, or a response whose status is not 200), taken verbatim from the
 *  original input by custom_id. The selection is pure and line-at-a-time, so files of any size
 *  stream through; lines end where the editor and the validator say (common/src/lineSplitter.ts:
 *  \r\n, \n or a lone \r). No editor APIs. */
import { createReadStream, createWriteStream } from 'node:fs';
import { readLines } from '../../common/src/lineReader';
import { splitLines } from '../../common/src/lineSplitter';
import { writeAtomically } from './util/atomicWrite';

function parse(line: string): Record<string, unknown> | undefined {
  if (!line.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function customId(record: Record<string, unknown> | undefined): string | undefined {
  const id = record?.custom_id;
  return typeof id === 'string' ? id : undefined;
}

/** Collects the custom_ids of result lines (output file and error file alike). */
export class ResultCollector {
  /** Requests whose result failed. */
  readonly failed = new Set<string>();
  /** Requests with any result at all. */
  readonly answered = new Set<string>();

  /** Adds one line of an output or error file. */
  add(line: string): void {
    const record = parse(line);
    const id = customId(record);
    if (id === undefined || !record) return;
    this.answered.add(id);
    if (isFailedResult(record)) this.failed.add(id);
  }
}

/** A result line failed when it carries an error or its response is missing or not a 200. */
export function isFailedResult(record: Record<string, unknown>): boolean {
  if (record.error !== null && record.error !== undefined) return true;
  const response = record.response as { status_code?: unknown } | null | undefined;
  return !response || typeof response !== 'object' || response.status_code !== 200;
}

export interface RetrySelection {
  /** Input lines kept (without line terminators), in input order. */
  kept: number;
  /** Failed custom_ids that no input line has (the input changed since it was submitted). */
  missing: string[];
  /** How many kept lines had no result at all (only counted with `includeUnanswered`). */
  unanswered: number;
}

/** Decides line by line which input lines go into the retry file. */
export class RetrySelector {
  private readonly found = new Set<string>();
  private keptLines = 0;
  private unansweredLines = 0;

  /** `includeUnanswered`: also keep requests with no result (an expired or cancelled batch). */
  constructor(
    private readonly results: ResultCollector,
    private readonly includeUnanswered = false,
  ) {}

  /** True when this input line should be retried. */
  accept(line: string): boolean {
    const id = customId(parse(line));
    if (id === undefined) return false;
    let keep = this.results.failed.has(id);
    if (keep) this.found.add(id);
    else if (this.includeUnanswered && !this.results.answered.has(id)) {
      keep = true;
      this.unansweredLines++;
    }
    if (keep) this.keptLines++;
    return keep;
  }

  result(): RetrySelection {
    const missing = [...this.results.failed].filter((id) => !this.found.has(id));
    return { kept: this.keptLines, missing, unanswered: this.unansweredLines };
  }
}

/** The whole thing at once, for small inputs and tests. */
export function buildRetryLines(input: string, resultFiles: string[], includeUnanswered = false): { lines: string[] } & RetrySelection {
  const results = new ResultCollector();
  for (const file of resultFiles) for (const line of splitLines(file)) results.add(line.text);
  const selector = new RetrySelector(results, includeUnanswered);
  const lines = splitLines(input)
    .map((line) => line.text)
    .filter((line) => selector.accept(line));
  return { lines, ...selector.result() };
}

/** Streams the input file through the selector into `target`, each kept line verbatim and ended
 *  with \n. The target appears only complete (util/atomicWrite.ts), and only when a line was kept. */
export function writeRetryFile(input: string, target: string, selector: RetrySelector): Promise<RetrySelection> {
  return writeAtomically(
    target,
    async (partial) => {
      const out = createWriteStream(partial, { encoding: 'utf8' });
      try {
        for await (const { text } of readLines(createReadStream(input))) {
          if (selector.accept(text) && !out.write(`${text}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      } catch (error) {
        out.destroy();
        throw error;
      }
      return selector.result();
    },
    (selection) => selection.kept > 0,
  );
}

/** `data/run.jsonl` → `data/run.retry.jsonl` (likewise `.output`, `.errors`). */
export function siblingPath(inputPath: string, suffix: 'retry' | 'output' | 'errors'): string {
  const match = /\.jsonl$/i.exec(inputPath);
  const stem = match ? inputPath.slice(0, match.index) : inputPath;
  return `${stem}.${suffix}.jsonl`;
}
