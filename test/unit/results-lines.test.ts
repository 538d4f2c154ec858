import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { oneLine, parseResultLine, promptOf, promptOfLine, resultRecord, summarizeReply, tokenUsage } from '../../server/src/core/results';
import { chatResult, embeddingResult, httpErrorResult, unrunResult } from '../helpers/resultLines';

describe('result lines', () => {
  it('reads a succeeded chat completion: the reply, the status, the tokens', () => {
    const result = parseResultLine(chatResult('req-1', 'Paris is the capital.', { prompt: 20, completion: 6 }));
    assert.deepEqual(result, {
      customId: 'req-1',
      succeeded: true,
      statusCode: 200,
      errorCode: null,
      errorMessage: null,
      reply: { kind: 'text', text: 'Paris is the capital.' },
      usage: { input: 20, output: 6, total: 26 },
    });
  });

  it('reads a failed request: the status code, the error code and message from the body', () => {
    const result = parseResultLine(httpErrorResult('fail-2', 429, 'rate_limit_exceeded', 'Rate limit reached.'));
    assert.equal(result?.succeeded, false);
    assert.equal(result?.statusCode, 429);
    assert.equal(result?.errorCode, 'rate_limit_exceeded');
    assert.equal(result?.errorMessage, 'Rate limit reached.');
    assert.equal(result?.reply, null, 'an error body is no reply');
  });

  it('reads a request that never ran: no response, the line’s own error', () => {
    const result = parseResultLine(unrunResult('req-9', 'batch_cancelled', 'The batch was cancelled.'));
    assert.deepEqual(
      [result?.succeeded, result?.statusCode, result?.errorCode, result?.errorMessage],
      [false, null, 'batch_cancelled', 'The batch was cancelled.'],
    );
  });

  it('takes the error type when there is no code, and fails a 200 that carries an error', () => {
    const typed = JSON.stringify({
      custom_id: 'a',
      response: { status_code: 500, body: { error: { message: 'Oops', type: 'server_error', code: null } } },
    });
    assert.equal(parseResultLine(typed)?.errorCode, 'server_error');
    const both = JSON.stringify({ custom_id: 'b', response: { status_code: 200, body: {} }, error: { code: 'x', message: 'y' } });
    assert.equal(parseResultLine(both)?.succeeded, false);
    assert.equal(parseResultLine(both)?.errorCode, 'x');
  });

  it('is undefined for lines that are not results, and never throws', () => {
    for (const line of [
      '',
      'not json',
      '[1, 2]',
      'null',
      '"custom_id"',
      '{"custom_id": "x"}',
      '{"custom_id": 5, "response": null}',
      '{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {}}',
      '{"custom_id": "x", "response": {"status_code": 200, "body": {"choices": [}}',
    ])
      assert.equal(parseResultLine(line), undefined, line);
    assert.ok(resultRecord('\uFEFF{"custom_id": "x", "error": null, "response": null}'), 'a byte order mark is no obstacle');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const line = JSON.stringify({ custom_id: 'x', response: value, error: value });
        const result = parseResultLine(line);
        assert.ok(result);
        assert.equal(typeof result.succeeded, 'boolean');
      }),
    );
    fc.assert(fc.property(fc.string(), (line) => void parseResultLine(line)));
  });
});

describe('reply summaries', () => {
  it('chat: the first choice’s text, how many choices, why it stopped early', () => {
    const body = {
      choices: [
        { message: { role: 'assistant', content: 'One' }, finish_reason: 'length' },
        { message: { role: 'assistant', content: 'Two' }, finish_reason: 'stop' },
      ],
    };
    assert.deepEqual(summarizeReply(body), { kind: 'text', text: 'One', cutOff: 'length', choices: 2 });
    assert.deepEqual(summarizeReply({ choices: [{ message: { content: null, refusal: 'I cannot help.' }, finish_reason: 'stop' }] }), {
      kind: 'refusal',
      text: 'I cannot help.',
    });
    const tools = {
      choices: [
        {
          message: { content: null, tool_calls: [{ type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    };
    assert.deepEqual(summarizeReply(tools), { kind: 'tool_calls', text: 'calls weather({"city":"Oslo"})' });
    assert.equal(summarizeReply({ choices: [{ message: { content: [{ type: 'text', text: 'Parts' }] } }] }).text, 'Parts');
    assert.equal(summarizeReply({ choices: [] }).kind, 'empty');
  });

  it('responses: the output_text parts, a refusal, a function call, why it is incomplete', () => {
    const body = {
      object: 'response',
      output: [
        { type: 'reasoning', summary: [] },
        {
          type: 'message',
          content: [
            { type: 'output_text', text: 'Hello' },
            { type: 'output_text', text: 'there' },
          ],
        },
      ],
      incomplete_details: { reason: 'max_output_tokens' },
    };
    assert.deepEqual(summarizeReply(body), { kind: 'text', text: 'Hello\nthere', cutOff: 'max_output_tokens' });
    assert.equal(summarizeReply({ output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] }] }).kind, 'refusal');
    assert.equal(summarizeReply({ output: [{ type: 'function_call', name: 'lookup', arguments: '{}' }] }).text, 'calls lookup({})');
  });

  it('completions, embeddings, moderations, images', () => {
    assert.deepEqual(summarizeReply({ object: 'text_completion', choices: [{ text: ' Once upon a time', finish_reason: 'stop' }] }), {
      kind: 'text',
      text: ' Once upon a time',
    });
    const embedding = JSON.parse(embeddingResult('e', 1536)) as { response: { body: unknown } };
    assert.deepEqual(summarizeReply(embedding.response.body), { kind: 'embedding', text: 'embedding of 1,536 dimensions' });
    const three = JSON.parse(embeddingResult('e', 256, 3)) as { response: { body: unknown } };
    assert.equal(summarizeReply(three.response.body).text, '3 embeddings of 256 dimensions');
    const base64 = Buffer.from(new Float32Array(8).buffer).toString('base64');
    assert.equal(summarizeReply({ data: [{ object: 'embedding', embedding: base64 }] }).text, 'embedding of 8 dimensions');
    assert.equal(
      summarizeReply({ results: [{ flagged: true, categories: { hate: true, violence: false, 'self-harm': true } }] }).text,
      'flagged: hate, self-harm',
    );
    assert.equal(summarizeReply({ results: [{ flagged: false, categories: {} }] }).text, 'not flagged');
    assert.equal(summarizeReply({ created: 1, data: [{ b64_json: 'x' }, { b64_json: 'y' }] }).text, '2 images');
    assert.equal(summarizeReply({ something: 'else' }).kind, 'other');
    assert.equal(summarizeReply(null).kind, 'other');
  });

  it('token usage of every shape, none when there is none', () => {
    assert.deepEqual(tokenUsage({ usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }), { input: 3, output: 4, total: 7 });
    assert.deepEqual(tokenUsage({ usage: { prompt_tokens: 8, total_tokens: 8 } }), { input: 8, output: 0, total: 8 });
    assert.deepEqual(tokenUsage({ usage: { input_tokens: 10, output_tokens: 2 } }), { input: 10, output: 2, total: 12 });
    assert.equal(tokenUsage({ usage: { prompt_tokens: 'many' } }), null);
    assert.equal(tokenUsage({}), null);
    assert.equal(tokenUsage('text'), null);
  });
});

describe('request prompts', () => {
  const row = (body: unknown) => ({ custom_id: 'x', method: 'POST', url: '/v1/chat/completions', body });

  it('the last user message of a conversation, an input, a prompt', () => {
    assert.equal(
      promptOf(
        row({
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Why is the sky blue?' },
          ],
        }),
      ),
      'Why is the sky blue?',
    );
    assert.equal(
      promptOf(
        row({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'Describe' },
                { type: 'image_url', image_url: { url: 'x' } },
              ],
            },
          ],
        }),
      ),
      'Describe [image]',
    );
    assert.equal(promptOf(row({ input: 'Tell me a joke' })), 'Tell me a joke');
    assert.equal(promptOf(row({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }] })), 'Hi');
    assert.equal(promptOf(row({ input: ['first', 'second', 'third'] })), 'first (+2 more)');
    assert.equal(promptOf(row({ input: [1, 2, 3] })), '[3 tokens]');
    assert.equal(promptOf(row({ prompt: 'Once upon' })), 'Once upon');
    assert.equal(promptOf(row({ instructions: 'Only instructions' })), 'Only instructions');
    assert.equal(promptOf(row(null)), '');
    assert.equal(promptOf(42), '');
    assert.equal(promptOfLine('{not json'), '');
  });

  it('one line, cut with an ellipsis, never half a character', () => {
    assert.equal(oneLine('  a\n\tb   c ', 10), 'a b c');
    assert.equal(oneLine('abcdefghij', 5), 'abcd…');
    assert.equal(oneLine('abc😀def', 5), 'abc…');
    assert.equal(oneLine('x'.repeat(100_000), 10), 'xxxxxxxxx…');
  });
});
