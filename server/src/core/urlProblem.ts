/** The problem with a url no provider runs batches to, and its repair: for a full URL
 *  (`https://api.openai.com/v1/chat/completions`), dropping the host; else the endpoint it is
 *  closest to, or a choice of them all. */
import { quote } from './describe';
import type { LineSpan } from './diagnostic';
import { BATCH_ENDPOINTS } from './endpoints';
import { schemaEndpointOf } from './providers';
import type { LineProblem } from './schemaProblems';
import { closestMatch } from './suggest';

/** A scheme and host, then the path (without query or fragment). */
const FULL_URL = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i;

export function unsupportedUrlProblem(url: string, span: LineSpan): LineProblem {
  const full = FULL_URL.exec(url);
  const path = full ? (full[1] ?? '/') : url;
  const at = { code: 'unsupported_url', param: 'url', ...span } as const;
  const allowed = [...BATCH_ENDPOINTS];
  if (full && schemaEndpointOf(path) !== undefined) {
    return {
      ...at,
      message: `${quote(url)} is a full URL, but a batch request names the endpoint alone: drop the host, "${path}".`,
      data: { allowed, replacements: [JSON.stringify(path)] },
    };
  }
  const suggestion = closestMatch(path, BATCH_ENDPOINTS) ?? closestMatch(path.replace(/^\/?(v1\/)?/, '/v1/'), BATCH_ENDPOINTS);
  const what = full
    ? `${quote(url)} is a full URL and not an endpoint the Batch API can run: drop the host`
    : `${quote(url)} is not an endpoint the Batch API can run`;
  return {
    ...at,
    message: suggestion ? `${what}. Did you mean "${suggestion}"?` : `${what}; use one of ${BATCH_ENDPOINTS.join(', ')}.`,
    data: { allowed, replacements: suggestion ? [JSON.stringify(suggestion)] : BATCH_ENDPOINTS.map((e) => JSON.stringify(e)) },
  };
}
