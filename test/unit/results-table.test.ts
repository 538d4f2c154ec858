import * as assert from 'node:assert/strict';
import { displayWidth, renderResults } from '../../client/src/results/resultsTable';
import type { ResultsAnswer } from '../../common/src/protocol';
import type { ResultRow } from '../../common/src/results';

const input = 'file:///data/run.jsonl';
const output = 'file:///data/run.output.jsonl';
const nameOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

const row = (partial: Partial<ResultRow> & Pick<ResultRow, 'customId' | 'status'>): ResultRow => ({
  line: null,
  statusCode: null,
  error: null,
  prompt: '',
  reply: '',
  tokens: null,
  result: null,
  ...partial,
});

const answer: ResultsAnswer = {
  inputUri: input,
  resultUris: [output, 'file:///data/run.errors.jsonl'],
  rows: [
    row({
      line: 0,
      customId: 'req-1',
      status: 'succeeded',
      statusCode: 200,
      prompt: 'Why is the sky blue?',
      reply: 'Rayleigh scattering.',
      tokens: { input: 1000, output: 234, total: 1234 },
      result: { uri: output, line: 0 },
    }),
    row({
      line: 1,
      customId: 'req-2-with-a-long-id',
      status: 'failed',
      statusCode: 429,
      error: 'rate_limit_exceeded',
      prompt: 'Tell\nme',
      reply: 'Slow down.',
    }),
    row({ line: 11, customId: '日本語', status: 'not run', prompt: 'Third' }),
    row({ customId: 'orphan', status: 'succeeded', statusCode: 200, reply: 'Hi', result: { uri: output, line: 7 } }),
  ],
  totals: {
    requests: 3,
    succeeded: 1,
    failed: 1,
    notRun: 1,
    unmatched: 1,
    tokens: { input: 1000, output: 234, total: 1234 },
    unreadableLines: 2,
  },
};

describe('the results view as text', () => {
  it('a header with the totals, then aligned rows: line, custom_id, status, prompt, reply, tokens', () => {
    const { text } = renderResults(answer, { failuresOnly: false, nameOf, locale: 'en-US' });
    assert.equal(
      text,
      [
        'Results of run.jsonl',
        '3 requests · 1 succeeded · 1 failed · 1 not run · 1,234 tokens (1,000 in, 234 out)',
        'From run.output.jsonl, run.errors.jsonl',
        'Note: 1 result for custom_ids no request has (at the end); 2 lines of the result files skipped: not result lines.',
        'All requests. Each row opens its request line (Ctrl+click the line number or the custom_id).',
        '',
        'line  custom_id             status                     prompt                reply                 tokens',
        '   1  req-1                 ✓ 200                      Why is the sky blue?  Rayleigh scattering.   1,234',
        '   2  req-2-with-a-long-id  ✗ 429 rate_limit_exceeded  Tell me               Slow down.',
        '  12  日本語                · not run                  Third',
        '   —  orphan                ✓ 200                                            Hi',
        '',
      ].join('\n'),
    );
    const lines = text.split('\n');
    const columns = (i: number) => displayWidth(lines[i].slice(0, lines[i].indexOf('status') >= 0 ? lines[i].indexOf('status') : 0));
    assert.equal(columns(6), 28, 'the status column starts after the widest id, wide characters counted twice');
    assert.equal(displayWidth('日本語'), 6);
  });

  it('links each row’s line number and custom_id to its input line, a result no request has to its result line', () => {
    const { text, links } = renderResults(answer, { failuresOnly: false, nameOf, locale: 'en-US' });
    const lines = text.split('\n');
    assert.deepEqual(
      links.map((l) => [lines[l.line].slice(l.start, l.end), l.target.uri === input ? 'input' : 'output', l.target.line]),
      [
        ['1', 'input', 0],
        ['req-1', 'input', 0],
        ['2', 'input', 1],
        ['req-2-with-a-long-id', 'input', 1],
        ['12', 'input', 11],
        ['日本語', 'input', 11],
        ['—', 'output', 7],
        ['orphan', 'output', 7],
      ],
    );
  });

  it('says when only failures are shown, and when there are none, or no results at all', () => {
    const failures = { ...answer, rows: answer.rows.slice(1, 3) };
    assert.match(
      renderResults(failures, { failuresOnly: true, nameOf }).text,
      /\nFailures only: 2 requests that failed or did not run\.\n/,
    );
    assert.match(renderResults({ ...answer, rows: [] }, { failuresOnly: true, nameOf }).text, /\n\nEvery request succeeded\.\n$/);
    const none = renderResults({ ...answer, resultUris: [], rows: [] }, { failuresOnly: false, nameOf });
    assert.match(none.text, /^Results of run\.jsonl\n\nNo results found: download the batch’s output/);
    assert.deepEqual(none.links, []);
  });

  it('groups digits as the user reads them, and cuts a custom_id too long for its column', () => {
    const long = {
      ...answer,
      rows: [
        row({ line: 12344, customId: 'x'.repeat(50), status: 'succeeded', statusCode: 200, tokens: { input: 1, output: 1, total: 12345 } }),
      ],
    };
    const { text } = renderResults(long, { failuresOnly: false, nameOf, locale: 'de-DE' });
    assert.match(text, /1\.234 tokens \(1\.000 in, 234 out\)/);
    assert.match(text, /\n12\.345 {2}x{35}… {2}✓ 200 .* 12\.345\n$/);
  });
});
