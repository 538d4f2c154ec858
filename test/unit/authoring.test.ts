/** Writing a batch file: the next custom_id, whole requests and values as snippets, model names. */
import * as assert from 'node:assert/strict';
import {
  BATCH_ENDPOINTS,
  completionsAt,
  hoverAt,
  knownModels,
  nextCustomId,
  requestSnippet,
  schemaRegistry,
  snippetText,
  suggestedModel,
  validateText,
} from '../../server/src/core';
import type { CompletionSuggestion } from '../../server/src/core';

const chatPrefix = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", ';
const labels = (suggestions: CompletionSuggestion[]) => suggestions.map((s) => s.label);
const byLabel = (suggestions: CompletionSuggestion[], label: string) => {
  const found = suggestions.find((s) => s.label === label);
  assert.ok(found, `${label} is offered; got ${labels(suggestions).slice(0, 12).join(' ')}`);
  return found;
};
/** What choosing a suggestion does to the line, with every tab stop left at its default. */
const apply = (text: string, suggestion: CompletionSuggestion) =>
  text.slice(0, suggestion.replace.start) +
  (suggestion.snippet ? snippetText(suggestion.insertText) : suggestion.insertText) +
  text.slice(suggestion.replace.end);

describe('the next custom_id', () => {
  it("continues the file's numbering, keeping its zero padding", () => {
    assert.equal(nextCustomId(['req-39', 'req-40']), 'req-41');
    assert.equal(nextCustomId(['task_005', 'task_006']), 'task_007');
    assert.equal(nextCustomId(['task_098', 'task_099']), 'task_100');
    assert.equal(nextCustomId(['row-999']), 'row-1000');
    assert.equal(nextCustomId(['q12-a', 'q13-a']), 'q14-a');
  });

  it('goes past the highest number, not into a gap, and follows the numbering most ids use', () => {
    assert.equal(nextCustomId(['req-1', 'req-7', 'req-3']), 'req-8');
    assert.equal(nextCustomId(['review-0001', 'review-0002', 'other-9']), 'review-0003');
  });

  it('starts at request-1 without numbered ids', () => {
    assert.equal(nextCustomId([]), 'request-1');
    assert.equal(nextCustomId(['alpha', 'beta']), 'request-1');
  });
});

describe('snippets', () => {
  it('a request for every endpoint with a schema is a valid batch line once its tab stops keep their defaults', () => {
    for (const endpoint of BATCH_ENDPOINTS.filter((e) => schemaRegistry().bodySchema(e))) {
      const snippet = requestSnippet({ customId: 'req-7', endpoint, models: [suggestedModel(endpoint)!] });
      const line = snippetText(snippet);
      assert.deepEqual(validateText(line), [], `${endpoint}: ${line}`);
      assert.match(snippet, /^\{"custom_id": "\$\{1:req-7\}"/, `${endpoint}: the id is the first tab stop`);
      assert.match(snippet, /\$\{2:[^}]+\}/, `${endpoint}: the prompt (or another required field) is the second`);
    }
  });

  it('offers the model as a choice when there is no single one, and escapes what a snippet reserves', () => {
    const snippet = requestSnippet({ customId: 'a$b}', endpoint: '/v1/embeddings', models: ['m1', 'm,2'] });
    assert.match(snippet, /"model": "\$\{2\|m1,m\\,2\|\}"/);
    const line = JSON.parse(snippetText(snippet)) as { custom_id: string; body: { model: string; input: string } };
    assert.equal(line.custom_id, 'a$b}');
    assert.equal(line.body.model, 'm1');
  });
});

describe('completion inserts whole values', () => {
  it('"method": "POST", the url with its quotes, and a custom_id in the numbering', () => {
    const text = '{"';
    const suggestions = completionsAt(text, 2, { nextCustomId: () => 'req-41', fileEndpoint: '/v1/embeddings' });
    assert.equal(apply(text, byLabel(suggestions, 'method')), '{"method": "POST"');
    assert.equal(apply(text, byLabel(suggestions, 'url')), '{"url": "/v1/embeddings"');
    assert.equal(apply(text, byLabel(suggestions, 'custom_id')), '{"custom_id": "req-41"');
    const noEndpoint = completionsAt(text, 2);
    assert.match(
      byLabel(noEndpoint, 'url').insertText,
      /^"url": "\$\{1\|\/v1\/responses,\/v1\/chat\/completions,/,
      'a choice of endpoints',
    );
  });

  it('"body": {…} with the endpoint\'s required fields, after the key and after "body": ', () => {
    const key = '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "';
    const body = byLabel(completionsAt(key, key.length, { fileModel: 'gpt-4o-mini' }), 'body');
    const line = `${apply(key, body)}}`;
    assert.deepEqual(validateText(line), [], line);
    const value = '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": ';
    const braces = byLabel(completionsAt(value, value.length, { fileModel: 'text-embedding-3-small' }), '{…}');
    assert.equal(apply(value, braces), `${value}{"model": "text-embedding-3-small", "input": "text to embed"}`);
  });

  it('enum values as a choice, booleans as true/false, stream as false', () => {
    const text = `${chatPrefix}"`;
    const suggestions = completionsAt(text, text.length);
    assert.match(byLabel(suggestions, 'reasoning_effort').insertText, /^"reasoning_effort": \$\{1\|"none","minimal","low","medium","high"/);
    assert.equal(byLabel(suggestions, 'logprobs').insertText, '"logprobs": ${1|true,false|}');
    assert.equal(byLabel(suggestions, 'stream').insertText, '"stream": false');
    assert.equal(byLabel(suggestions, 'temperature').detail, 'number or null, from 0 to 2');
    assert.match(byLabel(suggestions, 'temperature').documentation ?? '', /temperature/i);
  });

  it('renames a key that already has its value, leaving the value alone', () => {
    const text = `${chatPrefix}"tempera": 1}}`;
    const at = text.indexOf('"tempera"') + 5;
    const temperature = byLabel(completionsAt(text, at), 'temperature');
    assert.equal(apply(text, temperature), `${chatPrefix}"temperature": 1}}`);
  });

  it('documents endpoints in one line, and message roles by what each message is', () => {
    const url = '{"custom_id": "a", "method": "POST", "url": ';
    assert.match(byLabel(completionsAt(url, url.length), '"/v1/embeddings"').detail ?? '', /^Embeddings: /);
    const roles = `${chatPrefix}"messages": [{"role": "`;
    const developer = byLabel(completionsAt(roles, roles.length), '"developer"');
    assert.match(developer.documentation ?? '', /instructions/i);
  });
});

describe('whole requests on a blank line', () => {
  it('offers the next request of the file: its endpoint, model and numbering', () => {
    const [request, ...others] = completionsAt('', 0, {
      offerRequests: true,
      fileEndpoint: '/v1/chat/completions',
      fileModel: 'gpt-4o-mini',
      nextCustomId: () => 'req-41',
    });
    assert.equal(others.length, 0);
    assert.equal(request.label, 'New request req-41');
    assert.equal(request.kind, 'request');
    const line = snippetText(request.insertText);
    assert.deepEqual(validateText(line), []);
    assert.deepEqual(JSON.parse(line), {
      custom_id: 'req-41',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'prompt' }] },
    });
  });

  it('in a file without an endpoint, a first request per endpoint, the model to choose', () => {
    const suggestions = completionsAt('   ', 1, { offerRequests: true, userModels: ['ft:gpt-4o-mini:acme::1'] });
    assert.deepEqual(
      labels(suggestions),
      BATCH_ENDPOINTS.filter((e) => schemaRegistry().bodySchema(e)).map((e) => `New ${e} request`),
    );
    const chat = byLabel(suggestions, 'New /v1/chat/completions request');
    assert.deepEqual(chat.replace, { start: 0, end: 3 }, 'replaces the whole line');
    assert.match(chat.insertText, /"model": "\$\{2\|ft:gpt-4o-mini:acme::1,gpt-5\.4,/, "the user's model first, then the suggested one");
  });

  it('replaces a line holding only braces with the request, and still offers the row keys', () => {
    const suggestions = completionsAt('{}', 1, {
      offerRequests: true,
      fileEndpoint: '/v1/embeddings',
      fileModel: 'text-embedding-3-small',
    });
    assert.equal(suggestions[0].kind, 'request');
    assert.deepEqual(suggestions[0].replace, { start: 0, end: 2 });
    assert.ok(suggestions[0].filterText?.startsWith('{'), 'the editor matches the typed brace');
    assert.ok(labels(suggestions).includes('custom_id'));
  });

  it('offers nothing on a blank line of a file of another kind', () => {
    assert.deepEqual(completionsAt('', 0, { offerRequests: false }), []);
  });
});

describe('models', () => {
  it("the first line's model gets the endpoint's model names, the user's first", () => {
    const text = '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": ';
    const suggestions = completionsAt(text, text.length, { userModels: ['my-embedder'] });
    assert.deepEqual(labels(suggestions), [
      '"my-embedder"',
      '"text-embedding-ada-002"',
      '"text-embedding-3-small"',
      '"text-embedding-3-large"',
    ]);
    assert.equal(suggestions[0].detail, 'batchStudio.models');
  });

  it('hover lists the models an endpoint accepts, and says whether the one used is known', () => {
    const line = '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "ft:emb", "input": "x"}}';
    const key = hoverAt(line, line.indexOf('"model"') + 2);
    assert.match(
      key?.markdown ?? '',
      /Models \/v1\/embeddings accepts: `text-embedding-ada-002`, `text-embedding-3-small`, `text-embedding-3-large` \(the OpenAI API description [\d.]+, as of \d{4}-\d\d-\d\d\)/,
    );
    assert.match(
      hoverAt(line, line.indexOf('"ft:emb"') + 2)?.markdown ?? '',
      /not among the models Batch Studio knows for \/v1\/embeddings: fine for a fine-tune/,
    );
    assert.match(hoverAt(line, line.indexOf('"ft:emb"') + 2, { userModels: ['ft:emb'] })?.markdown ?? '', /one of your models/);
    assert.ok(knownModels('/v1/chat/completions').includes('gpt-4o-mini'));
  });

  it('an unknown model is no problem', () => {
    const line =
      '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "my-deployment", "messages": [{"role": "user", "content": "hi"}]}}';
    assert.deepEqual(validateText(line), []);
  });
});
