import { promises as fs } from 'node:fs';

/** Whether a regular file is at `file` (not a folder; false when it cannot be checked). */
export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
