/** The input tokens of one request body, by endpoint, as the model's tokenizer counts them. Chat
 *  messages (and the Responses API's input items) are counted as gpt-tokenizer's
 *  countChatCompletionTokens counts them, with the overhead OpenAI documents for the chat format:
 *  3 tokens per message, 1 more for a `name`, 3 priming the reply; function tools as the
 *  definitions the model is shown. Embeddings, completions and moderations inputs are counted as
 *  they are (a token-array input counts its length). What cannot be known from the request is
 *  counted as `uncounted` parts: images at high or auto detail, audio and files, earlier responses
 *  a request refers to. A structured-output schema counts as its JSON text, an approximation. */
import {
  type ChatCompletionFunctionCallOption,
  type ChatCompletionFunctionDefinition,
  type ChatCompletionFunctionParameters,
  type ChatMessage,
  computeChatCompletionTokenCount,
  FUNCTION_CALL_METADATA_TOKEN_OVERHEAD,
} from 'gpt-tokenizer/functionCalling';
import type { EndpointKind } from './endpointKind';
import { imageTokens } from './imageTokens';

/** A text's tokens in one encoding. */
export type TextCounter = (text: string) => number;

export interface InputTokens {
  tokens: number;
  /** Parts of the input whose tokens are not in `tokens`. */
  uncounted: number;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

export function inputTokens(kind: EndpointKind, body: Json, count: TextCounter): InputTokens {
  const tally = new Tally(count, text(body.model));
  switch (kind) {
    case 'chat':
      chat(body, tally);
      break;
    case 'responses':
      responses(body, tally);
      break;
    case 'embeddings':
    case 'moderations':
      prompts(body.input, tally);
      break;
    case 'completions':
      prompts(body.prompt, tally);
      tally.text(body.suffix);
      break;
    case 'images':
      tally.text(body.prompt);
      break;
  }
  return { tokens: tally.tokens, uncounted: tally.uncounted };
}

class Tally {
  tokens = 0;
  uncounted = 0;

  constructor(
    readonly count: TextCounter,
    private readonly model: string | undefined,
  ) {}

  text(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.tokens += this.count(value);
  }

  image(detail: unknown): void {
    const tokens = imageTokens(this.model, detail);
    if (tokens === undefined) this.uncounted++;
    else this.tokens += tokens;
  }

  /** A function call the model made earlier (an assistant message's tool call), as gpt-tokenizer
   *  counts a message's function_call. */
  call(name: unknown, args: unknown): void {
    this.text(name);
    this.text(args);
    this.tokens += FUNCTION_CALL_METADATA_TOKEN_OVERHEAD;
  }

  /** The messages with the chat format's overhead, and the function tools the model is shown. */
  conversation(
    messages: ChatMessage[],
    functions: ChatCompletionFunctionDefinition[],
    choice: ChatCompletionFunctionCallOption | undefined,
  ): void {
    const request = { messages, functions: functions.length > 0 ? functions : undefined, function_call: choice };
    try {
      this.tokens += computeChatCompletionTokenCount(request, this.count);
    } catch {
      // Parameters too malformed to lay out as the model sees them: count them as JSON instead.
      this.tokens += computeChatCompletionTokenCount({ messages }, this.count);
      this.text(JSON.stringify(functions));
    }
  }

  /** A structured-output JSON Schema, as its JSON text: the model is shown it in a form not
   *  documented, so this is an approximation. */
  schema(schema: unknown): void {
    if (schema !== undefined) this.text(JSON.stringify(schema));
  }
}

/** A chat message's content parts (and the Responses API's input content). */
function parts(content: readonly unknown[], tally: Tally): void {
  for (const part of content) {
    if (!isObject(part)) continue;
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        tally.text(part.text);
        break;
      case 'refusal':
        tally.text(part.refusal);
        break;
      case 'image_url':
        tally.image(isObject(part.image_url) ? part.image_url.detail : undefined);
        break;
      case 'input_image':
        tally.image(part.detail);
        break;
      default:
        // input_audio, file, input_file, and anything newer.
        tally.uncounted++;
    }
  }
}

/** A message for the chat format: text content as its content, parts counted on their own. */
function message(role: unknown, content: unknown, tally: Tally, name?: unknown): ChatMessage {
  if (Array.isArray(content)) parts(content, tally);
  const counted: ChatMessage = { role: text(role), content: text(content) ?? '' };
  const named = text(name);
  if (named) counted.name = named;
  return counted;
}

function chat(body: Json, tally: Tally): void {
  const messages: ChatMessage[] = [];
  for (const item of list(body.messages)) {
    if (!isObject(item)) continue;
    messages.push(message(item.role, item.content, tally, item.name));
    if (isObject(item.function_call)) tally.call(item.function_call.name, item.function_call.arguments);
    for (const call of list(item.tool_calls))
      if (isObject(call) && isObject(call.function)) tally.call(call.function.name, call.function.arguments);
    if (isObject(item.audio)) tally.uncounted++; // an earlier spoken answer, referred to by id
  }
  const functions = [
    ...list(body.tools).map((tool) => (isObject(tool) && tool.type === 'function' ? definition(tool.function) : undefined)),
    ...list(body.functions).map(definition),
  ].filter((fn) => fn !== undefined);
  tally.conversation(messages, functions, functionChoice(body.tool_choice ?? body.function_call));
  if (isObject(body.response_format) && isObject(body.response_format.json_schema)) tally.schema(body.response_format.json_schema.schema);
}

function responses(body: Json, tally: Tally): void {
  const messages: ChatMessage[] = [];
  if (text(body.instructions)) messages.push({ role: 'developer', content: text(body.instructions) ?? '' });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  for (const item of list(body.input)) {
    if (!isObject(item)) continue;
    const type = item.type ?? 'message';
    if (type === 'message') messages.push(message(item.role, item.content, tally));
    else if (type === 'function_call') tally.call(item.name, item.arguments);
    else if (type === 'function_call_output') messages.push(message('tool', item.output, tally));
    else tally.uncounted++; // reasoning, references to earlier items, built-in tool calls
  }
  // An earlier response's conversation, or a stored prompt, is billed as input too.
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) tally.uncounted++;
  if (body.prompt !== undefined && body.prompt !== null) tally.uncounted++;
  const functions = list(body.tools)
    .map((tool) => (isObject(tool) && tool.type === 'function' ? definition(tool) : undefined))
    .filter((fn) => fn !== undefined);
  tally.conversation(messages, functions, functionChoice(body.tool_choice));
  if (isObject(body.text) && isObject(body.text.format) && body.text.format.type === 'json_schema') tally.schema(body.text.format.schema);
}

/** A function tool: `{name, description, parameters}` (chat's `tools[].function`, the Responses
 *  API's function tool, the older `functions`). */
function definition(fn: unknown): ChatCompletionFunctionDefinition | undefined {
  if (!isObject(fn) || typeof fn.name !== 'string') return undefined;
  return {
    name: fn.name,
    description: text(fn.description),
    parameters: isObject(fn.parameters) ? (fn.parameters as unknown as ChatCompletionFunctionParameters) : undefined,
  };
}

/** `tool_choice` (or `function_call`) naming a function or `none`; `auto` and `required` add nothing. */
function functionChoice(choice: unknown): ChatCompletionFunctionCallOption | undefined {
  if (choice === 'none') return 'none';
  if (!isObject(choice)) return undefined;
  const named = isObject(choice.function) ? choice.function.name : choice.name;
  return typeof named === 'string' ? { name: named } : undefined;
}

/** An embeddings or moderations input, a completions prompt: a string, a token array, or a list
 *  of either; moderations' content parts too. */
function prompts(input: unknown, tally: Tally): void {
  if (!Array.isArray(input)) {
    tally.text(input);
    return;
  }
  if (input.every((item) => typeof item === 'number')) {
    tally.tokens += input.length;
    return;
  }
  for (const item of input) {
    if (Array.isArray(item)) tally.tokens += item.length;
    else if (isObject(item)) parts([item], tally);
    else tally.text(item);
  }
}
