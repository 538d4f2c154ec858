/** The token counts and estimated cost of a batch file on disk, for `batch-studio stats` and for
 *  the language server's batchStudio/estimateCost on a file that is not open. The file is
 *  validated as `lint` validates it (its requests, endpoint, model and errors, by the core's one
 *  entry), then streamed once more and counted line by line, in time slices, so memory stays
 *  bounded and a server counting a large file keeps answering. */
import * as fs from 'node:fs';
import type { BatchCost } from '../../common/src/cost';
import { readLines } from '../../common/src/lineReader';
import type { PriceOverrides } from '../../common/src/priceSetting';
import type { BatchDetection } from '../../common/src/settings';
import { addTokens, type CounterOf, emptyTotals, estimateCost, lineTokens, type TokenTotals } from './core/cost';
import { TimeSlices } from './timeSlices';
import { type FileReadingOptions, validateFile } from './validateFile';

export interface FileStats {
  /** False when `detection` found another kind of JSON Lines file (then nothing is counted). */
  isBatch: boolean;
  requests: number;
  endpoint: string | null;
  model: string | null;
  /** Errors as `lint` reports them (a file with errors would be rejected: its estimate is of what
   *  could be read). */
  errors: number;
  cost: BatchCost;
}

export interface FileStatsOptions {
  counterOf: CounterOf;
  prices?: PriceOverrides;
  /** `always` by default, as the CLI validates. */
  detection?: BatchDetection;
  severity?: Readonly<Record<string, unknown>>;
  reading?: FileReadingOptions;
  /** Milliseconds of counting between two turns of the event loop: a few in the language server
   *  (the default), Infinity in the CLI, which has nothing else to do. */
  sliceMs?: number;
}

export async function fileStats(file: string, options: FileStatsOptions): Promise<FileStats> {
  const { isBatch, summary } = await validateFile(
    file,
    { detection: options.detection ?? 'always', severity: options.severity, maxProblems: 0 },
    options.reading,
  );
  const totals = isBatch ? await fileTokens(file, options.counterOf, options.sliceMs) : emptyTotals();
  return {
    isBatch,
    requests: summary.requests,
    endpoint: summary.endpoint,
    model: summary.model,
    errors: summary.errors,
    cost: estimateCost(totals, summary.model, options.prices),
  };
}

/** Every line of the file counted, in time slices; `signal` abandons the count between two slices
 *  (rejecting with its reason, the file closed). */
export async function fileTokens(file: string, counterOf: CounterOf, sliceMs?: number, signal?: AbortSignal): Promise<TokenTotals> {
  const totals = emptyTotals();
  const slices = new TimeSlices(sliceMs);
  for await (const line of readLines(fs.createReadStream(file))) {
    addTokens(totals, lineTokens(line.text, counterOf));
    if (slices.due) {
      await slices.pause();
      signal?.throwIfAborted();
    }
  }
  return totals;
}
