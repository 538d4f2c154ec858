/** Writing a file so that it appears only complete: through a temporary `.name.<pid>.part` beside
 *  it (same folder, so the rename is atomic), renamed over the target when the write succeeded.
 *  A failed or cancelled write leaves no truncated file behind, nor destroys an earlier good one. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The temporary file for `target` (scripts/e2e/run.js cleans up `.*.part` by this shape). */
export function partialPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.part`);
}

/**
 * Runs `write` on the temporary file, then renames it to `target`, or removes it when `keep`
 * says the result is not worth a file. When anything fails, the temporary file is removed and the
 * error passed on: `write` must have closed what it opened by then, or the removal could race a
 * stream still opening the file.
 */
export async function writeAtomically<T>(
  target: string,
  write: (partial: string) => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  const partial = partialPath(target);
  try {
    const result = await write(partial);
    if (keep(result)) await fs.rename(partial, target);
    else await fs.rm(partial, { force: true });
    return result;
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}
