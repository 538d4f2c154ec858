/** Reading JSON Lines from a stream of bytes (a file, an HTTP body) with the one LineSplitter, so
 *  every reader in the project agrees on where lines end (\r\n, \n or a lone \r, also when a
 *  \r\n is cut between two chunks). No Node or editor APIs: any async iterable of chunks works,
 *  e.g. a Node Readable or a fetch body. */
import { LineSplitter, type SplitLine } from './lineSplitter';

export interface ReadLinesOptions {
  /** Also yield the empty line after a final line break (the splitter's last line), as an editor
   *  shows it. Off by default: a JSON Lines reader wants the records, and `a\n` holds one. */
  includeFinalEmptyLine?: boolean;
}

/** The lines of a stream of chunks, decoded as UTF-8 (string chunks are taken as they are). A byte
 *  order mark is kept in the first line's text, as the validation core expects; bytes that are
 *  not UTF-8 become U+FFFD. Errors of the stream reject the iteration: a cut-off stream never
 *  looks like a shorter file. */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  options: ReadLinesOptions = {},
): AsyncGenerator<SplitLine, void, undefined> {
  const splitter = new LineSplitter();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const ready: SplitLine[] = [];
  const emit = (line: SplitLine) => void ready.push(line);
  for await (const chunk of chunks) {
    splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), emit);
    yield* ready.splice(0);
  }
  splitter.push(decoder.decode(), emit);
  splitter.end(emit);
  const last = ready[ready.length - 1];
  if (!options.includeFinalEmptyLine && last && last.text === '' && last.eol === '') ready.pop();
  yield* ready;
}
