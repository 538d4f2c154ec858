/** Validates a batch file on disk by streaming it, so memory stays bounded by the number of
 *  lines' facts rather than the file's size. Shared by the CLI, the extension's Submit command
 *  and the emulator. */
import { createReadStream } from 'node:fs';
import { analyzeLine, type BatchDetection, type BatchDiagnostic, BatchModel, type BatchSummary, isBatchFile, LineSplitter, type SplitLine } from './core';

/** Reads a file line by line; `onLine` gets each line with its 0-based number. Resolves to
 *  false when the file has bytes that are not UTF-8 (they reach `onLine` as U+FFFD). */
function streamLines(file: string, onLine: (line: SplitLine, index: number) => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const splitter = new LineSplitter();
    // ignoreBOM keeps a byte order mark in the text, so the core can report it as the API would.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
    let validUtf8 = true;
    const check = (bytes?: Buffer) => {
      if (!validUtf8) return;
      try {
        strict.decode(bytes, { stream: bytes !== undefined });
      } catch {
        validUtf8 = false;
      }
    };
    let index = 0;
    const emit = (line: SplitLine) => onLine(line, index++);
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      try {
        check(chunk as Buffer);
        splitter.push(decoder.decode(chunk as Buffer, { stream: true }), emit);
      } catch (error) {
        stream.destroy();
        reject(error);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      try {
        check();
        splitter.push(decoder.decode(), emit);
        splitter.end(emit);
        resolve(validUtf8);
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
  const replaced: BatchDiagnostic[] = [];
  const validUtf8 = await streamLines(file, (line, index) => {
    model.append({ facts: analyzeLine(line.text), eolBytes: line.eol.length });
    const bad = line.text.indexOf('\uFFFD');
    if (bad >= 0) replaced.push(notUtf8(index, bad));
  });
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
  if (!validUtf8) diagnostics = [...diagnostics, ...replaced].sort((a, b) => a.line - b.line || a.start - b.start);
  return { file, isBatch: true, summary: model.summary(), diagnostics };
}

/** The editor decodes files itself; a file read from disk may not be UTF-8 at all. */
function notUtf8(line: number, at: number): BatchDiagnostic {
  return {
    line,
    start: at,
    end: at + 1,
    severity: 'error',
    code: 'invalid_json_line',
    param: null,
    message: 'This line has bytes that are not valid UTF-8 (shown as \uFFFD). Save the file as UTF-8: the API reads it as UTF-8.',
  };
}

