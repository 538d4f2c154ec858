import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRetryLines, isFailedResult, ResultCollector, RetrySelector, siblingPath, writeRetryFile } from '../../client/src/retryFile';

const request = (id: string) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'm', messages: [{ role: 'user', content: id }] },
  });
const ok = (id: string) =>
  JSON.stringify({ id: `r-${id}`, custom_id: id, response: { status_code: 200, request_id: 'q', body: {} }, error: null });
const httpError = (id: string, status: number) =>
  JSON.stringify({
    id: `r-${id}`,
    custom_id: id,
    response: { status_code: status, request_id: 'q', body: { error: { message: 'no' } } },
    error: null,
  });
const failed = (id: string) =>
  JSON.stringify({ id: `r-${id}`, custom_id: id, response: null, error: { code: 'batch_expired', message: 'expired' } });
const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('client: retry files', () => {
  it('counts a result as failed when it has an error or a non-200 response', () => {
    assert.equal(isFailedResult(parse(ok('a'))), false);
    assert.equal(isFailedResult(parse(httpError('a', 400))), true);
    assert.equal(isFailedResult(parse(httpError('a', 500))), true);
    assert.equal(isFailedResult(parse(failed('a'))), true);
    assert.equal(isFailedResult({ custom_id: 'a', response: null, error: null }), true);
  });

  it('keeps only the failed requests, verbatim and in input order', () => {
    const input = ['a', 'b', 'c', 'd', 'e'].map(request).join('\r\n');
    const output = [ok('a'), httpError('b', 429), ok('d')].join('\n');
    const errors = [failed('e')].join('\n');
    const result = buildRetryLines(input, [errors, output]);
    assert.deepEqual(result.lines, [request('b'), request('e')]);
    assert.equal(result.kept, 2);
    assert.deepEqual(result.missing, []);
    assert.equal(result.unanswered, 0);
  });

  it('adds requests that never ran only when asked (expired or cancelled batches)', () => {
    const input = ['a', 'b', 'c'].map(request).join('\n');
    const output = ok('a');
    assert.deepEqual(buildRetryLines(input, [output]).lines, []);
    const withUnanswered = buildRetryLines(input, [output], true);
    assert.deepEqual(withUnanswered.lines, [request('b'), request('c')]);
    assert.equal(withUnanswered.unanswered, 2);
  });

  it('reports failed custom_ids the input no longer has', () => {
    const result = buildRetryLines(request('a'), [failed('gone')]);
    assert.deepEqual(result.lines, []);
    assert.deepEqual(result.missing, ['gone']);
  });

  it('skips blank and broken lines on both sides', () => {
    const results = new ResultCollector();
    for (const line of ['', 'not json', '[1]', failed('a')]) results.add(line);
    assert.deepEqual([...results.failed], ['a']);
    const selector = new RetrySelector(results);
    assert.deepEqual(
      ['', '{oops', request('a')].map((l) => selector.accept(l)),
      [false, false, true],
    );
  });

  it('splits lines as the validator does: a lone \\r ends a line, \\r\\n is one break', () => {
    const input = `${request('a')}\r${request('b')}\r\n${request('c')}`;
    const errors = `${failed('a')}\r${failed('c')}\r`;
    const result = buildRetryLines(input, [errors]);
    assert.deepEqual(result.lines, [request('a'), request('c')]);
    assert.deepEqual(result.missing, []);
  });

  describe('writing the retry file from the input file', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-retry-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const selectorFor = (...failedIds: string[]) => {
      const results = new ResultCollector();
      for (const id of failedIds) results.add(failed(id));
      return new RetrySelector(results);
    };

    it('reads an input with \\r line ends (and a last line without one), and writes \\n-ended lines', async () => {
      const input = path.join(dir, 'run.jsonl');
      const target = path.join(dir, 'run.retry.jsonl');
      fs.writeFileSync(input, `${request('a')}\r${request('b')}\r\r${request('c')}\r\n${request('d')}`);
      const selection = await writeRetryFile(input, target, selectorFor('b', 'd', 'gone'));
      assert.deepEqual([selection.kept, selection.missing], [2, ['gone']]);
      assert.equal(fs.readFileSync(target, 'utf8'), `${request('b')}\n${request('d')}\n`);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['run.jsonl', 'run.retry.jsonl'], 'no partial file left');
    });

    it('keeps a \\r\\n that falls between two reads as one line break', async () => {
      const input = path.join(dir, 'run.jsonl');
      const target = path.join(dir, 'run.retry.jsonl');
      // The file is read 64 KiB at a time: put a \r\n across that boundary.
      const first = JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/moderations', body: { input: 'x'.repeat(65_536 - 80) } });
      const padded = first.slice(0, -3) + 'y'.repeat(65_535 - first.length) + first.slice(-3);
      assert.equal(Buffer.byteLength(padded), 65_535);
      fs.writeFileSync(input, `${padded}\r\n${request('b')}\r\n`);
      const selection = await writeRetryFile(input, target, selectorFor('a', 'b'));
      assert.deepEqual([selection.kept, selection.missing], [2, []]);
      assert.equal(fs.readFileSync(target, 'utf8'), `${padded}\n${request('b')}\n`, 'no empty line between them');
    });

    it('writes nothing when no line is kept', async () => {
      const input = path.join(dir, 'run.jsonl');
      fs.writeFileSync(input, `${request('a')}\r`);
      const selection = await writeRetryFile(input, path.join(dir, 'run.retry.jsonl'), selectorFor('z'));
      assert.equal(selection.kept, 0);
      assert.deepEqual(fs.readdirSync(dir), ['run.jsonl']);
    });
  });

  it('names files beside the input', () => {
    assert.equal(siblingPath('/data/run.jsonl', 'retry'), '/data/run.retry.jsonl');
    assert.equal(siblingPath('/data/run.JSONL', 'output'), '/data/run.output.jsonl');
    assert.equal(siblingPath('/data/run', 'errors'), '/data/run.errors.jsonl');
  });
});
