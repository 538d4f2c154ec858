/** Reading lines as bytes: the \r rules of the one splitter found in raw bytes, ranges that tile a
 *  file giving every line once whoever reads them, invalid UTF-8 found per line, and the Latin-1
 *  view of a line giving the facts the decoded line gives. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { splitByteLines } from '../../common/src/byteLineSplitter';
import { splitLines } from '../../common/src/lineSplitter';
import {
  analyzeLine,
  analyzeLineBytes,
  type ByteReader,
  bytesLineSource,
  DEFAULT_LIMITS,
  decodeLine,
  forEachLineInRange,
  isBatchEndpoint,
  memoryReader,
  readBuffer,
  schemaRegistry,
  validateLines,
} from '../../server/src/core';
import { analyzeLatin1View } from '../../server/src/core/analyzeLine';
import { mixedBatchFile } from '../helpers/mixedFile';
import { bodyMakers, defaultModels, requestLine, seededRandom } from '../helpers/requests';

/** This file runs from test/out/unit. */
const root = path.resolve(__dirname, '../../..');

/** The lines of `bytes` as text, split by the byte splitter and decoded one by one. */
function byteLines(bytes: Buffer): { text: string; eol: string }[] {
  return splitByteLines(bytes).map(({ start, end, eolLength }) => ({
    text: decodeLine(bytes, start, end).text,
    eol: bytes.toString('latin1', end, end + eolLength),
  }));
}

/** What the text splitter gives for the same bytes, decoded first (as a TextDecoder does). */
function textLines(bytes: Buffer): { text: string; eol: string }[] {
  return splitLines(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
}

/** A reader that hands out at most `step` bytes per read, as a slow file or a pipe may. */
function trickleReader(bytes: Buffer, step: number): ByteReader {
  return {
    size: bytes.length,
    read: (target, offset, length, position) =>
      bytes.copy(target, offset, position, Math.min(bytes.length, position + Math.min(length, step))),
  };
}

/** Every line from ranges of `rangeBytes` that tile the input, in order. */
function tiled(reader: ByteReader, rangeBytes: number, bufferBytes: number): { start: number; end: number; eol: number }[] {
  const lines: { start: number; end: number; eol: number }[] = [];
  const buffer = readBuffer(bufferBytes);
  const count = Math.max(1, Math.ceil(reader.size / rangeBytes));
  for (let k = 0; k < count; k++) {
    forEachLineInRange(
      reader,
      k * rangeBytes,
      Math.min(reader.size, (k + 1) * rangeBytes),
      (_bytes, start, end, eol, position) => {
        lines.push({ start: position, end: position + end - start, eol });
      },
      buffer,
    );
  }
  return lines;
}

const ALPHABET = ['a', 'b', '\n', '\r', '\r\n', 'é', '日', '😀', '{}', '\n\r', '\r\r'];

function randomBytes(random: () => number, length: number): Buffer {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return Buffer.from(text, 'utf8');
}

describe('lines found in bytes', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, and keeps the text after the last break, as the text splitter does', () => {
    const cases = ['a\nb\r\nc\rd', 'x\n', '', 'a\r\rb\r', 'a\n\rb', '\r', '\r\n', '\n\n', 'é\r日\r\n😀'];
    for (const text of cases) assert.deepEqual(byteLines(Buffer.from(text)), splitLines(text), JSON.stringify(text));
    const random = seededRandom(21);
    for (let round = 0; round < 300; round++) {
      const bytes = randomBytes(random, Math.floor(random() * 40));
      assert.deepEqual(byteLines(bytes), textLines(bytes), JSON.stringify(bytes.toString()));
    }
  });

  it('gives every line once from ranges that tile the input, however small the ranges and reads', () => {
    const random = seededRandom(22);
    for (let round = 0; round < 200; round++) {
      const bytes = randomBytes(random, Math.floor(random() * 60));
      const expected = splitByteLines(bytes).map(({ start, end, eolLength }) => ({ start, end, eol: eolLength }));
      const rangeBytes = 1 + Math.floor(random() * 12);
      assert.deepEqual(
        tiled(memoryReader(bytes), rangeBytes, rangeBytes),
        expected,
        `in memory, ranges of ${rangeBytes}: ${JSON.stringify(bytes.toString())}`,
      );
      const step = 1 + Math.floor(random() * 5);
      assert.deepEqual(
        tiled(trickleReader(bytes, step), rangeBytes, 1),
        expected,
        `read ${step} at a time, ranges of ${rangeBytes}: ${JSON.stringify(bytes.toString())}`,
      );
    }
  });

  it('reads a line much longer than its range, and a \\r\\n cut by the end of a read', () => {
    const long = 'x'.repeat(300_000);
    const bytes = Buffer.from(`a\r\n${long}\r\nb\r`);
    const expected = splitByteLines(bytes).map(({ start, end, eolLength }) => ({ start, end, eol: eolLength }));
    assert.equal(expected.length, 4);
    for (const rangeBytes of [1, 2, 3, 1000, 1 << 20])
      assert.deepEqual(tiled(trickleReader(bytes, 7), rangeBytes, 16), expected, `ranges of ${rangeBytes}`);
  });
});

describe('UTF-8 checked line by line', () => {
  const latin1 = Buffer.concat([Buffer.from('{"custom_id": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);

  it('decodes each line once, keeps a byte order mark, and finds bytes that are not UTF-8 in their own line', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": "é"}\n'), latin1, Buffer.from('\n{"b": 1}')]);
    const lines = splitByteLines(bytes).map(({ start, end }) => decodeLine(bytes, start, end));
    assert.deepEqual(
      lines.map((l) => l.validUtf8),
      [true, false, true],
    );
    assert.equal(lines[0].text, '\uFEFF{"a": "é"}');
    assert.equal(lines[1].text, '{"custom_id": "caf\uFFFD"}');
    assert.deepEqual(
      lines.map((l) => l.text),
      textLines(bytes).map((l) => l.text),
      'as a whole-file decoder gives them',
    );
  });

  it('marks where a line has U+FFFD, from bytes that are not UTF-8 or written as such', () => {
    const analyse = (bytes: Buffer) => analyzeLineBytes(bytes, 0, bytes.length, 1, schemaRegistry(), DEFAULT_LIMITS);
    const bad = analyse(latin1);
    assert.deepEqual([bad.validUtf8, bad.replacementAt], [false, 18]);
    const written = analyse(Buffer.from('{"custom_id": "\uFFFD"}'));
    assert.deepEqual([written.validUtf8, written.replacementAt], [true, 15]);
    const clean = analyse(Buffer.from('{"custom_id": "é"}'));
    assert.deepEqual([clean.validUtf8, clean.replacementAt], [true, -1]);
    for (const cut of [
      [0xe6, 0x97],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf0, 0x9f, 0x98],
    ]) {
      const line = Buffer.concat([Buffer.from('"x'), Buffer.from(cut), Buffer.from('y"')]);
      const result = analyse(line);
      assert.equal(result.validUtf8, false, JSON.stringify(cut));
      assert.equal(result.replacementAt, 2, JSON.stringify(cut));
    }
  });

  it('reports every line with U+FFFD when the file is not all UTF-8, as reading the whole file first did', async () => {
    const first = requestLine('a', '/v1/moderations', { input: 'x \uFFFD' });
    const bytes = Buffer.concat([Buffer.from(`${first}\n`), latin1, Buffer.from('\n')]);
    const result = await validateLines(bytesLineSource('batch.jsonl', bytes), { detection: 'always', maxProblems: Infinity });
    const faults = result.diagnostics.filter((d) => d.message.includes('not valid UTF-8'));
    assert.deepEqual(
      faults.map((d) => [d.line, d.start]),
      [
        [0, first.indexOf('\uFFFD')],
        [1, 18],
      ],
    );
    const valid = await validateLines(bytesLineSource('batch.jsonl', Buffer.from(first)), { detection: 'always' });
    assert.deepEqual(valid.diagnostics, [], 'a U+FFFD in a file that is all UTF-8 is just a character');
  });
});

describe("a line's Latin-1 view", () => {
  const registry = schemaRegistry();
  const both = (text: string | Buffer) => {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const fast = analyzeLineBytes(bytes, 0, bytes.length, 1, registry, DEFAULT_LIMITS, true);
    const slow = analyzeLineBytes(bytes, 0, bytes.length, 1, registry, DEFAULT_LIMITS, false);
    return { fast, slow };
  };

  it('gives the facts of the decoded line for every kind of line', () => {
    const file = Buffer.concat([mixedBatchFile(31, 400_000), mixedBatchFile(32, 200_000)]);
    let lines = 0;
    for (const { start, end } of splitByteLines(file)) {
      const bytes = file.subarray(start, end);
      const { fast, slow } = both(bytes);
      assert.deepEqual(fast, slow, bytes.toString());
      if (slow.validUtf8) assert.deepEqual(slow.facts, analyzeLine(bytes.toString('utf8')), 'as analyzeLine gives them for the text');
      lines++;
    }
    assert.ok(lines > 200, `${lines} lines`);
  });

  it('is taken for a valid request with text in any script, and not when the line has anything to report', () => {
    const random = seededRandom(33);
    const view = (text: string) =>
      analyzeLatin1View(Buffer.from(text, 'utf8').toString('latin1'), registry, DEFAULT_LIMITS, Buffer.byteLength(text));
    for (const [url, make] of Object.entries(bodyMakers)) {
      const line = requestLine('r-1', url, make(random, defaultModels[url]));
      if (/[\u0080-\uffff]/.test(line)) assert.deepEqual(view(line), analyzeLine(line), url);
    }
    const chat = (body: Record<string, unknown>, id = 'a') =>
      requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'héllo' }], ...body });
    const declined = {
      'a custom_id that is not ASCII': chat({}, 'é'),
      'a model that is not ASCII': chat({ model: 'gpt-é' }),
      'a key that is not ASCII': chat({ metadata: { clé: 'v' } }),
      'an escaped key that reads like a raw one': chat({ metadata: { 'Ã©': 'v', é: 1 } }).replace('"Ã©"', '"\\u00c3\\u00a9"'),
      'a metadata value too long as text': chat({ metadata: { k: 'é'.repeat(300) } }),
      'a stream': chat({ stream: true }),
      'an unknown parameter': chat({ temprature: 1 }),
      'a role that is not one': chat({ messages: [{ role: 'üser', content: 'x' }] }),
      'a function name with an accent': chat({ tools: [{ type: 'function', function: { name: 'café' } }] }),
    };
    for (const [what, line] of Object.entries(declined)) {
      assert.equal(view(line), undefined, what);
      const { fast, slow } = both(line);
      assert.deepEqual(fast, slow, what);
    }
    assert.equal(
      both(chat({ metadata: { k: 'é'.repeat(256) } })).slow.facts.problems.length,
      0,
      'the long metadata value is valid as text (256 characters, 512 bytes)',
    );
  });

  it('is used only for schemas the generator proved safe, and the generator says why it would not', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build script, not bundled
    const { latin1Problems } = require(path.join(root, 'scripts/generate-validators.js')) as {
      latin1Problems: (schema: unknown) => string[];
    };
    assert.deepEqual(
      latin1Problems({ type: 'object', properties: { a: { type: 'string', maxLength: 5, pattern: '^[a-z]+$', enum: ['x'] } } }),
      [],
    );
    assert.equal(latin1Problems({ minLength: 2 }).length, 1);
    assert.equal(latin1Problems({ pattern: '^.+$' }).length, 1);
    assert.equal(latin1Problems({ pattern: '[^a]' }).length, 1);
    assert.equal(latin1Problems({ enum: ['é'] }).length, 1);
    assert.equal(latin1Problems({ properties: { é: {} } }).length, 1);
    assert.equal(
      latin1Problems({ oneOf: [{ maxLength: 3 }, { type: 'number' }] }).length,
      1,
      'maxLength where passing more may fail the whole',
    );
    assert.equal(latin1Problems({ not: { maxLength: 3 } }).length, 1);
    assert.equal(latin1Problems({ if: { maxLength: 3 }, then: {} }).length, 1);
    assert.deepEqual(
      latin1Problems({ discriminator: { propertyName: 't' }, oneOf: [{ properties: { t: { const: 'a' }, n: { maxLength: 3 } } }] }),
      [],
    );
    assert.equal(latin1Problems({ format: 'date' }).length, 1, 'a keyword not known to be safe');
    assert.equal(latin1Problems({ $ref: '#/definitions/x', definitions: { x: { minLength: 4 } } }).length, 1, 'references are followed');
    for (const endpoint of Object.keys(bodyMakers)) assert.ok(isBatchEndpoint(endpoint) && registry.latin1Safe(endpoint), endpoint);
  });
});
