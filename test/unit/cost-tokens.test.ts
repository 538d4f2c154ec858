/** Token counts: the encodings Batch Studio ships against the tokenizer's own known values, the
 *  model → encoding map, and what each endpoint's request counts (chat overhead, tools, images,
 *  embeddings token arrays) and allows as output. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChatCompletionFunctionDefinition, ChatCompletionRequest } from 'gpt-tokenizer/functionCalling';
import gpt4oMini from 'gpt-tokenizer/model/gpt-4o-mini';
import { type CounterOf, encodingOf, lineTokens, type RequestTokens, requestTokens } from '../../server/src/core/cost';
import { tokenizer } from '../../server/src/tokenizer';

/** This file runs from test/out/unit; `npm run build` writes the encodings. */
const root = path.resolve(__dirname, '../../..');
const counterOf: CounterOf = tokenizer(path.join(root, 'server/out/encodings'));
const o200k = counterOf('o200k_base');
const cl100k = counterOf('cl100k_base');

function tokensOf(url: string, body: Record<string, unknown>): RequestTokens {
  const counted = requestTokens({ custom_id: 'r1', method: 'POST', url, body }, counterOf);
  assert.ok(counted, 'the request is counted');
  return counted;
}

/** gpt-tokenizer's own count of a chat request, for GPT-4o mini. */
function countChatCompletionTokens(request: ChatCompletionRequest): number {
  assert.ok(gpt4oMini.countChatCompletionTokens, 'gpt-tokenizer counts chat requests for gpt-4o-mini');
  return gpt4oMini.countChatCompletionTokens(request);
}

const chat = (body: Record<string, unknown>) => tokensOf('/v1/chat/completions', { model: 'gpt-4o-mini', ...body });

describe('token counts', () => {
  describe('the shipped encodings (server/out/encodings)', () => {
    it("count gpt-tokenizer's own known examples as its tests expect", () => {
      // gpt-tokenizer's src/GptEncoding.test.ts: the token ids of these strings in each encoding.
      const known: [string, number, number][] = [
        ['hello world', 2, 2],
        ['This is some text', 4, 4],
        ['indivisible', 3, 3],
        ['hello 👋 world 🌍', 6, 7],
        ['toString constructor hasOwnProperty valueOf', 8, 6],
        ['hello, I am a text, and I have commas. a,b,c', 15, 15],
      ];
      for (const [text, o200kTokens, cl100kTokens] of known) {
        assert.equal(o200k(text), o200kTokens, `o200k_base: ${text}`);
        assert.equal(cl100k(text), cl100kTokens, `cl100k_base: ${text}`);
      }
    });

    it("count every o200k_base and cl100k_base sample of tiktoken's test plans (gpt-tokenizer's data/TestPlans.txt)", () => {
      const plans = fs.readFileSync(path.join(root, 'node_modules/gpt-tokenizer/data/TestPlans.txt'), 'utf8');
      const samples = [...plans.matchAll(/EncodingName: (\w+)\nSample: (.*)\nEncoded: \[(.*)\]/g)].filter(
        ([, name]) => name === 'o200k_base' || name === 'cl100k_base',
      );
      assert.ok(samples.length >= 100, `found ${samples.length} samples`);
      for (const [, name, sample, encoded] of samples) {
        const expected = encoded.trim() === '' ? 0 : encoded.split(',').length;
        assert.equal(counterOf(name as 'o200k_base' | 'cl100k_base')(sample), expected, `${name}: ${JSON.stringify(sample)}`);
      }
    });

    it('count special tokens in a prompt as the text they are, never refusing them', () => {
      // The API reads "<|endoftext|>" in a prompt as characters, not as the one special token.
      assert.ok(o200k('<|endoftext|>') > 1);
      assert.ok(cl100k('say <|endoftext|> twice <|endoftext|>') > 4);
    });
  });

  it('picks o200k_base for GPT-4o, GPT-4.1, GPT-5 and the o-series; cl100k_base for GPT-4, GPT-3.5 and the embedding models', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-nano',
      'gpt-4.5-preview',
      'gpt-5',
      'o1',
      'o3-mini',
      'o4-mini',
      'omni-moderation-latest',
      'some-new-model',
    ])
      assert.equal(encodingOf(model), 'o200k_base', model);
    for (const model of [
      'gpt-4',
      'gpt-4-turbo',
      'gpt-4-0613',
      'gpt-3.5-turbo',
      'gpt-3.5-turbo-instruct',
      'text-embedding-3-small',
      'text-embedding-3-large',
      'text-embedding-ada-002',
    ])
      assert.equal(encodingOf(model), 'cl100k_base', model);
    assert.equal(encodingOf('ft:gpt-3.5-turbo-0125:acme::abc123'), 'cl100k_base', 'a fine-tune reads as its base model');
    assert.equal(encodingOf('ft:gpt-4o-mini-2024-07-18:acme::abc123'), 'o200k_base');
  });

  describe('chat completions', () => {
    it('counts each message with 3 tokens of overhead and its role, plus 3 priming the reply', () => {
      // "user" and "system" are one token each, "hello world" two: (3 + 1 + 2) + 3.
      assert.equal(chat({ messages: [{ role: 'user', content: 'hello world' }] }).input, 9);
      // Two messages: (3 + 1 + 4) + (3 + 1 + 2) + 3.
      assert.equal(
        chat({
          messages: [
            { role: 'system', content: 'This is some text' },
            { role: 'user', content: 'hello world' },
          ],
        }).input,
        17,
      );
    });

    it('adds a name and one token for it', () => {
      const named = chat({ messages: [{ role: 'user', name: 'example_user', content: 'hello world' }] }).input;
      assert.equal(named, 9 + o200k('example_user') + 1);
    });

    it("agrees with gpt-tokenizer's countChatCompletionTokens, function tools included", () => {
      const messages = [
        { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
        { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
        { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client project." },
      ];
      const fn: ChatCompletionFunctionDefinition = {
        name: 'get_weather',
        description: 'The weather in a city.',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string', description: 'The city' }, unit: { type: 'string', enum: ['c', 'f'] } },
          required: ['city'],
        },
      };
      assert.equal(chat({ messages }).input, countChatCompletionTokens({ messages }));
      const withTools = chat({ messages, tools: [{ type: 'function', function: fn }] }).input;
      assert.equal(withTools, countChatCompletionTokens({ messages, functions: [fn] }));
      assert.ok(withTools > chat({ messages }).input + 20, 'the tool definition costs tokens');
    });

    it('counts text parts, earlier tool calls, and low-detail images as documented; other images are not counted', () => {
      const text = chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world' }] }] });
      assert.deepEqual([text.input, text.uncounted], [9, 0]);
      const call = chat({
        messages: [
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
        ],
      });
      assert.equal(call.input, 3 + o200k('assistant') + 3 + o200k('get_weather') + o200k('{"city":"Paris"}') + 3);
      const image = (detail?: string, model = 'gpt-4o') =>
        chat({
          model,
          messages: [
            {
              role: 'user',
              content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png', ...(detail ? { detail } : {}) } }],
            },
          ],
        });
      assert.deepEqual([image('low').input, image('low').uncounted], [3 + 1 + 3 + 85, 0], 'GPT-4o: 85 tokens at low detail');
      assert.equal(image('low', 'gpt-4o-mini').input, 3 + 1 + 3 + 2833, 'GPT-4o mini: 2833 tokens at low detail');
      assert.deepEqual([image('high').input, image('high').uncounted], [3 + 1 + 3, 1], 'high detail needs the image size: not counted');
      assert.equal(image().uncounted, 1, 'auto (the default) likewise');
      assert.equal(
        chat({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] }).uncounted,
        1,
      );
    });

    it('reads with the encoding of the request model', () => {
      const text = 'toString constructor hasOwnProperty valueOf';
      assert.equal(chat({ model: 'gpt-4', messages: [{ role: 'user', content: text }] }).input, 3 + 1 + 6 + 3);
      assert.equal(chat({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] }).input, 3 + 1 + 8 + 3);
      assert.equal(chat({ model: 'gpt-4', messages: [] }).encoding, 'cl100k_base');
    });

    it('caps the output at max_completion_tokens (or max_tokens) times n; no cap is null', () => {
      const messages = [{ role: 'user', content: 'hello world' }];
      assert.equal(chat({ messages, max_completion_tokens: 100 }).maxOutput, 100);
      assert.equal(chat({ messages, max_tokens: 50 }).maxOutput, 50);
      assert.equal(chat({ messages, max_tokens: 50, max_completion_tokens: 70, n: 3 }).maxOutput, 210);
      assert.equal(chat({ messages }).maxOutput, null);
    });
  });

  describe('other endpoints', () => {
    it('embeddings: a string, strings, and token arrays counted by their length; no output', () => {
      const embed = (input: unknown, model = 'text-embedding-3-small') => tokensOf('/v1/embeddings', { model, input });
      assert.equal(embed('hello world').input, 2);
      assert.equal(embed(['hello world', 'This is some text']).input, 6);
      assert.equal(embed([15339, 1917, 0]).input, 3, 'one token array');
      assert.equal(
        embed([
          [15339, 1917],
          [1, 2, 3, 4],
        ]).input,
        6,
        'several token arrays',
      );
      assert.equal(embed('toString constructor hasOwnProperty valueOf').input, 6, 'text-embedding-3-small reads with cl100k_base');
      assert.equal(embed('hello world').maxOutput, 0);
    });

    it('responses: instructions and input as messages with the chat overhead; max_output_tokens', () => {
      const respond = (body: Record<string, unknown>) => tokensOf('/v1/responses', { model: 'gpt-4.1-mini', ...body });
      assert.equal(respond({ input: 'hello world' }).input, 9, 'a string input is one user message');
      assert.equal(respond({ input: 'hello world', instructions: 'This is some text' }).input, 9 + 3 + o200k('developer') + 4);
      assert.equal(respond({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello world' }] }] }).input, 9);
      assert.equal(
        respond({ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', detail: 'high' }] }] })
          .uncounted,
        1,
      );
      assert.equal(
        respond({ input: 'hello world', previous_response_id: 'resp_1' }).uncounted,
        1,
        "an earlier response's conversation is billed but not in the request",
      );
      assert.equal(respond({ input: 'hello world', max_output_tokens: 500 }).maxOutput, 500);
      assert.equal(respond({ input: 'hello world' }).maxOutput, null);
    });

    it('completions: prompts as they are, output cap times n (or best_of) times the prompts', () => {
      const complete = (body: Record<string, unknown>) => tokensOf('/v1/completions', { model: 'gpt-3.5-turbo-instruct', ...body });
      assert.equal(complete({ prompt: 'hello world' }).input, 2);
      assert.equal(complete({ prompt: ['hello world', 'hello world'], max_tokens: 16, n: 2 }).maxOutput, 64);
      assert.equal(complete({ prompt: 'hello world', max_tokens: 16, n: 1, best_of: 3 }).maxOutput, 48);
      assert.equal(complete({ prompt: 'hello world' }).maxOutput, null);
    });

    it('moderations: inputs counted, no output', () => {
      const moderate = tokensOf('/v1/moderations', { model: 'omni-moderation-latest', input: ['hello world', 'indivisible'] });
      assert.deepEqual([moderate.input, moderate.maxOutput], [5, 0]);
    });

    it('Azure OpenAI urls read as their endpoints', () => {
      assert.equal(tokensOf('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello world' }] }).input, 9);
    });
  });

  it('a line that is no request counts nothing: blank, not JSON, no body, unknown url', () => {
    for (const line of ['', '   ', '{"custom_id": ', '[1, 2]', '{"url": "/v1/chat/completions"}', '{"url": "/v1/files", "body": {}}'])
      assert.equal(lineTokens(line, counterOf), undefined, line);
    assert.equal(
      lineTokens('\uFEFF{"url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "hello world"}}', counterOf)?.input,
      2,
      'a BOM is not part of the JSON',
    );
  });
});
