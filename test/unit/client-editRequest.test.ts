import * as assert from 'node:assert/strict';
import { findRequestLine, type Lines } from '../../client/src/editRequest/findRequestLine';
import { requestToLine } from '../../client/src/editRequest/requestToLine';
import { parseRequestQuery, requestAddressOf, requestQuery } from '../../common/src/requestUri';

const line = (id: string, content = 'Hi') =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'm', messages: [{ role: 'user', content }] },
  });
const lines = (texts: string[]): Lines => ({ lineCount: texts.length, lineAt: (i) => texts[i] });

describe('client: Edit Request finds its line again', () => {
  const opened = { text: line('b'), line: 1, customId: 'b' };

  it('where it was, or where it moved to (the nearest copy)', () => {
    assert.deepEqual(findRequestLine(lines([line('a'), line('b'), line('c')]), opened, 'f.jsonl'), {
      kind: 'found',
      line: 1,
      changed: false,
    });
    assert.deepEqual(findRequestLine(lines([line('x'), line('y'), line('a'), line('b')]), opened, 'f.jsonl'), {
      kind: 'found',
      line: 3,
      changed: false,
    });
    assert.deepEqual(findRequestLine(lines([line('b')]), opened, 'f.jsonl'), { kind: 'found', line: 0, changed: false });
  });

  it('by its custom_id when its text changed there, marked as changed', () => {
    assert.deepEqual(findRequestLine(lines([line('a'), line('c'), line('b', 'edited')]), opened, 'f.jsonl'), {
      kind: 'found',
      line: 2,
      changed: true,
    });
  });

  it('where it was when that line still has its id, even if another line has it too', () => {
    assert.deepEqual(findRequestLine(lines([line('b', '1'), line('b', 'edited'), line('b', '2')]), opened, 'f.jsonl'), {
      kind: 'found',
      line: 1,
      changed: true,
    });
  });

  it('refuses with the reason when it is gone, ambiguous, or changed without an id', () => {
    const gone = findRequestLine(lines([line('a'), line('c')]), opened, 'f.jsonl');
    assert.deepEqual(gone, {
      kind: 'missing',
      reason: 'The request "b" is no longer in f.jsonl: its line was deleted or its custom_id changed.',
    });
    const twice = findRequestLine(lines([line('b', '1'), line('a'), line('b', '2')]), opened, 'f.jsonl');
    assert.equal(twice.kind, 'missing');
    assert.match(twice.kind === 'missing' ? twice.reason : '', /custom_id "b" is now used on lines 1, 3 of f\.jsonl/);
    const noId = findRequestLine(lines(['{"a": 1}', '{"a": 2}']), { text: '{"a": 0}', line: 1 }, 'f.jsonl');
    assert.match(noId.kind === 'missing' ? noId.reason : '', /Line 2 of f\.jsonl changed .* no custom_id/);
  });
});

describe('client: Edit Request writes a request back as one line', () => {
  it("in the line's own separator style", () => {
    const pretty = '{\n  "custom_id": "a",\n  "body": {\n    "n": [1, 2]\n  }\n}';
    assert.deepEqual(requestToLine(pretty, '{"custom_id": "z", "body": {}}'), {
      ok: true,
      line: '{"custom_id": "a", "body": {"n": [1, 2]}}',
    });
    assert.deepEqual(requestToLine(pretty, '{"custom_id":"z","body":{}}'), { ok: true, line: '{"custom_id":"a","body":{"n":[1,2]}}' });
  });

  it('refuses text that is not one JSON object, saying why and where', () => {
    const missingComma = requestToLine('{\n  "custom_id": "a"\n  "method": "POST"\n}', '{}');
    assert.equal(missingComma.ok, false);
    assert.match(missingComma.ok ? '' : missingComma.reason, /^The request is not valid JSON: .* at line 3, column 3\.$/);
    const lineBreak = requestToLine('{\n  "content": "two\nlines"\n}', '{}');
    assert.match(lineBreak.ok ? '' : lineBreak.reason, /line break or tab inside a string: write it as \\n or \\t/);
    assert.deepEqual(requestToLine('  ', '{}'), { ok: false, reason: 'The request is empty.' });
    assert.deepEqual(requestToLine('[1]', '{}'), { ok: false, reason: 'A request must be one JSON object, but this is an array.' });
  });
});

describe('common: request document addresses', () => {
  it('round-trips through the query, also when percent-encoded once more as a URI string writes it', () => {
    const address = { batch: 'file:///work/my%20batch.jsonl', customId: 'a&b=c #1', line: 4 };
    const query = requestQuery(address);
    assert.deepEqual(parseRequestQuery(query), address);
    assert.deepEqual(parseRequestQuery(encodeURIComponent(query)), address);
    assert.deepEqual(requestAddressOf(`batch-request:/my%20batch.jsonl/a.json?${encodeURIComponent(query)}`), address);
    assert.deepEqual(parseRequestQuery(requestQuery({ batch: 'untitled:Untitled-1', customId: 'x' })), {
      batch: 'untitled:Untitled-1',
      customId: 'x',
      line: undefined,
    });
    assert.equal(requestAddressOf('file:///work/a.json?batch=x&line=1'), undefined);
    assert.equal(parseRequestQuery('batch=x'), undefined);
  });
});
