/** Splits text into lines at \r\n, \n or \r (as editors number lines), chunk by chunk, so a
 *  file can be read as a stream. A \r at the end of a chunk waits for the next one, which may
 *  start with the \n that completes it. */
export interface SplitLine {
  text: string;
  eol: '' | '\n' | '\r\n' | '\r';
}

const LINE_BREAK = /\r\n|\r|\n/g;

export class LineSplitter {
  private pending = '';

  push(chunk: string, emit: (line: SplitLine) => void): void {
    const text = this.pending + chunk;
    LINE_BREAK.lastIndex = 0;
    let start = 0;
    for (let match = LINE_BREAK.exec(text); match; match = LINE_BREAK.exec(text)) {
      if (match[0] === '\r' && match.index === text.length - 1) break; // may be half of \r\n
      emit({ text: text.slice(start, match.index), eol: match[0] as SplitLine['eol'] });
      start = match.index + match[0].length;
    }
    this.pending = text.slice(start);
  }

  /** The last line, which has no line break (empty when the text ended with one). */
  end(emit: (line: SplitLine) => void): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.endsWith('\r')) {
      emit({ text: rest.slice(0, -1), eol: '\r' });
      emit({ text: '', eol: '' });
    } else {
      emit({ text: rest, eol: '' });
    }
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
