/** Validates a batch file on disk in one pass, so memory stays bounded by the number of lines'
 *  facts rather than the file's size: the core's one validation entry over a file source. Used
 *  by the CLI, and by the language server for a file that is not open (batchStudio/validateFile). */
import { analyzeFileRanges, type AnalysisPool } from './analysisPool';
import { byteLineSource, type LineSource, validateLines, type ValidationOptions, type ValidationResult } from './core';
import { type FileReader, fileReader } from './fileReader';

export interface FileReadingOptions {
  /** Worker threads to analyse a large file's lines on (the CLI's); without one, or for a file
   *  smaller than `minPoolBytes`, lines are analysed on this thread. */
  pool?: AnalysisPool;
  /** The smallest file worth a pool's help: starting a worker costs about what analysing 8 MB
   *  costs (8 MB by default). */
  minPoolBytes?: number;
  /** Bytes per range a thread reads and analyses at a time (256 KB by default; tests use less). */
  rangeBytes?: number;
}

export const DEFAULT_MIN_POOL_BYTES = 8 << 20;

/** A file read as bytes, range by range: split into lines by the one splitter's rules before it
 *  is decoded, each line decoded once (bytes that are not UTF-8 as U+FFFD, and `validUtf8: false`),
 *  and analysed where it was read, on a worker when a pool is given and the file is large. */
export function fileLineSource(file: string, options: FileReadingOptions = defaultReading): LineSource {
  const { pool, minPoolBytes = DEFAULT_MIN_POOL_BYTES } = options;
  return byteLineSource(
    file,
    () => fileReader(file),
    {
      rangeBytes: options.rangeBytes,
      // Range by range, letting other work in between (a language server keeps answering); on a
      // pool's workers too when the file is large enough for them to pay.
      analyzeRanges: (reader, rangeBytes, limits, take) =>
        analyzeFileRanges(
          pool && pool.workerCount > 0 && reader.size >= minPoolBytes ? pool : undefined,
          file,
          reader,
          rangeBytes,
          limits,
          take,
        ),
    },
    (reader) => (reader as FileReader).close(),
  );
}

let defaultReading: FileReadingOptions = {};

/** How files are read when a caller does not say: the language server gives its pool, so a large
 *  file it validates from disk (batchStudio/validateFile) is read on its workers too. */
export function setDefaultFileReading(options: FileReadingOptions): void {
  defaultReading = options;
}

export interface FileResult extends ValidationResult {
  file: string;
}

/** Validates one file on disk with the given settings (see ValidationOptions for the defaults). */
export async function validateFile(
  file: string,
  options: ValidationOptions = {},
  reading: FileReadingOptions = defaultReading,
): Promise<FileResult> {
  return { file, ...(await validateLines(fileLineSource(file, reading), options)) };
}
