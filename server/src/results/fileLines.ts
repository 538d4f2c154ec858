/** Lines of a file on disk for the results features: streamed in ranges, with a turn for other
 *  messages between ranges (the server keeps answering while a large file is read), each line with
 *  where it is so it can be read again alone. */
import * as fs from 'node:fs/promises';
import { decodeLine, forEachLineInRange, readBuffer } from '../core';
import { fileReader } from '../fileReader';

export type FileLineHandler = (text: string, line: number, position: number, bytes: number) => void;

const RANGE_BYTES = 1 << 20;

/** Calls `onLine` for every line of the file, in order, with its 0-based index, byte offset and
 *  byte length (without the line break). */
export async function forEachFileLine(file: string, onLine: FileLineHandler, rangeBytes = RANGE_BYTES): Promise<void> {
  const reader = fileReader(file);
  try {
    const buffer = readBuffer(rangeBytes);
    let line = 0;
    for (let from = 0; from < reader.size; from += rangeBytes) {
      const to = Math.min(reader.size, from + rangeBytes);
      forEachLineInRange(
        reader,
        from,
        to,
        (bytes, start, end, _eol, position) => onLine(decodeLine(bytes, start, end).text, line++, position, end - start),
        buffer,
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    reader.close();
  }
}

/** One line read again by where it is; undefined when the file is gone or shorter now. */
export async function readLineAt(file: string, position: number, bytes: number): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, position);
    return bytesRead === bytes ? decodeLine(buffer, 0, bytes).text : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** What identifies a version of a file on disk, or undefined when there is no such file. */
export async function diskStamp(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? `disk:${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a file that is not blank, read from at most its first `maxBytes`; undefined
 *  when there is none there or the file cannot be read. */
export async function firstLine(file: string, maxBytes = 1 << 16): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const text = decodeLine(buffer, 0, bytesRead).text;
    return text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
