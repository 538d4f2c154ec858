import * as assert from 'node:assert/strict';
import { BatchDocument, customIdSpans, customIdUsesAt, requestSymbols } from '../../server/src/core';
import { bodyMakers, defaultModels, requestLine, seededRandom } from '../helpers/requests';

const chat = (id: string, model = 'gpt-4o-mini') =>
  requestLine(id, '/v1/chat/completions', { model, messages: [{ role: 'user', content: `Hi ${id}` }] });

function symbolsOf(text: string) {
  const document = new BatchDocument(text);
  return requestSymbols(document.model, document.lineText);
}

describe('navigation: document symbols', () => {
  it('names each request by its custom_id, with endpoint and model as detail, and selects the id', () => {
    const lines = [
      chat('req-1'),
      chat('req-2', 'gpt-4.1'),
      requestLine('emb', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' }),
    ];
    const symbols = symbolsOf(lines.join('\n') + '\n');
    assert.deepEqual(
      symbols.map((s) => [s.line, s.name, s.detail]),
      [
        [0, 'req-1', '/v1/chat/completions · gpt-4o-mini'],
        [1, 'req-2', '/v1/chat/completions · gpt-4.1'],
        [2, 'emb', '/v1/embeddings · text-embedding-3-small'],
      ],
    );
    for (const symbol of symbols) {
      const text = lines[symbol.line];
      assert.deepEqual(symbol.range, { start: 0, end: text.length });
      assert.equal(text.slice(symbol.selection.start, symbol.selection.end), JSON.stringify(symbol.name));
    }
  });

  it('names a request without a usable custom_id by its line, and skips blank lines', () => {
    const lines = [
      chat('a'),
      '',
      '{"method": "POST", "url": "/v1/chat/completions", "body": {}}',
      '{"custom_id": 7}',
      '{"custom_id": ""}',
      'not json',
    ];
    const symbols = symbolsOf(lines.join('\n'));
    assert.deepEqual(
      symbols.map((s) => [s.line, s.name, s.detail]),
      [
        [0, 'a', '/v1/chat/completions · gpt-4o-mini'],
        [2, 'line 3', '/v1/chat/completions'],
        [3, 'line 4', ''],
        [4, 'line 5', ''],
        [5, 'line 6', ''],
      ],
    );
    // Without an id the whole line is selected.
    assert.deepEqual(symbols[1].selection, symbols[1].range);
  });

  it('finds the id wherever the line puts it: after the body, with an escaped key, given twice', () => {
    const after =
      '{"method": "POST", "url": "/v1/chat/completions", "body": {"model": "m", "custom_id": "inner", "messages": []}, "custom_id": "outer"}';
    const escaped = '{"custom\\u005fid": "esc", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}';
    const twice =
      '{"custom_id": "first", "custom_id": "second", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}';
    const tricky =
      '{"body": {"model": "m", "input": "say \\"custom_id\\": \\"x\\" {"}, "custom_id": "real", "method": "POST", "url": "/v1/embeddings"}';
    const symbols = symbolsOf([after, escaped, twice, tricky].join('\n'));
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['outer', 'esc', 'second', 'real'],
    );
    const texts = [after, escaped, twice, tricky];
    for (const symbol of symbols)
      assert.equal(texts[symbol.line].slice(symbol.selection.start, symbol.selection.end), JSON.stringify(symbol.name));
  });

  it('finds the same span as the parser on generated lines of every endpoint', () => {
    const random = seededRandom(5);
    for (const [url, make] of Object.entries(bodyMakers)) {
      for (let i = 0; i < 50; i++) {
        const id = `id-${i}-${random() < 0.3 ? 'é "q" \\ / ü' : 'x'}`;
        const line =
          random() < 0.5
            ? requestLine(id, url, make(random, defaultModels[url]))
            : JSON.stringify({ method: 'POST', url, body: make(random, defaultModels[url]), custom_id: id });
        const spans = customIdSpans(line, id);
        assert.ok(spans, line);
        assert.equal(JSON.parse(line.slice(spans.value.start, spans.value.end)), id);
        assert.equal(line.slice(spans.key.start, spans.key.end), '"custom_id"');
      }
    }
  });

  it('lists 50,000 requests quickly', function () {
    this.timeout(20_000);
    const lines = Array.from({ length: 50_000 }, (_, i) => chat(`request-${i + 1}`));
    const document = new BatchDocument(lines.join('\n') + '\n');
    document.diagnostics(); // analyse first: only listing is timed
    const started = performance.now();
    const symbols = requestSymbols(document.model, document.lineText);
    const elapsed = performance.now() - started;
    assert.equal(symbols.length, 50_000);
    assert.equal(symbols[49_999].name, 'request-50000');
    assert.ok(elapsed < 500, `listing took ${elapsed.toFixed(0)} ms`);
  });
});

describe('navigation: custom_id definition and references', () => {
  const lines = [chat('a'), chat('b'), chat('a'), chat('c'), chat('a')];
  const document = new BatchDocument(lines.join('\n'));
  const at = (line: number, needle: string) => lines[line].indexOf(needle) + 1;

  it('finds every use of the id under the cursor, first use first', () => {
    const found = customIdUsesAt(document.model, document.lineText, 2, at(2, '"a"'));
    assert.equal(found?.id, 'a');
    assert.deepEqual(
      found.uses.map((use) => use.line),
      [0, 2, 4],
    );
    for (const use of found.uses) assert.equal(lines[use.line].slice(use.start, use.end), '"a"');
  });

  it('answers on the key too, and on an id used once, with that one use', () => {
    assert.deepEqual(
      customIdUsesAt(document.model, document.lineText, 4, at(4, 'custom_id'))?.uses.map((u) => u.line),
      [0, 2, 4],
    );
    assert.deepEqual(
      customIdUsesAt(document.model, document.lineText, 1, at(1, '"b"'))?.uses.map((u) => u.line),
      [1],
    );
  });

  it('answers nothing elsewhere on the line', () => {
    assert.equal(customIdUsesAt(document.model, document.lineText, 2, at(2, 'gpt-4o-mini')), undefined);
    assert.equal(customIdUsesAt(document.model, document.lineText, 9, 0), undefined);
  });

  it('follows edits', () => {
    const edited = new BatchDocument(lines.join('\n'));
    const start = lines[3].indexOf('"c"');
    edited.applyEdit({ range: { start: { line: 3, character: start }, end: { line: 3, character: start + 3 } }, text: '"a"' });
    edited.applyEdit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${chat('z')}\n` });
    assert.deepEqual(
      customIdUsesAt(edited.model, edited.lineText, 5, at(4, '"a"'))?.uses.map((u) => u.line),
      [1, 3, 4, 5],
    );
  });
});
