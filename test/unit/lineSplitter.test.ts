import * as assert from 'node:assert/strict';
import { LineSplitter, type SplitLine, splitLines } from '../../server/src/core';
import { seededRandom } from '../helpers/requests';

describe('line splitting', () => {
  it('splits at \\n, \\r\\n and \\r like an editor', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd'), [
      { text: 'a', eol: '\n' },
      { text: 'b', eol: '\r\n' },
      { text: 'c', eol: '\r' },
      { text: 'd', eol: '' },
    ]);
    assert.deepEqual(splitLines('x\n'), [{ text: 'x', eol: '\n' }, { text: '', eol: '' }]);
  });

  it('gives the same lines however a stream cuts the text into chunks', () => {
    const random = seededRandom(5);
    const alphabet = ['a', 'b', '\n', '\r', '\r\n', 'é', '{}'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 60; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const splitter = new LineSplitter();
      const lines: SplitLine[] = [];
      const emit = (line: SplitLine) => lines.push(line);
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(random() * 7);
        splitter.push(text.slice(at, at + size), emit);
        at += size;
      }
      splitter.end(emit);
      assert.deepEqual(lines, splitLines(text), JSON.stringify(text));
    }
  });
});
