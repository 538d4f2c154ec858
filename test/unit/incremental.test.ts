import * as assert from 'node:assert/strict';
import { BatchDocument, validateText } from '../../server/src/core';
import { requestLine, seededRandom, validBatchFile } from '../helpers/requests';

/** Positions of the document's text, for building edits like an editor sends them. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const breaks = before.split(/\r\n|\r|\n/);
  return { line: breaks.length - 1, character: breaks[breaks.length - 1].length };
}

const snippets = [
  '\n',
  '\r\n',
  '\r',
  '"',
  '}',
  ', "temprature": 1',
  requestLine('request-1', '/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'dup' }] }) + '\n',
  requestLine('fresh', '/v1/embeddings', { model: 'gpt-4o-mini', input: 'x' }) + '\n',
  '',
  'x',
  '\n\n',
];

describe('incremental validation', () => {
  it('gives, after any sequence of edits, exactly what validating the whole text gives', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = seededRandom(seed);
      let text = validBatchFile('/v1/chat/completions', 30, seed);
      const document = new BatchDocument(text);
      for (let step = 0; step < 60; step++) {
        const start = Math.floor(random() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(random() * (random() < 0.8 ? 5 : 400)));
        const insert = snippets[Math.floor(random() * snippets.length)];
        document.applyEdit({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert });
        text = text.slice(0, start) + insert + text.slice(end);
        assert.equal(document.getText(), text, `text after step ${step} (seed ${seed})`);
        assert.deepEqual(document.diagnostics(), validateText(text), `diagnostics after step ${step} (seed ${seed})`);
      }
    }
  });

  it('clears a duplicate when the second use is renamed, and brings it back on undo', () => {
    const text = [requestLine('a', '/v1/moderations', { input: 'x' }), requestLine('a', '/v1/moderations', { input: 'y' })].join('\n');
    const document = new BatchDocument(text);
    assert.deepEqual(
      document.diagnostics().map((d) => d.code),
      ['duplicate_custom_id'],
    );
    const at = text.lastIndexOf('"a"') + 1;
    document.applyEdit({ range: { start: positionAt(text, at), end: positionAt(text, at + 1) }, text: 'b' });
    assert.deepEqual(document.diagnostics(), []);
    document.applyEdit({ range: { start: positionAt(text, at), end: positionAt(text, at + 1) }, text: 'a' });
    assert.deepEqual(
      document.diagnostics().map((d) => [d.code, d.line]),
      [['duplicate_custom_id', 1]],
    );
  });

  it('moves a problem down when lines are inserted above it', () => {
    const broken = '{"custom_id": 1}';
    const document = new BatchDocument(`${broken}\n`);
    document.applyEdit({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      text: requestLine('z', '/v1/moderations', { input: 'x' }) + '\n',
    });
    assert.ok(document.diagnostics().every((d) => d.line === 1));
  });

  it('takes a paste of 150,000 lines', () => {
    const document = new BatchDocument(requestLine('a', '/v1/moderations', { input: 'x' }));
    const paste = Array.from({ length: 150_000 }, (_, i) => requestLine(`p${i}`, '/v1/moderations', { input: 'x' })).join('\n');
    document.applyEdit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${paste}\n` });
    assert.equal(document.lineCount, 150_001);
    const tooMany = document.diagnostics().filter((d) => d.code === 'too_many_requests');
    assert.deepEqual(
      tooMany.map((d) => d.line),
      [50_000],
    );
  });

  it('accepts a whole-text replacement', () => {
    const document = new BatchDocument('');
    document.applyEdit({ text: validBatchFile('/v1/embeddings', 3) });
    assert.deepEqual(document.diagnostics(), []);
    assert.equal(document.model.summary().requests, 3);
  });
});
