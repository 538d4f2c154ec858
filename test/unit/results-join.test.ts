import * as assert from 'node:assert/strict';
import {
  findResult,
  inputNameOf,
  isResultFileName,
  joinResults,
  notRunMarkdown,
  outcomeLabel,
  parseResultLine,
  type RequestLine,
  type ResultFileIndex,
  ResultIndexBuilder,
  resultFileNamesOf,
  resultMarkdown,
} from '../../server/src/core/results';
import { chatResult, embeddingResult, httpErrorResult, unrunResult } from '../helpers/resultLines';

function index(uri: string, lines: string[]): ResultFileIndex {
  const builder = new ResultIndexBuilder(uri);
  lines.forEach((line, i) => builder.add(line, i));
  return builder.finish();
}

const output = index('file:///b/run.output.jsonl', [
  chatResult('a', 'Alpha reply', { prompt: 10, completion: 2 }),
  '',
  chatResult('c', 'Gamma reply\nwith a second line', { prompt: 5, completion: 5 }),
  chatResult('orphan', 'Nobody asked', { prompt: 1, completion: 1 }),
  'garbage',
]);
const errors = index('file:///b/run.errors.jsonl', [
  httpErrorResult('b', 500, 'server_error', 'The server had an error while processing your request.'),
  unrunResult('d'),
]);
const requests: RequestLine[] = [
  { line: 0, customId: 'a', prompt: 'First prompt' },
  { line: 1, customId: 'b', prompt: 'Second prompt' },
  { line: 3, customId: 'c', prompt: 'Third   prompt,\nlong' },
  { line: 4, customId: 'd', prompt: 'Fourth' },
  { line: 5, customId: 'e', prompt: 'Fifth' },
];

describe('result index', () => {
  it('keeps each result by custom_id with its line and the span of its id, skipping blank and unreadable lines', () => {
    assert.deepEqual(
      output.order.map((r) => [r.customId, r.line]),
      [
        ['a', 0],
        ['c', 2],
        ['orphan', 3],
      ],
    );
    assert.equal(output.unreadable, 1);
    const line = chatResult('x', 'y');
    const entry = index('u', [line]).order[0];
    assert.equal(line.slice(entry.idStart, entry.idEnd), '"x"');
    assert.equal(findResult([output, errors], 'b')?.uri, 'file:///b/run.errors.jsonl');
    assert.equal(findResult([output, errors], 'nothing'), undefined);
  });

  it('keeps the first result of an id given twice, and only the start of a long reply', () => {
    const twice = index('u', [chatResult('x', 'first'), chatResult('x', 'second'), chatResult('long', 'word '.repeat(10_000))]);
    assert.equal(twice.byId.get('x')?.reply, 'first');
    assert.ok((twice.byId.get('long')?.reply.length ?? 0) <= 160);
  });
});

describe('results joined with requests', () => {
  it('one row per request in input order, then results no request has; totals of all', () => {
    const { rows, totals } = joinResults(requests, [output, errors], { promptChars: 20, replyChars: 20 });
    assert.deepEqual(
      rows.map((r) => [r.line, r.customId, r.status, r.statusCode, r.error, r.prompt, r.reply, r.tokens?.total ?? null]),
      [
        [0, 'a', 'succeeded', 200, null, 'First prompt', 'Alpha reply', 12],
        [1, 'b', 'failed', 500, 'server_error', 'Second prompt', 'The server had an e…', null],
        [3, 'c', 'succeeded', 200, null, 'Third prompt, long', 'Gamma reply with a…', 10],
        [4, 'd', 'failed', null, 'batch_expired', 'Fourth', 'This request could…', null],
        [5, 'e', 'not run', null, null, 'Fifth', '', null],
        [null, 'orphan', 'succeeded', 200, null, '', 'Nobody asked', 2],
      ],
    );
    assert.deepEqual(rows[0].result, { uri: 'file:///b/run.output.jsonl', line: 0 });
    assert.equal(rows[4].result, null);
    assert.deepEqual(totals, {
      requests: 5,
      succeeded: 2,
      failed: 2,
      notRun: 1,
      unmatched: 1,
      tokens: { input: 16, output: 8, total: 24 },
      unreadableLines: 1,
    });
  });

  it('failures only: the rows of failed and unrun requests, the same totals', () => {
    const all = joinResults(requests, [output, errors]);
    const failures = joinResults(requests, [output, errors], { failuresOnly: true });
    assert.deepEqual(
      failures.rows.map((r) => r.customId),
      ['b', 'd', 'e'],
    );
    assert.deepEqual(failures.totals, all.totals);
  });

  it('without a known input, every result is a row of its own', () => {
    const { rows, totals } = joinResults(null, [errors]);
    assert.deepEqual(
      rows.map((r) => [r.line, r.customId, r.status]),
      [
        [null, 'b', 'failed'],
        [null, 'd', 'failed'],
      ],
    );
    assert.equal(totals.requests, 2);
    assert.equal(totals.unmatched, 0);
  });

  it('a request whose id is in the output and the errors takes the output file’s result', () => {
    const retried = index('file:///b/run.errors.jsonl', [httpErrorResult('a', 429, 'rate_limit_exceeded', 'Slow down.')]);
    assert.equal(joinResults(requests, [output, retried]).rows[0].status, 'succeeded');
  });
});

describe('how results read', () => {
  const entry = (line: string) => index('file:///b/run.output.jsonl', [line]).order[0];

  it('the marker after a request line', () => {
    assert.equal(outcomeLabel(entry(chatResult('a', 'x', { prompt: 1000, completion: 234 }))), '✓ 200 · 1,234 tok');
    assert.equal(outcomeLabel(entry(httpErrorResult('b', 429, 'rate_limit_exceeded', 'Slow down.'))), '✗ 429 rate_limit_exceeded');
    assert.equal(outcomeLabel(entry(unrunResult('c'))), '✗ batch_expired');
    assert.equal(outcomeLabel(entry(JSON.stringify({ custom_id: 'd', response: null, error: null }))), '✗ no response');
    assert.equal(outcomeLabel(undefined), 'not run');
  });

  it('the hover: the whole reply, the tokens, where the result is; an embedding by its size', () => {
    const line = chatResult('a', 'First line.\nSecond *line*.', { prompt: 3, completion: 4 });
    const markdown = resultMarkdown(entry(line), { fileName: 'run.output.jsonl', line: parseResultLine(line) });
    assert.equal(
      markdown,
      '**Result: ✓ 200** — run\\.output\\.jsonl, line 1\n\n> First line\\.\n> Second \\*line\\*\\.\n\nTokens: 7 tokens (3 in, 4 out)',
    );
    const embedding = embeddingResult('e', 1536);
    assert.match(resultMarkdown(entry(embedding), { fileName: 'x' }), /embedding of 1,536 dimensions\n\nTokens: 8 tokens$/);
    const failed = resultMarkdown(entry(httpErrorResult('b', 400, 'invalid_prompt', 'Your prompt was flagged.')), {
      fileName: 'run.errors.jsonl',
    });
    assert.match(failed, /^\*\*Result: ✗ 400 invalid\\_prompt\*\* — run\\\.errors\\\.jsonl, line 1\n\n> Your prompt was flagged\\\.$/);
    assert.match(notRunMarkdown(['run.output.jsonl']), /^\*\*Result: not run\*\* — no line of `run\.output\.jsonl` has this custom_id/);
  });
});

describe('result file names', () => {
  it('beside the input, as Download Output and Download Errors save them', () => {
    assert.deepEqual(resultFileNamesOf('file:///data/run.jsonl'), ['file:///data/run.output.jsonl', 'file:///data/run.errors.jsonl']);
    assert.deepEqual(resultFileNamesOf('/data/run.output.jsonl'), [], 'a result file has no results of its own');
    assert.deepEqual(resultFileNamesOf('/data/run.txt'), []);
    assert.equal(inputNameOf('file:///data/run.errors.jsonl'), 'file:///data/run.jsonl');
    assert.equal(inputNameOf('file:///data/run.jsonl'), undefined);
    assert.ok(isResultFileName('RUN.OUTPUT.JSONL'));
  });
});
