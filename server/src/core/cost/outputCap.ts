/** The most output tokens a request lets the model produce: its cap times the completions it
 *  asks for. Output is billed by the tokens produced, so this bounds the output cost. */
import type { EndpointKind } from './endpointKind';

/** `max_completion_tokens` (or the older `max_tokens`) × `n` for chat; `max_output_tokens` for
 *  responses (reasoning tokens included, as they are billed as output); `max_tokens` × the larger
 *  of `n` and `best_of` × the prompts for completions; 0 for embeddings and moderations, which
 *  produce no tokens. Null when no cap is set (and for images, priced per image). */
export function maxOutputTokens(kind: EndpointKind, body: Readonly<Record<string, unknown>>): number | null {
  switch (kind) {
    case 'embeddings':
    case 'moderations':
      return 0;
    case 'chat': {
      const cap = count(body.max_completion_tokens) ?? count(body.max_tokens);
      return cap === undefined ? null : cap * (count(body.n) ?? 1);
    }
    case 'responses':
      return count(body.max_output_tokens) ?? null;
    case 'completions': {
      const cap = count(body.max_tokens);
      return cap === undefined ? null : cap * Math.max(count(body.n) ?? 1, count(body.best_of) ?? 1) * promptCount(body.prompt);
    }
    case 'images':
      return null;
  }
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A completions `prompt` is one prompt (a string or one token array) or a list of them. */
function promptCount(prompt: unknown): number {
  if (!Array.isArray(prompt) || prompt.length === 0 || prompt.every((item) => typeof item === 'number')) return 1;
  return prompt.length;
}
