import * as assert from 'node:assert/strict';
import { completionsAt, hoverAt } from '../../server/src/core';

const line = JSON.stringify({
  custom_id: 'a',
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', temperature: 1, messages: [{ role: 'user', content: 'hi' }] },
});

describe('hover', () => {
  it('explains a body parameter with its type and range', () => {
    const at = line.indexOf('"temperature"') + 3;
    const info = hoverAt(line, at);
    assert.ok(info);
    assert.equal(line.slice(info.start, info.end), '"temperature"');
    assert.match(info.markdown, /^\*\*temperature\*\* · number or null, from 0 to 2\n\n\S/);
  });

  it('explains the row keys and nested message fields', () => {
    assert.match(hoverAt(line, 3)?.markdown ?? '', /^\*\*custom_id\*\*/);
    assert.match(hoverAt(line, line.indexOf('"content"') + 2)?.markdown ?? '', /^\*\*content\*\*/);
  });

  it('says nothing outside known keys', () => {
    assert.equal(hoverAt('{"zzz": 1}', 3), undefined);
    assert.equal(hoverAt('not json', 2), undefined);
  });
});

describe('completion', () => {
  const prefix = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", ';

  it("offers the endpoint's parameters that are not there yet", () => {
    const text = `${prefix}"te`;
    const suggestions = completionsAt(text, text.length);
    const labels = suggestions.map((s) => s.label);
    assert.ok(labels.includes('temperature'));
    assert.ok(labels.includes('messages'));
    assert.ok(!labels.includes('model'), 'model is already present');
    const temperature = suggestions.find((s) => s.label === 'temperature')!;
    assert.equal(temperature.insertText, '"temperature": $1', 'the key, its colon and a tab stop for the number');
    assert.equal(text.slice(temperature.replace.start, temperature.replace.end), '"te');
  });

  it('offers every message role and the enum values of a parameter', () => {
    const roles = `${prefix}"messages": [{"role": "`;
    assert.deepEqual(
      completionsAt(roles, roles.length).map((s) => s.label),
      ['"developer"', '"system"', '"user"', '"assistant"', '"tool"', '"function"'],
    );
    const effort = `${prefix}"reasoning_effort": `;
    assert.ok(completionsAt(effort, effort.length).some((s) => s.label === '"medium"'));
  });

  it("offers the file's model and endpoint first", () => {
    const model = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": ';
    assert.equal(completionsAt(model, model.length, { fileModel: 'gpt-4o-mini' })[0].label, '"gpt-4o-mini"');
    const url = '{"custom_id": "a", "method": "POST", "url": ';
    assert.equal(completionsAt(url, url.length, { fileEndpoint: '/v1/embeddings' })[0].label, '"/v1/embeddings"');
  });
});
