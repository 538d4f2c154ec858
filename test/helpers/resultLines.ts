/** Lines of a batch's output and error files, in the Batch API's format (`{id, custom_id,
 *  response: {status_code, request_id, body}, error}`), for the results tests. */
import { requestLine } from './requests';

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${String(++counter).padStart(6, '0')}`;

/** A result line of a request the API answered with `status` and `body`. */
function answeredResult(customId: string, status: number, body: Record<string, unknown>): string {
  return JSON.stringify({
    id: nextId('batch_req'),
    custom_id: customId,
    response: { status_code: status, request_id: nextId('req'), body },
    error: null,
  });
}

export function chatResult(customId: string, content: string, usage = { prompt: 12, completion: 5 }, finish = 'stop'): string {
  return answeredResult(customId, 200, {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finish }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  });
}

export function embeddingResult(customId: string, dimensions: number, inputs = 1): string {
  return answeredResult(customId, 200, {
    object: 'list',
    data: Array.from({ length: inputs }, (_, index) => ({
      object: 'embedding',
      index,
      embedding: Array.from({ length: dimensions }, (_, i) => Math.round(Math.sin(i + index) * 1e6) / 1e6),
    })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 8 * inputs, total_tokens: 8 * inputs },
  });
}

/** A request the API answered with an error status (in the error file). */
export function httpErrorResult(customId: string, status: number, code: string, message: string): string {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return answeredResult(customId, status, { error: { message, type, param: null, code } });
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
  return requestLine(customId, '/v1/chat/completions', {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: prompt },
    ],
  });
}

/** A review-summarising batch of `count` requests and its output, every tenth request failed with
 *  a 500: the large results file the protocol test and the bench join (the reply repeated
 *  `replyRepeats` times sets the output's size). */
export function reviewBatch(count: number, replyRepeats: number): { requests: string[]; results: string[] } {
  const requests: string[] = [];
  const results: string[] = [];
  const reply = 'The customer liked the product and would buy it again; delivery was quick. '.repeat(replyRepeats);
  for (let i = 0; i < count; i++) {
    const id = `row-${String(i).padStart(5, '0')}`;
    requests.push(chatRequest(id, `Summarise review number ${i}: the product arrived on time and works well.`));
    results.push(
      i % 10 === 9
        ? httpErrorResult(id, 500, 'server_error', 'The server had an error.')
        : chatResult(id, reply, { prompt: 40, completion: 120 }),
    );
  }
  return { requests, results };
}
