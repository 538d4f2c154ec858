import * as assert from 'node:assert/strict';
import { buildRetryLines, isFailedResult, ResultCollector, RetrySelector, siblingPath } from '../../client/src/retryFile';

const request = (id: string) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages: [{ role: 'user', content: id }] } });
const ok = (id: string) => JSON.stringify({ id: `r-${id}`, custom_id: id, response: { status_code: 200, request_id: 'q', body: {} }, error: null });
const httpError = (id: string, status: number) => JSON.stringify({ id: `r-${id}`, custom_id: id, response: { status_code: status, request_id: 'q', body: { error: { message: 'no' } } }, error: null });
const failed = (id: string) => JSON.stringify({ id: `r-${id}`, custom_id: id, response: null, error: { code: 'batch_expired', message: 'expired' } });

describe('client: retry files', () => {
  it('counts a result as failed when it has an error or a non-200 response', () => {
    assert.equal(isFailedResult(JSON.parse(ok('a'))), false);
    assert.equal(isFailedResult(JSON.parse(httpError('a', 400))), true);
    assert.equal(isFailedResult(JSON.parse(httpError('a', 500))), true);
    assert.equal(isFailedResult(JSON.parse(failed('a'))), true);
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
    assert.deepEqual(['', '{oops', request('a')].map((l) => selector.accept(l)), [false, false, true]);
  });

  it('names files beside the input', () => {
    assert.equal(siblingPath('/data/run.jsonl', 'retry'), '/data/run.retry.jsonl');
    assert.equal(siblingPath('/data/run.JSONL', 'output'), '/data/run.output.jsonl');
    assert.equal(siblingPath('/data/run', 'errors'), '/data/run.errors.jsonl');
  });
});
