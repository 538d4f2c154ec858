/** Validates a batch file on disk by streaming it, so memory stays bounded by the number of
 *  lines' facts rather than the file's size. Shared by the CLI, the extension's Submit command
 *  and the emulator. */
import { createReadStream } from 'node:fs';
import { analyzeLine, type BatchDetection, type BatchDiagnostic, BatchModel, type BatchSummary, isBatchFile, LineSplitter, type SplitLine } from './core';

/** Reads a file line by line; `onLine` gets each line with its 0-based number. */
function streamLines(file: string, onLine: (line: SplitLine, index: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const splitter = new LineSplitter();
    let index = 0;
    const emit = (line: SplitLine) => onLine(line, index++);
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      try {
        splitter.push(chunk as string, emit);
      } catch (error) {
        stream.destroy();
        reject(error);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      try {
        splitter.end(emit);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

export interface FileResult {
  file: string;
  /** False when detection found another kind of JSON Lines file (then nothing is reported). */
  isBatch: boolean;
  summary: BatchSummary;
  diagnostics: BatchDiagnostic[];
}

export async function lintFile(file: string, detection: BatchDetection): Promise<FileResult> {
  const model = new BatchModel();
  await streamLines(file, (line) => model.append({ facts: analyzeLine(line.text), eolBytes: line.eol.length }));
  if (!isBatchFile(model, file, detection)) return { file, isBatch: false, summary: model.summary(), diagnostics: [] };

  // Cross-line problems need a few lines' text to place their ranges: read the file again and
  // keep only the spans of those lines, not their text.
  const wanted = new Set<number>();
  let diagnostics = model.diagnostics((line) => void wanted.add(line));
  if (wanted.size > 0) {
    await streamLines(file, (line, index) => {
      if (wanted.has(index)) model.rememberSpans(index, line.text);
    });
    diagnostics = model.diagnostics(() => undefined);
  }
  return { file, isBatch: true, summary: model.summary(), diagnostics };
}

