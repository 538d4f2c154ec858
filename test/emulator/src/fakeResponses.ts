/** Plausible, deterministic response bodies for each batch endpoint: what the emulator writes
 *  into output files instead of calling a model. Shapes follow the spec's response schemas
 *  (CreateChatCompletionResponse, CreateEmbeddingResponse, Response, CreateCompletionResponse,
 *  CreateModerationResponse, ImagesResponse, VideoResource); the tests check them against it. */
import { createHash } from 'node:crypto';
import { newId } from './ids';

type Json = Record<string, unknown>;

export interface Usage {
  input: number;
  output: number;
}

export interface FakeResult {
  body: Json;
  usage: Usage;
}

const SNIPPET = 60;

/** A rough token count: about four characters a token, at least one. */
export function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function fakeResponse(endpoint: string, body: Json, now: number): FakeResult {
  const model = typeof body.model === 'string' ? body.model : defaultModel(endpoint);
  switch (endpoint) {
    case '/v1/chat/completions':
      return chatCompletion(body, model, now);
    case '/v1/embeddings':
      return embeddings(body, model);
    case '/v1/responses':
      return response(body, model, now);
    case '/v1/completions':
      return completion(body, model, now);
    case '/v1/moderations':
      return moderation(body, model);
    case '/v1/images/generations':
    case '/v1/images/edits':
      return images(body, now);
    case '/v1/videos':
      return video(body, model, now);
    default:
      return { body: {}, usage: { input: 0, output: 0 } };
  }
}

function defaultModel(endpoint: string): string {
  if (endpoint === '/v1/moderations') return 'omni-moderation-latest';
  if (endpoint === '/v1/videos') return 'sora-2';
  if (endpoint.startsWith('/v1/images')) return 'gpt-image-1';
  return 'unknown-model';
}

function reply(prompt: string): string {
  const clean = prompt.replace(/\s+/g, ' ').trim();
  const snippet = clean.length > SNIPPET ? `${clean.slice(0, SNIPPET)}...` : clean;
  return snippet ? `Emulated reply to: "${snippet}"` : 'Emulated reply.';
}

/** The text of a message's content: a string, or the text parts of an array of parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof (part as Json).text === 'string' ? ((part as Json).text as string) : ''))
    .filter(Boolean)
    .join(' ');
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Json | null;
    if (message && typeof message === 'object' && message.role === 'user') return contentText(message.content);
  }
  const last = messages[messages.length - 1] as Json | undefined;
  return last && typeof last === 'object' ? contentText(last.content) : '';
}

function allText(value: unknown): string {
  return JSON.stringify(value ?? '');
}

/** A prompt as text: a string, or an array's items (strings or token ids) joined by spaces. */
function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt)) return prompt.map(String).join(' ');
  return typeof prompt === 'number' || typeof prompt === 'boolean' ? String(prompt) : '';
}

function count(n: unknown, max: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, max) : 1;
}

function chatCompletion(body: Json, model: string, now: number): FakeResult {
  const text = reply(lastUserText(body.messages));
  const n = count(body.n, 8);
  const usage = { input: tokens(allText(body.messages)), output: tokens(text) * n };
  return {
    usage,
    body: {
      id: newId.chatCompletion(),
      object: 'chat.completion',
      created: now,
      model,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      })),
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
    },
  };
}

/** Each input of an embeddings request: a string, a token array, or an array of either. */
function embeddingInputs(input: unknown): unknown[] {
  if (!Array.isArray(input)) return [input ?? ''];
  if (input.length > 0 && typeof input[0] === 'number') return [input];
  return input.length > 0 ? input : [''];
}

/** A unit vector derived from the input's hash: the same input always gets the same vector. */
function vectorFor(input: unknown, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256')
      .update(`${block}:${JSON.stringify(input)}`)
      .digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2) values.push(digest.readUInt16BE(i) / 32767.5 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => Math.round((v / norm) * 1e6) / 1e6);
}

function embeddings(body: Json, model: string): FakeResult {
  const inputs = embeddingInputs(body.input);
  const dimensions =
    typeof body.dimensions === 'number' && Number.isInteger(body.dimensions) && body.dimensions > 0 ? Math.min(body.dimensions, 4096) : 8;
  const base64 = body.encoding_format === 'base64';
  const input = inputs.reduce<number>((sum, item) => sum + (Array.isArray(item) ? item.length : tokens(String(item))), 0);
  return {
    usage: { input, output: 0 },
    body: {
      object: 'list',
      data: inputs.map((item, index) => {
        const vector = vectorFor(item, dimensions);
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
      }),
      model,
      usage: { prompt_tokens: input, total_tokens: input },
    },
  };
}

function responseInputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  const messages = input.filter((item) => item && typeof item === 'object' && 'role' in (item as Json));
  return lastUserText(messages);
}

function response(body: Json, model: string, now: number): FakeResult {
  const text = reply(responseInputText(body.input));
  const usage = { input: tokens(allText(body.input) + allText(body.instructions)), output: tokens(text) };
  return {
    usage,
    body: {
      id: newId.response(),
      object: 'response',
      created_at: now,
      status: 'completed',
      completed_at: now,
      error: null,
      incomplete_details: null,
      instructions: typeof body.instructions === 'string' ? body.instructions : null,
      max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
      model,
      output: [
        {
          id: newId.message(),
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      service_tier: 'default',
      store: false,
      temperature: typeof body.temperature === 'number' ? body.temperature : 1,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: typeof body.top_p === 'number' ? body.top_p : 1,
      truncation: 'disabled',
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.input + usage.output,
      },
      metadata: {},
    },
  };
}

function completion(body: Json, model: string, now: number): FakeResult {
  const prompt = promptText(body.prompt);
  const text = ` ${reply(prompt)}`;
  const n = count(body.n, 8);
  const usage = { input: tokens(prompt), output: tokens(text) * n };
  return {
    usage,
    body: {
      id: newId.completion(),
      object: 'text_completion',
      created: now,
      model,
      choices: Array.from({ length: n }, (_, index) => ({ text, index, logprobs: null, finish_reason: 'stop' })),
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    },
  };
}

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

function moderation(body: Json, model: string): FakeResult {
  // A string, an array of strings, or an array of multi-modal parts (one input in all).
  const input = body.input;
  const items = Array.isArray(input) && input.every((item) => typeof item === 'string') ? input : [input];
  return {
    usage: { input: tokens(allText(input)), output: 0 },
    body: {
      id: newId.moderation(),
      model,
      results: items.map((item) => {
        const scores = vectorFor(item, MODERATION_CATEGORIES.length);
        return {
          flagged: false,
          categories: Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, false])),
          category_scores: Object.fromEntries(MODERATION_CATEGORIES.map((c, i) => [c, Math.round(Math.abs(scores[i]) * 1e4) / 1e6])),
          category_applied_input_types: Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, ['text']])),
        };
      }),
    },
  };
}

/** A 1x1 transparent PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function images(body: Json, now: number): FakeResult {
  const n = count(body.n, 10);
  const input = tokens(promptText(body.prompt));
  const output = 272 * n;
  return {
    usage: { input, output },
    body: {
      created: now,
      data: Array.from({ length: n }, () => ({ b64_json: PIXEL_PNG })),
      usage: {
        input_tokens: input,
        output_tokens: output,
        total_tokens: input + output,
        input_tokens_details: { text_tokens: input, image_tokens: 0 },
      },
    },
  };
}

const VIDEO_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'];

function video(body: Json, model: string, now: number): FakeResult {
  return {
    usage: { input: 0, output: 0 },
    body: {
      id: newId.video(),
      object: 'video',
      model,
      status: 'queued',
      progress: 0,
      created_at: now,
      completed_at: null,
      expires_at: null,
      prompt: typeof body.prompt === 'string' ? body.prompt : null,
      size: typeof body.size === 'string' && VIDEO_SIZES.includes(body.size) ? body.size : '720x1280',
      seconds: typeof body.seconds === 'string' ? body.seconds : '4',
      remixed_from_video_id: null,
      error: null,
    },
  };
}
