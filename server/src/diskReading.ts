/** How the language server reads the files it validates from disk: as the CLI does (see
 *  server/src/cli.ts and youngGeneration.ts), so that a file costs the server what it costs the
 *  CLI. On worker threads with small heaps (what a worker keeps is a range's facts until it sends
 *  them), lines over 1 MB left to the server's own thread; and while a file is read, the young
 *  generation of the server's heap stays at its size instead of growing to 32 MB for what each line
 *  makes and drops at once. Idle workers end, and their memory goes back. */
import { setFlagsFromString } from 'node:v8';
import { AnalysisPool } from './analysisPool';
import type { FileReadingOptions } from './validateFile';

const IDLE_MS = 60_000;

/** V8's own growth factor, and the CLI's. */
const GROWING = '--semi-space-growth-factor=2';
const KEPT = '--semi-space-growth-factor=1';

let reading = 0;

/** `script`: the server's bundle, which a worker runs as an analysis worker. */
export function diskFileReading(script: string): FileReadingOptions {
  return {
    pool: new AnalysisPool(script, {
      idleMs: IDLE_MS,
      youngGenerationMb: 4,
      oldGenerationMb: 16,
      maxLineBytes: 1 << 20,
      // Starting a worker resets flags set at run time.
      onWorkerOnline: () => setFlagsFromString(reading > 0 ? KEPT : GROWING),
    }),
  };
}

/** Runs `read` (a file read from disk) with the young generation kept at its size; V8 reads the
 *  flag whenever it would grow it, so it applies at once, and the server's documents get V8's
 *  default again afterwards. */
export async function withSmallYoungGeneration<T>(read: () => Promise<T>): Promise<T> {
  if (reading++ === 0) setFlagsFromString(KEPT);
  try {
    return await read();
  } finally {
    if (--reading === 0) setFlagsFromString(GROWING);
  }
}
