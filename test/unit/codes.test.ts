import * as assert from 'node:assert/strict';
import { analyzeLine, type BatchDiagnostic, BatchModel, validateText } from '../../server/src/core';
import { requestLine } from '../helpers/requests';

const chat = (id: unknown, body: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], ...body },
    ...extra,
  });

function diagnose(...lines: string[]): BatchDiagnostic[] {
  return validateText(lines.join('\n') + '\n');
}

/** The text a diagnostic covers. */
function covered(lines: string[], d: { line: number; start: number; end: number }): string {
  return lines[d.line].slice(d.start, d.end);
}

function only(diagnostics: BatchDiagnostic[], code: string): BatchDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0];
}

describe('diagnostic codes', () => {
  it('a valid file has no problems', () => {
    assert.deepEqual(diagnose(chat('a'), chat('b')), []);
  });

  describe('invalid_json_line', () => {
    it('points at the syntax error and names its column', () => {
      const lines = [chat('a'), '{"custom_id": "b", "method": "POST" "url": "/v1/chat/completions"}'];
      const d = only(diagnose(...lines), 'invalid_json_line');
      assert.equal(d.line, 1);
      assert.equal(d.severity, 'error');
      assert.equal(d.param, null);
      assert.equal(covered(lines, d), '"url"');
      assert.match(d.message, /not valid JSON: a missing ',' at column 37/);
    });

    it('names a trailing comma and points at it', () => {
      for (const line of ['{"custom_id": "b", "method": "POST",}', '{"custom_id": "b", "body": {"input": [1, 2, ]}}']) {
        const d = only(diagnose(line), 'invalid_json_line');
        assert.equal(line[d.start], ',');
        assert.match(d.message, /a trailing comma at column/);
      }
    });

    it('survives nesting too deep for a recursive parser', () => {
      const deep = '['.repeat(20_000);
      assert.equal(only(diagnose(deep), 'invalid_json_line').line, 0);
      const nested = chat('a', { metadata: 'NESTED' }).replace('"NESTED"', '['.repeat(50_000) + ']'.repeat(50_000));
      assert.ok(diagnose(nested).some((d) => d.param === 'body.metadata'));
    });

    it('reports an unterminated line', () => {
      const lines = [chat('a').slice(0, 40)];
      const d = only(diagnose(...lines), 'invalid_json_line');
      assert.match(d.message, /unterminated string|missing/);
    });

    it('requires an object, not another JSON value', () => {
      const lines = ['[1, 2]'];
      const d = only(diagnose(...lines), 'invalid_json_line');
      assert.equal(covered(lines, d), '[1, 2]');
      assert.match(d.message, /must be a JSON object.*an array/);
    });

    it('explains a byte order mark', () => {
      const lines = ['\uFEFF' + chat('a')];
      const d = only(diagnose(...lines), 'invalid_json_line');
      assert.deepEqual([d.start, d.end], [0, 1]);
      assert.match(d.message, /byte order mark/);
    });
  });

  describe('missing_required_parameter', () => {
    it('marks the opening brace when a top-level field is missing', () => {
      const lines = [
        JSON.stringify({ method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages: [{ role: 'user', content: 'x' }] } }),
      ];
      const d = only(diagnose(...lines), 'missing_required_parameter');
      assert.equal(d.param, 'custom_id');
      assert.equal(covered(lines, d), '{');
      assert.match(d.message, /missing the required parameter "custom_id"/);
    });

    it('marks the "body" key when the body lacks the model', () => {
      const lines = [
        JSON.stringify({
          custom_id: 'a',
          method: 'POST',
          url: '/v1/chat/completions',
          body: { messages: [{ role: 'user', content: 'x' }] },
        }),
      ];
      const d = only(diagnose(...lines), 'missing_required_parameter');
      assert.equal(d.param, 'body.model');
      assert.equal(covered(lines, d), '"body"');
    });

    it('finds a tool message without tool_call_id', () => {
      const lines = [chat('a', { messages: [{ role: 'tool', content: 'result' }] })];
      const d = only(diagnose(...lines), 'missing_required_parameter');
      assert.equal(d.param, 'body.messages[0].tool_call_id');
    });
  });

  describe('invalid_type', () => {
    it('covers exactly the value: the 123 of "custom_id": 123', () => {
      const lines = [chat(123)];
      const d = only(diagnose(...lines), 'invalid_type');
      assert.equal(d.param, 'custom_id');
      assert.equal(covered(lines, d), '123');
      assert.equal(d.message, 'custom_id must be a string, but it is the number 123.');
    });

    it('says which shapes a union accepts', () => {
      const lines = [chat('a', { messages: [{ role: 'user', content: 5 }] })];
      const d = only(diagnose(...lines), 'invalid_type');
      assert.equal(d.param, 'body.messages[0].content');
      assert.equal(covered(lines, d), '5');
      assert.match(d.message, /a string.*an array/);
    });

    it('checks content parts by their type', () => {
      const lines = [chat('a', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 5 } }] }] })];
      const d = only(diagnose(...lines), 'invalid_type');
      assert.equal(d.param, 'body.messages[0].content[0].image_url.url');
      assert.equal(covered(lines, d), '5');
    });

    it('rejects messages that are not an array', () => {
      const lines = [chat('a', { messages: 'hi' })];
      const d = only(diagnose(...lines), 'invalid_type');
      assert.equal(covered(lines, d), '"hi"');
    });
  });

  describe('invalid_value', () => {
    it('suggests the role that was meant', () => {
      const lines = [chat('a', { messages: [{ role: 'usr', content: 'x' }] })];
      const d = only(diagnose(...lines), 'invalid_value');
      assert.equal(d.param, 'body.messages[0].role');
      assert.equal(covered(lines, d), '"usr"');
      assert.match(d.message, /Did you mean "user"\?/);
      assert.deepEqual(d.data?.replacements, ['"user"']);
    });

    it('gives the accepted range of a number', () => {
      const lines = [chat('a', { temperature: 3 })];
      const d = only(diagnose(...lines), 'invalid_value');
      assert.equal(d.param, 'body.temperature');
      assert.equal(covered(lines, d), '3');
      assert.match(d.message, /at most 2.*but it is 3/);
    });

    it('accepts only POST as the method', () => {
      const lines = [chat('a', {}, { method: 'post' })];
      const d = only(diagnose(...lines), 'invalid_value');
      assert.equal(d.param, 'method');
      assert.equal(covered(lines, d), '"post"');
      assert.deepEqual(d.data?.replacements, ['"POST"']);
    });

    it('refuses an empty custom_id', () => {
      const lines = [chat('')];
      const d = only(diagnose(...lines), 'invalid_value');
      assert.equal(d.message, 'custom_id must not be empty.');
    });
  });

  describe('duplicate keys', () => {
    it('places a problem on the copy JSON.parse keeps: the last', () => {
      const line =
        '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "url": "/v1/chat/complete", "body": {"model": "m", "messages": []}}';
      const d = only(diagnose(line), 'unsupported_url');
      assert.equal(d.start, line.lastIndexOf('"/v1/chat/complete"'));
    });
  });

  describe('unsupported_url', () => {
    it('suggests the batch endpoint that was meant', () => {
      const lines = [chat('a', {}, { url: '/v1/chat/completion' })];
      const d = only(diagnose(...lines), 'unsupported_url');
      assert.equal(covered(lines, d), '"/v1/chat/completion"');
      assert.match(d.message, /Did you mean "\/v1\/chat\/completions"/);
    });

    it('lists the endpoints when nothing is close', () => {
      const lines = [chat('a', {}, { url: '/v1/audio/speech' })];
      const d = only(diagnose(...lines), 'unsupported_url');
      assert.match(d.message, /\/v1\/embeddings/);
    });
  });

  describe('invalid_url', () => {
    it('flags a line whose endpoint differs from the rest of the file', () => {
      const embedding = requestLine('c', '/v1/embeddings', { model: 'gpt-4o-mini', input: 'x' });
      const lines = [chat('a'), chat('b'), embedding];
      const d = only(diagnose(...lines), 'invalid_url');
      assert.equal(d.line, 2);
      assert.equal(d.param, 'url');
      assert.equal(covered(lines, d), '"/v1/embeddings"');
      assert.match(d.message, /file's endpoint is \/v1\/chat\/completions \(2 of 3 requests\)/);
    });

    it('breaks a tie in favour of the first line', () => {
      const lines = [requestLine('a', '/v1/embeddings', { model: 'gpt-4o-mini', input: 'x' }), chat('b')];
      const d = only(diagnose(...lines), 'invalid_url');
      assert.equal(d.line, 1);
    });
  });

  describe('duplicate_custom_id', () => {
    it('marks every later use and points back at the first', () => {
      const lines = [chat('x'), chat('y'), chat('x'), chat('x')];
      const found = diagnose(...lines).filter((d) => d.code === 'duplicate_custom_id');
      assert.deepEqual(
        found.map((d) => d.line),
        [2, 3],
      );
      for (const d of found) {
        assert.equal(covered(lines, d), '"x"');
        assert.equal(d.related?.length, 1);
        assert.equal(d.related?.[0].line, 0);
        assert.equal(covered(lines, d.related[0]), '"x"');
        assert.match(d.message, /already used on line 1/);
      }
      // Each quick fix offers its own fresh id, so applying all leaves no duplicate.
      assert.deepEqual(
        found.map((d) => d.data?.replacements),
        [['"x-2"'], ['"x-3"']],
      );
    });
  });

  describe('mismatched_model', () => {
    it("flags the model that differs from the file's model", () => {
      const lines = [chat('a'), chat('b', { model: 'gpt-4o' }), chat('c')];
      const d = only(diagnose(...lines), 'mismatched_model');
      assert.equal(d.line, 1);
      assert.equal(d.param, 'body.model');
      assert.equal(covered(lines, d), '"gpt-4o"');
      assert.match(d.message, /file's model is "gpt-4o-mini"/);
    });
  });

  describe('streaming_unsupported', () => {
    it('rejects stream: true but accepts stream: false', () => {
      const lines = [chat('a', { stream: true }), chat('b', { stream: false })];
      const d = only(diagnose(...lines), 'streaming_unsupported');
      assert.equal(d.line, 0);
      assert.equal(covered(lines, d), 'true');
      assert.equal(d.param, 'body.stream');
    });
  });

  describe('unknown_parameter', () => {
    it('warns on a misspelt body parameter with a suggestion', () => {
      const lines = [chat('a', { temprature: 0.5 })];
      const d = only(diagnose(...lines), 'unknown_parameter');
      assert.equal(d.severity, 'warning');
      assert.equal(d.param, 'body.temprature');
      assert.equal(covered(lines, d), '"temprature"');
      assert.match(d.message, /Did you mean "temperature"\?/);
    });

    it('warns on an extra top-level key', () => {
      const lines = [chat('a', {}, { priority: 1 })];
      const d = only(diagnose(...lines), 'unknown_parameter');
      assert.equal(covered(lines, d), '"priority"');
      assert.match(d.message, /custom_id, method, url and body/);
    });
  });

  describe('blank_line', () => {
    it('warns on a blank line but not on the final line break', () => {
      const lines = [chat('a'), '   ', chat('b')];
      const d = only(diagnose(...lines), 'blank_line');
      assert.equal(d.line, 1);
      assert.equal(d.severity, 'warning');
      assert.equal(d.data?.deleteLine, true);
    });
  });

  describe('empty_file', () => {
    it('reports a file with no requests', () => {
      for (const text of ['', '\n', '  \n\n']) {
        const found = validateText(text);
        assert.deepEqual(
          found.map((d) => d.code),
          ['empty_file'],
          JSON.stringify(text),
        );
        assert.equal(found[0].line, 0);
      }
    });
  });

  describe('too_many_requests', () => {
    it('marks the first request past 50,000', () => {
      const line = requestLine('x', '/v1/moderations', { input: 'a' });
      const lines: string[] = [];
      for (let i = 0; i < 50_001; i++) lines.push(line.replace('"x"', `"r${i}"`));
      const d = only(diagnose(...lines), 'too_many_requests');
      assert.equal(d.line, 50_000);
      assert.match(d.message, /50,001 requests.*at most 50,000/);
    });
  });

  describe('file_too_large', () => {
    it('marks the line that crosses 200 MB', () => {
      const model = new BatchModel();
      const facts = analyzeLine(chat('a'));
      for (let i = 0; i < 3; i++) model.append({ facts: { ...facts, customId: `id${i}`, byteLength: 80 * 1024 * 1024 }, eolBytes: 1 });
      const d = only(
        model.diagnostics(() => chat('a')),
        'file_too_large',
      );
      assert.equal(d.line, 2);
      assert.match(d.message, /240 MB; the API accepts at most 200 MB/);
    });
  });

  describe('too_many_embedding_inputs', () => {
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => `text ${i}`);
    it('limits one request to 2048 inputs', () => {
      const lines = [requestLine('a', '/v1/embeddings', { model: 'text-embedding-3-small', input: inputs(2049) })];
      const d = only(diagnose(...lines), 'too_many_embedding_inputs');
      assert.equal(d.param, 'body.input');
      assert.match(d.message, /2049 inputs.*at most 2048/);
    });

    it('limits a file to 50,000 inputs, counting each array item', () => {
      const lines = Array.from({ length: 25 }, (_, i) =>
        requestLine(`r${i}`, '/v1/embeddings', { model: 'text-embedding-3-small', input: inputs(2048) }),
      );
      const d = only(diagnose(...lines), 'too_many_embedding_inputs');
      assert.equal(d.line, 24);
      assert.match(d.message, /51,200 embedding inputs/);
    });
  });
});
