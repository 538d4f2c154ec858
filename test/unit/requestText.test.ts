import * as assert from 'node:assert/strict';
import { COMPACT, compactRequest, compactWithOffsets, formatRequest, separatorsOf } from '../../common/src/requestText';
import { bodyMakers, defaultModels, requestLine, seededRandom } from '../helpers/requests';

/** Python's json.dumps: `", "` and `": "`. */
const pythonStyle = (value: unknown) =>
  JSON.stringify(value).replace(
    /("(?:[^"\\]|\\.)*")|([,:])/g,
    (_, string: string | undefined, separator: string) => string ?? `${separator} `,
  );

describe('Edit Request: a request as one line and pretty-printed', () => {
  it('gives back the very line, in either separator style, for generated requests of every endpoint', () => {
    const random = seededRandom(3);
    for (const [url, make] of Object.entries(bodyMakers)) {
      for (let i = 0; i < 40; i++) {
        const compact = requestLine(`r-${i}`, url, make(random, defaultModels[url]));
        for (const line of [compact, pythonStyle(JSON.parse(compact))]) {
          const pretty = formatRequest(line);
          assert.ok(pretty, line);
          assert.deepEqual(JSON.parse(pretty), JSON.parse(line));
          assert.equal(compactRequest(pretty, separatorsOf(line)), line);
        }
      }
    }
  });

  it('keeps numbers, escapes and key order as written', () => {
    const line = '{"custom_id": "\\u00e9t\\u00e9", "body": {"seed": 12345678901234567890, "temperature": 1.0, "x": 1e3, "stop": ["\\n"]}}';
    assert.equal(compactRequest(formatRequest(line)!, separatorsOf(line)), line);
  });

  it('puts one member per line, and short arrays of scalars and number arrays on one line', () => {
    const line = JSON.stringify({
      custom_id: 'a',
      body: {
        messages: [{ role: 'user', content: 'Hi' }],
        stop: ['a', 'b'],
        input: [1, 2, 3],
        empty: {},
        none: [],
        long: ['x'.repeat(50), 'y'.repeat(50)],
      },
    });
    assert.equal(
      formatRequest(line),
      [
        '{',
        '  "custom_id": "a",',
        '  "body": {',
        '    "messages": [',
        '      {',
        '        "role": "user",',
        '        "content": "Hi"',
        '      }',
        '    ],',
        '    "stop": ["a", "b"],',
        '    "input": [1, 2, 3],',
        '    "empty": {},',
        '    "none": [],',
        '    "long": [',
        `      "${'x'.repeat(50)}",`,
        `      "${'y'.repeat(50)}"`,
        '    ]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('formats nothing that is not JSON', () => {
    assert.equal(formatRequest('{"a": '), undefined);
    assert.equal(formatRequest(''), undefined);
  });

  it("tells a line's separators", () => {
    assert.deepEqual(separatorsOf('{"a": 1, "b": 2}'), { colon: ': ', comma: ', ' });
    assert.deepEqual(separatorsOf('{"a":1,"b":2}'), COMPACT);
    assert.deepEqual(separatorsOf('{"a,b: c":1}'), COMPACT);
    assert.deepEqual(separatorsOf('{"a": 1}'), { colon: ': ', comma: ', ' });
  });

  it('compacts any text to one line, mapping each character back', () => {
    const text = '{\n  "a": "x y",\n  "b": "broken\nstring"\n}';
    const compact = compactWithOffsets(text);
    assert.equal(compact.text, '{"a":"x y","b":"brokenstring"}');
    assert.equal(compact.offsets.length, compact.text.length);
    compact.offsets.forEach((offset, i) => assert.equal(text[offset], compact.text[i]));
  });
});
