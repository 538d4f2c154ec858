/** The CLI's heap tuning, imported first so it applies before the bundle's modules load.
 *
 *  What lives long in the CLI is small (each line's facts); what is made per line (its text, its
 *  parsed value) dies young. So the young generation of the heap stays at its first size instead
 *  of growing to 32 MB: the same speed or better (it stays in cache), and a third less memory on
 *  a large file. V8 reads the flag whenever it would grow the young generation, so it takes effect
 *  at once; starting a worker thread resets it, so the pool sets it again (see cli.ts). */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

keepYoungGenerationSmall();
