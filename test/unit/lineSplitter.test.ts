import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readLines } from '../../common/src/lineReader';
import { LineSplitter, type SplitLine, splitLines } from '../../common/src/lineSplitter';
import { seededRandom } from '../helpers/requests';

/** Splits `chunks` one after another, as a stream delivers them. */
function splitChunks(chunks: string[]): SplitLine[] {
  const splitter = new LineSplitter();
  const lines: SplitLine[] = [];
  const emit = (line: SplitLine) => lines.push(line);
  for (const chunk of chunks) splitter.push(chunk, emit);
  splitter.end(emit);
  return lines;
}

async function read(chunks: (string | Uint8Array)[], includeFinalEmptyLine = false): Promise<SplitLine[]> {
  const lines: SplitLine[] = [];
  for await (const line of readLines(Readable.from(chunks, { objectMode: true }), { includeFinalEmptyLine })) lines.push(line);
  return lines;
}

describe('line splitting', () => {
  it('splits at \\n, \\r\\n and \\r like an editor', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd'), [
      { text: 'a', eol: '\n' },
      { text: 'b', eol: '\r\n' },
      { text: 'c', eol: '\r' },
      { text: 'd', eol: '' },
    ]);
    assert.deepEqual(splitLines('x\n'), [
      { text: 'x', eol: '\n' },
      { text: '', eol: '' },
    ]);
  });

  it('ends a line at a lone \\r, also several in a row and at the very end', () => {
    assert.deepEqual(splitLines('a\r\rb\r'), [
      { text: 'a', eol: '\r' },
      { text: '', eol: '\r' },
      { text: 'b', eol: '\r' },
      { text: '', eol: '' },
    ]);
    assert.deepEqual(
      splitLines('a\n\rb'),
      [
        { text: 'a', eol: '\n' },
        { text: '', eol: '\r' },
        { text: 'b', eol: '' },
      ],
      '\\n\\r is two breaks',
    );
  });

  it('keeps a \\r\\n cut between two chunks as one break', () => {
    assert.deepEqual(splitChunks(['a\r', '\nb']), [
      { text: 'a', eol: '\r\n' },
      { text: 'b', eol: '' },
    ]);
    assert.deepEqual(
      splitChunks(['a\r', '', '\nb']),
      [
        { text: 'a', eol: '\r\n' },
        { text: 'b', eol: '' },
      ],
      'an empty chunk between',
    );
    assert.deepEqual(
      splitChunks(['a\r', 'b']),
      [
        { text: 'a', eol: '\r' },
        { text: 'b', eol: '' },
      ],
      'a lone \\r at a chunk end',
    );
    assert.deepEqual(
      splitChunks(['a\r']),
      [
        { text: 'a', eol: '\r' },
        { text: '', eol: '' },
      ],
      'a lone \\r at the end of the text',
    );
  });

  it('gives the text after the last break as a line, and an empty one after a final break', () => {
    assert.deepEqual(splitLines('{"a":1}'), [{ text: '{"a":1}', eol: '' }]);
    assert.deepEqual(splitLines(''), [{ text: '', eol: '' }]);
    assert.deepEqual(splitLines('a\r\n'), [
      { text: 'a', eol: '\r\n' },
      { text: '', eol: '' },
    ]);
    assert.deepEqual(splitChunks(['a', 'b', 'c']), [{ text: 'abc', eol: '' }], 'a line across chunks');
  });

  it('gives the same lines however a stream cuts the text into chunks', () => {
    const random = seededRandom(5);
    const alphabet = ['a', 'b', '\n', '\r', '\r\n', 'é', '{}'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 60; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = 1 + Math.floor(random() * 7);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      assert.deepEqual(splitChunks(chunks), splitLines(text), JSON.stringify(text));
    }
  });
});

describe('reading JSON Lines from a stream', () => {
  it('follows the splitter: a lone \\r, a \\r\\n across chunks, a last line without a break', async () => {
    const bytes = (text: string) => Buffer.from(text, 'utf8');
    assert.deepEqual(await read([bytes('a\rb\r'), bytes('\nc\n'), bytes('d')]), [
      { text: 'a', eol: '\r' },
      { text: 'b', eol: '\r\n' },
      { text: 'c', eol: '\n' },
      { text: 'd', eol: '' },
    ]);
  });

  it('leaves out the empty line after a final break unless asked, but keeps blank lines', async () => {
    assert.deepEqual(
      (await read(['a\n'])).map((l) => l.text),
      ['a'],
    );
    assert.deepEqual(
      (await read(['a\r'])).map((l) => l.text),
      ['a'],
    );
    assert.deepEqual(
      (await read(['a\n\n'])).map((l) => l.text),
      ['a', ''],
    );
    assert.deepEqual(
      (await read(['a\n'], true)).map((l) => l.text),
      ['a', ''],
    );
    assert.deepEqual(await read([]), []);
  });

  it('decodes UTF-8 cut between chunks and keeps a byte order mark', async () => {
    const text = '\uFEFF{"a":"é€"}\n{"b":"😀"}';
    const bytes = Buffer.from(text, 'utf8');
    const oneByOne = Array.from(bytes, (byte) => Uint8Array.of(byte));
    assert.deepEqual(
      (await read(oneByOne)).map((l) => l.text),
      ['\uFEFF{"a":"é€"}', '{"b":"😀"}'],
    );
  });

  it('fails, rather than ending early, when the stream fails', async () => {
    async function* broken() {
      yield Buffer.from('a\nb');
      await Promise.reject(new Error('connection reset')); // the next read fails
    }
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const line of readLines(broken())) seen.push(line.text);
    }, /connection reset/);
    assert.deepEqual(seen, ['a']);
  });
});
