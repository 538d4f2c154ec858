/** The former entry of the CLI and the Submit command, kept for the callers that still use it:
 *  every problem with its default severity (the caller applies its own overrides). New code
 *  calls validateFile (server/src/validateFile.ts) with the user's settings. */
import type { BatchDetection } from './core';
import { type FileResult, validateFile } from './validateFile';

export type { FileResult };

export function lintFile(file: string, detection: BatchDetection): Promise<FileResult> {
  return validateFile(file, { detection, severity: {}, maxProblems: Infinity });
}
