import * as assert from 'node:assert/strict';
import { formatRequest } from '../../common/src/requestText';
import { BatchDocument, checkRequest, validateText } from '../../server/src/core';
import { requestLine } from '../helpers/requests';

const chat = (id: string, extra: Record<string, unknown> = {}) =>
  requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('Edit Request: checking one request written over several lines', () => {
  it('reports what the line would get, on the same text, however the request is broken into lines', () => {
    const line = JSON.stringify({
      custom_id: 4,
      method: 'GET',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }], temprature: 1, stream: true },
    });
    const pretty = formatRequest(line);
    assert.ok(pretty && pretty.split('\n').length > 10);
    const asLine = validateText(line).map((d) => [d.code, d.param, line.slice(d.start, d.end)]);
    const asRequest = checkRequest(pretty).map((d) => [d.code, d.param, pretty.slice(d.start, d.end)]);
    assert.ok(asLine.length >= 5, JSON.stringify(asLine));
    assert.deepEqual(asRequest, asLine);
    assert.ok(checkRequest(pretty).every((d) => d.line === 0));
  });

  it('finds nothing in a valid request', () => {
    assert.deepEqual(checkRequest(formatRequest(chat('a'))!), []);
  });

  it('words syntax errors for a request, at the fault', () => {
    const text = '{\n  "custom_id": "a",\n  "method": "POST"\n  "url": "/v1/chat/completions"\n}';
    const [problem] = checkRequest(text);
    assert.equal(problem.code, 'invalid_json_line');
    assert.match(problem.message, /^This request is not valid JSON: a missing ','\./);
    assert.equal(text.slice(problem.start, problem.end), '"url"');
    assert.match(checkRequest('').at(0)?.message ?? '', /The request is empty/);
    assert.match(checkRequest('[1, 2]').at(0)?.message ?? '', /must be a JSON object .* but this is an array/);
  });

  it("with its batch file: a custom_id another line uses is a duplicate, the request's own line is not", () => {
    const batch = new BatchDocument([chat('a'), chat('b'), chat('c'), chat('c')].join('\n'));
    const origin = (originalId?: string) => ({ model: batch.model, textOf: batch.lineText, originalId });
    // Unchanged id: its own line is the only one.
    assert.deepEqual(checkRequest(formatRequest(chat('a'))!, origin('a')), []);
    // Changed to an id line 2 has.
    const renamed = formatRequest(chat('b', { temperature: 0.5 }))!;
    const [duplicate] = checkRequest(renamed, origin('a'));
    assert.equal(duplicate.code, 'duplicate_custom_id');
    assert.equal(renamed.slice(duplicate.start, duplicate.end), '"b"');
    assert.match(duplicate.message, /already used on line 2 of the batch file/);
    assert.deepEqual(
      duplicate.related?.map((r) => [r.line, chat('b').slice(r.start, r.end)]),
      [[1, '"b"']],
    );
    // An id two lines have, this very request one of them: the other is reported.
    assert.match(
      checkRequest(formatRequest(chat('c'))!, origin('c'))[0].message,
      /custom_id "c" is already used on line 4 of the batch file/,
    );
    // Edited since it was opened, its own line is one of those with the id it was opened with.
    assert.match(
      checkRequest(formatRequest(chat('c', { temperature: 1 }))!, origin('c'))[0].message,
      /custom_id "c" is used on lines 3 and 4 of the batch file/,
    );
    assert.deepEqual(checkRequest(formatRequest(chat('a', { temperature: 1 }))!, origin('a')), []);
    // A fresh id is fine.
    assert.deepEqual(checkRequest(formatRequest(chat('d'))!, origin('a')), []);
    // Once saved with its new id, the line that holds this very request is its own.
    assert.deepEqual(checkRequest(formatRequest(chat('b'))!, origin('x')), []);
    // An id used twice, one of them this very request: the other is the duplicate.
    const [other] = checkRequest(formatRequest(chat('c'))!, origin('x'));
    assert.match(other.message, /custom_id "c" is already used on line 4 of the batch file/);
  });
});
