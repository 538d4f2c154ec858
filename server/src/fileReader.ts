/** A file on disk as the byte reader the validation core reads lines from: positioned reads, so
 *  ranges of one file can be read at once by several threads, and a line read again later. */
import * as fs from 'node:fs';
import type { ByteReader } from './core';

export interface FileReader extends ByteReader {
  close(): void;
}

export function fileReader(file: string): FileReader {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    return {
      size,
      read: (target, offset, length, position) => fs.readSync(fd, target, offset, length, position),
      close: () => fs.closeSync(fd),
    };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
