import type { BatchDetection } from '../../../common/src/settings';
import type { BatchModel } from './batchModel';

export type { BatchDetection };

/** Whether a JSON Lines file is treated as a batch input file: decided from its content and
 *  name (`auto`), or forced by the user (`always`, `never`). */
export function isBatchFile(model: BatchModel, fileName: string, detection: BatchDetection): boolean {
  if (detection === 'always') return true;
  if (detection === 'never') return false;
  if (model.looksLikeBatch()) return true;
  // With nothing to judge by (an empty or all-broken file), a file named like a batch file is
  // one, so `empty_file` shows; content of another kind wins over the name.
  return !model.hasObjectLines() && /batch/i.test(baseName(fileName));
}

function baseName(fileName: string): string {
  const decoded = safeDecode(fileName);
  return decoded.slice(Math.max(decoded.lastIndexOf('/'), decoded.lastIndexOf('\\')) + 1);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
