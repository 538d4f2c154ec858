/** Lines of a batch's output and error files, in the Batch API's format (`{id, custom_id,
 *  response: {status_code, request_id, body}, error}`), for the results tests. */

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${String(++counter).padStart(6, '0')}`;

export function chatResult(customId: string, content: string, usage = { prompt: 12, completion: 5 }, finish = 'stop'): string {
  return JSON.stringify({
    id: nextId('batch_req'),
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: nextId('req'),
      body: {
        id: nextId('chatcmpl'),
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finish }],
        usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
      },
    },
    error: null,
  });
}

export function embeddingResult(customId: string, dimensions: number, inputs = 1): string {
  return JSON.stringify({
    id: nextId('batch_req'),
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: nextId('req'),
      body: {
        object: 'list',
        data: Array.from({ length: inputs }, (_, index) => ({
          object: 'embedding',
          index,
          embedding: Array.from({ length: dimensions }, (_, i) => Math.round(Math.sin(i + index) * 1e6) / 1e6),
        })),
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8 * inputs, total_tokens: 8 * inputs },
      },
    },
    error: null,
  });
}

/** A request the API answered with an error status (in the error file). */
export function httpErrorResult(customId: string, status: number, code: string, message: string): string {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({
    id: nextId('batch_req'),
    custom_id: customId,
    response: { status_code: status, request_id: nextId('req'), body: { error: { message, type, param: null, code } } },
    error: null,
  });
}

/** A request that never ran: the batch expired or was cancelled first (in the error file). */
export function unrunResult(
  customId: string,
  code = 'batch_expired',
  message = 'This request could not be executed before the completion window expired.',
): string {
  return JSON.stringify({ id: nextId('batch_req'), custom_id: customId, response: null, error: { code, message } });
}

export function chatRequest(customId: string, prompt: string): string {
  return JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: prompt },
      ],
    },
  });
}
