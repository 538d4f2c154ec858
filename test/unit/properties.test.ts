// Property-based tests (fast-check) over the core and the incremental document: generated and
// mutated lines checked against JSON.parse, and edit sequences checked against a fresh validation.
// Each run prints its counts and seed; FC_SEED=<seed> replays one. A failure prints fast-check's
// shrunk counterexample with the seed and path to replay it.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeLine, BatchDocument, validateText } from '../../server/src/core';
import { requestLine } from '../helpers/requests';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);

const chat = (id: string, extra: Record<string, unknown> = {}) =>
  requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi é 日本' }], ...extra });
const embed = (id: string) => requestLine(id, '/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] });

/** Lines worth mutating: requests (valid and not), other JSON, and edge cases. */
const SEEDS = [
  chat('a'),
  chat('b', { temprature: 1, stream: true }),
  embed('c'),
  '{"custom_id": "x", "method": "GET", "url": "/v1/nope", "body": []}',
  '{"a": [1, 2.5e3, -0, true, null, "\\u00e9\\ud83d\\ude00"]}',
  '[[[[{"deep": {"er": [[]]}}]]]]',
  '"just a string"',
  '12',
  '',
  '   ',
  '\uFEFF{"custom_id": "bom"}',
  '['.repeat(200),
  '{"a":'.repeat(100) + '1' + '}'.repeat(100),
];

/** Characters that break JSON in interesting ways (no line breaks: a line holds none). */
const NASTY = [
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  ' ',
  '\t',
  '0',
  '-',
  'e',
  '.',
  'n',
  't',
  'f',
  'x',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\v',
  '\f',
  '\u0085',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
  '\ufffd',
  'é',
  '//',
  '/*',
  '\\u12',
  '\\x',
  'NaN',
  'Infinity',
  'undefined',
];

const noBreaks = (text: string) => text.replace(/[\r\n]/g, ' ');

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(line: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    const at = line.length === 0 ? 0 : m.at % (line.length + 1);
    if (m.kind === 'insert') line = line.slice(0, at) + m.text + line.slice(at);
    else if (m.kind === 'delete') line = line.slice(0, at) + line.slice(at + m.length);
    else line = line.slice(0, at);
  }
  return noBreaks(line);
}

const lineArbitrary: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([line, ms]) => mutate(line, ms)),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => noBreaks(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(noBreaks) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...NASTY), { maxLength: 12 }).map((parts) => parts.join('')) },
);

const rejected = (line: string) => {
  try {
    JSON.parse(line);
    return false;
  } catch {
    return true;
  }
};
const jsonBlank = (line: string) => /^[ \t]*$/.test(line);

describe('properties (fast-check)', function () {
  this.timeout(120_000);

  it('every line JSON.parse rejects has an error on that line, and every range lies inside its line', () => {
    let lines = 0;
    const LINES_PER_RUN = 50;
    const RUNS = 2_500;
    const started = Date.now();
    // Each line alone, as analyzeLine sees it.
    fc.assert(
      fc.property(fc.array(lineArbitrary, { minLength: LINES_PER_RUN - 10, maxLength: LINES_PER_RUN + 10 }), (batch) => {
        lines += batch.length;
        for (const line of batch) {
          const facts = analyzeLine(line);
          for (const p of facts.problems)
            assert.ok(
              0 <= p.start && p.start <= p.end && p.end <= line.length,
              `${p.code} at ${p.start}-${p.end} in ${JSON.stringify(line)}`,
            );
          if (jsonBlank(line)) assert.equal(facts.blank, true, JSON.stringify(line));
          else if (rejected(line))
            assert.ok(
              facts.problems.some((p) => p.code === 'invalid_json_line'),
              `no invalid_json_line for ${JSON.stringify(line)}`,
            );
        }
      }),
      { seed, numRuns: RUNS, endOnFailure: false },
    );
    // Whole files (fewer: the file-level checks locate every duplicate custom_id).
    fc.assert(
      fc.property(fc.array(lineArbitrary, { minLength: 1, maxLength: LINES_PER_RUN }), (batch) => {
        lines += batch.length;
        const diagnostics = validateText(batch.join('\n') + '\n');
        for (const d of diagnostics) {
          const line = batch[d.line] ?? '';
          assert.ok(
            d.line <= batch.length && 0 <= d.start && d.start <= d.end && d.end <= line.length,
            `${d.code} at ${d.line}:${d.start}-${d.end} in ${JSON.stringify(line)}`,
          );
        }
        batch.forEach((line, i) => {
          const here = diagnostics.filter((d) => d.line === i);
          if (jsonBlank(line)) assert.ok(!here.some((d) => d.code === 'invalid_json_line'), `blank line ${i} called invalid`);
          else if (rejected(line))
            assert.ok(
              here.some((d) => d.code === 'invalid_json_line' && d.severity === 'error'),
              `no invalid_json_line on line ${i}: ${JSON.stringify(line)}`,
            );
        });
      }),
      { seed, numRuns: RUNS / 10, endOnFailure: false },
    );
    console.log(`      ${lines.toLocaleString('en-US')} generated lines in ${Date.now() - started} ms (seed ${seed})`);
    assert.ok(lines >= 100_000, `only ${lines} lines`);
  });

  it('after any sequence of edits, the incremental document matches a fresh validation', () => {
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const text = fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...SEEDS.slice(0, 10)), lineArbitrary), eol), { maxLength: 8 })
      .map((pieces) => pieces.map(([line, end]) => line + end).join(''));
    const edit = fc.record({
      start: fc.nat(),
      length: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.nat({ max: 400 })),
      text: fc.oneof(
        fc.constantFrom(
          '',
          '\n',
          '\r\n',
          '\r',
          '\n\n',
          '"',
          '}',
          'x',
          '\u00a0',
          ', "temprature": 1',
          chat('new') + '\n',
          embed('e') + '\r',
        ),
        fc.string({ unit: 'binary', maxLength: 6 }),
      ),
    });
    let edits = 0;
    const started = Date.now();
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 6, maxLength: 12 }), (initial, steps) => {
        let current = initial;
        const document = new BatchDocument(current);
        for (const step of steps) {
          const start = notInCrLf(current, step.start % (current.length + 1));
          const end = notInCrLf(current, Math.min(current.length, start + step.length));
          document.applyEdit({ range: { start: positionAt(current, start), end: positionAt(current, end) }, text: step.text });
          current = current.slice(0, start) + step.text + current.slice(end);
          edits++;
          assert.equal(document.getText(), current);
          assert.deepEqual(document.diagnostics(), validateText(current));
        }
      }),
      { seed, numRuns: 500, endOnFailure: false },
    );
    console.log(`      ${edits.toLocaleString('en-US')} random edits in ${Date.now() - started} ms (seed ${seed})`);
    assert.ok(edits >= 3_000, `only ${edits} edits`);
  });
});

/** Editors place no position inside a \r\n: move such an offset past it. */
function notInCrLf(text: string, offset: number): number {
  return text[offset - 1] === '\r' && text[offset] === '\n' ? offset + 1 : offset;
}

/** An offset's position as an editor gives it: lines end at \r\n, \n or a lone \r. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const breaks = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: breaks.length - 1, character: breaks[breaks.length - 1].length };
}
