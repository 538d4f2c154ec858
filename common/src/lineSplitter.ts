/** The one line splitter of every reader and writer of JSON Lines in the project (the language
 *  server, the CLI, the emulator, the explorer's retry files and downloads): lines end at \r\n,
 *  \n or a lone \r, as editors number lines, and the text after the last line break is one more
 *  line (empty when the text ends with a break). Works chunk by chunk, so a file can be read as a
 *  stream: a \r\n cut between two chunks is still one break. Each chunk is scanned once, and a
 *  long line is kept as pieces joined once, so a line of any length costs linear time. */
export interface SplitLine {
  text: string;
  eol: '' | '\n' | '\r\n' | '\r';
}

const LINE_BREAK = /\r\n|\r|\n/g;

export class LineSplitter {
  /** The current line's text so far. */
  private pieces: string[] = [];
  /** The last chunk ended with \r, which the next chunk's \n may complete into \r\n. */
  private pendingCarriageReturn = false;

  push(chunk: string, emit: (line: SplitLine) => void): void {
    let start = 0;
    if (this.pendingCarriageReturn && chunk.length > 0) {
      this.pendingCarriageReturn = false;
      const joined = chunk.startsWith('\n');
      this.flush(joined ? '\r\n' : '\r', emit);
      start = joined ? 1 : 0;
    }
    LINE_BREAK.lastIndex = start;
    for (let match = LINE_BREAK.exec(chunk); match; match = LINE_BREAK.exec(chunk)) {
      this.pieces.push(chunk.slice(start, match.index));
      if (match[0] === '\r' && match.index === chunk.length - 1) {
        this.pendingCarriageReturn = true;
        return;
      }
      this.flush(match[0] as SplitLine['eol'], emit);
      start = match.index + match[0].length;
    }
    if (start < chunk.length) this.pieces.push(chunk.slice(start));
  }

  /** The last line, which has no line break (empty when the text ended with one). */
  end(emit: (line: SplitLine) => void): void {
    if (this.pendingCarriageReturn) {
      this.pendingCarriageReturn = false;
      this.flush('\r', emit);
    }
    this.flush('', emit);
  }

  private flush(eol: SplitLine['eol'], emit: (line: SplitLine) => void): void {
    const text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    emit({ text, eol });
  }
}

export function splitLines(text: string): SplitLine[] {
  const lines: SplitLine[] = [];
  const splitter = new LineSplitter();
  const emit = (line: SplitLine) => lines.push(line);
  splitter.push(text, emit);
  splitter.end(emit);
  return lines;
}
