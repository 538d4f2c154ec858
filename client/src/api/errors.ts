/** Turns what the SDK throws into a sentence a user can act on — what went wrong, where, and what
 *  to do next — and says whether trying again may help. Pure: no editor; its sentences go through
 *  `@vscode/l10n` (util/pureTranslations.ts). */
import * as l10n from '@vscode/l10n';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { redact } from '../util/redact';
import { shownUrl, withShownUrls } from '../util/shownUrl';

export type ErrorKind =
  | 'connection'
  | 'timeout'
  | 'reset'
  | 'badAnswer'
  | 'auth'
  | 'notFound'
  | 'conflict'
  | 'rateLimit'
  | 'quota'
  | 'server'
  | 'request'
  | 'aborted'
  | 'other';

export interface DescribedError {
  kind: ErrorKind;
  /** What went wrong and what to do next, for a notification or the log. */
  message: string;
  /** What went wrong only, for callers that say themselves what happens next ("retrying in 20 s"). */
  reason: string;
  /** How long the service asked to wait before the next request (`retry-after`), if it did. */
  retryAfterMs?: number;
}

export interface ErrorContext {
  /** The base URL requests went to. */
  baseURL: string;
  /** The setting (or environment variable) that chooses it. */
  setting: string;
  /** The API key in use: removed from any text shown. */
  key?: string;
}

/** A successful answer that is not what the API sends: not JSON (a proxy's or a captive portal's
 *  page), or JSON of another shape. BatchApi throws it; the SDK would pass such a body on. */
export class UnexpectedAnswerError extends Error {
  constructor(
    readonly status: number,
    /** What came instead, e.g. `text/html, 200: "502 Bad Gateway"` or `JSON without an id`. */
    readonly what: string,
    readonly notJson: boolean,
  ) {
    super(`unexpected answer (${what})`);
    this.name = 'UnexpectedAnswerError';
  }
}

/** The timeout a request ran with, recorded by BatchApi so that messages can name it. */
const timeouts = new WeakMap<object, number>();
export function noteTimeout(error: unknown, ms: number): void {
  if (error instanceof APIConnectionTimeoutError) timeouts.set(error, ms);
}

/** What each system error code means, to follow "Could not reach <url>: ". */
const networkCodes: Record<string, () => string> = {
  ECONNREFUSED: () => l10n.t('connection refused'),
  ECONNRESET: () => l10n.t('connection reset'),
  EPIPE: () => l10n.t('connection reset'),
  ENOTFOUND: () => l10n.t('host not found'),
  EAI_AGAIN: () => l10n.t('host not found (DNS lookup failed)'),
  ETIMEDOUT: () => l10n.t('timed out'),
  EHOSTUNREACH: () => l10n.t('host unreachable'),
  ENETUNREACH: () => l10n.t('network unreachable'),
  UND_ERR_CONNECT_TIMEOUT: () => l10n.t('connection timed out'),
  UND_ERR_SOCKET: () => l10n.t('connection closed'),
  CERT_HAS_EXPIRED: () => l10n.t('its TLS certificate has expired'),
  DEPTH_ZERO_SELF_SIGNED_CERT: () => l10n.t('its TLS certificate is self-signed'),
  SELF_SIGNED_CERT_IN_CHAIN: () => l10n.t('its TLS certificate chain is self-signed'),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => l10n.t('its TLS certificate could not be verified'),
  ERR_TLS_CERT_ALTNAME_INVALID: () => l10n.t('its TLS certificate is for another host'),
};

/** Errors in the chain of causes (undici wraps `ECONNREFUSED` in `TypeError: fetch failed`),
 *  outermost first, with the members of an AggregateError (IPv4 and IPv6 both refused). */
function causes(error: unknown): unknown[] {
  const found: unknown[] = [];
  const visit = (current: unknown, depth: number) => {
    for (; depth < 8 && current && typeof current === 'object'; depth++) {
      found.push(current);
      const inner = (current as { errors?: unknown }).errors;
      if (Array.isArray(inner)) for (const member of inner) visit(member, depth + 1);
      current = (current as { cause?: unknown }).cause;
    }
  };
  visit(error, 0);
  return found;
}

/** The innermost known system error code. */
function networkCode(error: unknown): string | undefined {
  return causes(error)
    .map((e) => (e as { code?: unknown }).code)
    .find((code): code is string => typeof code === 'string' && code in networkCodes);
}

/** The message of the deepest `cause` (`fetch failed` says less than what caused it). */
function innermostMessage(error: Error): string {
  let message = error.message;
  let current: unknown = error.cause;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message;
}

/** Narrows to `APIError` with the SDK's default type arguments: `instanceof APIError` alone gives
 *  `APIError<any, any, any>`, whose `status` and `error` are `any`. */
export function isApiError(error: unknown): error is APIError {
  return error instanceof APIError;
}

function apiMessage(error: APIError): string {
  const body: unknown = error.error; // the response's JSON, whatever the service sent
  const bodyMessage = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
  const message = typeof bodyMessage === 'string' && bodyMessage ? bodyMessage : error.message;
  return message.replace(/\s+$/, '');
}

/** The wait a `retry-after-ms` or `retry-after` header (seconds or an HTTP date) asks for. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number.parseFloat(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** "20 s", "1.5 s", "3 min", "300 ms". */
export function seconds(ms: number): string {
  if (ms >= 120_000) return l10n.t({ message: '{0} min', args: [Math.round(ms / 60_000)], comment: ['minutes, abbreviated'] });
  if (ms < 1000) return l10n.t({ message: '{0} ms', args: [Math.round(ms)], comment: ['milliseconds, abbreviated'] });
  const s = ms / 1000;
  const shown = s >= 10 || Number.isInteger(s) ? Math.round(s) : Math.round(s * 10) / 10;
  return l10n.t({ message: '{0} s', args: [shown], comment: ['seconds, abbreviated'] });
}

/** An error answer whose body is not the API's JSON envelope (a gateway's HTML page). */
function nonJsonErrorBody(error: APIError): string | undefined {
  if (error.error !== undefined || error.status === undefined) return undefined;
  const contentType = error.headers?.get('content-type') ?? '';
  if (/json/i.test(contentType)) return undefined;
  const text = error.message.replace(/^\d{3}\s*/, '');
  return `${contentType.split(';')[0] || l10n.t('no content type')}, ${error.status}${pageTitle(text)}`;
}

/** `: "502 Bad Gateway"` from an HTML page's title or first heading, else its first words. */
export function pageTitle(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1];
  const words = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  if (!words) return '';
  return `: "${words.length > 60 ? `${words.slice(0, 57)}…` : words}"`;
}

/** Whether the body of an answer stopped early: the connection closed after the headers
 *  (`terminated`), or the JSON ended half-way. */
function cutOff(error: unknown): boolean {
  return causes(error).some(
    (e) =>
      (e instanceof SyntaxError && /end of (JSON|data)|unterminated/i.test(e.message)) ||
      (e instanceof Error && /^terminated$/i.test(e.message)) ||
      (e as { code?: unknown }).code === 'UND_ERR_SOCKET' ||
      (e as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE',
  );
}

export function describeError(error: unknown, context: ErrorContext): DescribedError {
  // Never a password or a signed query in a message: the URL as it may be shown.
  const where = shownUrl(context.baseURL);
  const check = context.setting;
  const described = ((): { kind: ErrorKind; reason: string; next: string; retryAfterMs?: number } => {
    if (error instanceof APIUserAbortError) return { kind: 'aborted', reason: l10n.t('The request was cancelled.'), next: '' };
    if (error instanceof APIConnectionTimeoutError) {
      const ms = timeouts.get(error);
      return {
        kind: 'timeout',
        reason: ms
          ? l10n.t('{0} did not answer within {1} (timed out).', where, seconds(ms))
          : l10n.t('{0} did not answer in time (timed out).', where),
        next: l10n.t(
          'The service may be busy or the network slow: try again in a minute; if it keeps happening, check {0} and your network.',
          check,
        ),
      };
    }
    const unexpected = causes(error).find((e): e is UnexpectedAnswerError => e instanceof UnexpectedAnswerError);
    if (unexpected) {
      return {
        kind: 'badAnswer',
        reason: unexpected.notJson
          ? l10n.t('The API at {0} answered with something that is not JSON ({1}).', where, unexpected.what)
          : l10n.t('The API at {0} answered with JSON that is not what the Batch API sends ({1}).', where, unexpected.what),
        next: l10n.t(
          'Something other than the Batch API may be answering — a proxy, a captive portal, a wrong URL: check {0}, then try again.',
          check,
        ),
      };
    }
    if (error instanceof APIConnectionError || (error instanceof Error && !isApiError(error) && networkCode(error))) {
      const code = networkCode(error);
      if (code === 'ECONNRESET' || code === 'EPIPE')
        return {
          kind: 'reset',
          reason: l10n.t('The connection to {0} was reset before the answer arrived.', where),
          next: l10n.t(
            'This is usually a network or proxy hiccup: try again; if it keeps happening, check {0}, your proxy and your network.',
            check,
          ),
        };
      if (cutOff(error))
        return {
          kind: 'reset',
          reason: l10n.t('The connection to {0} closed before the whole answer arrived.', where),
          next: l10n.t('Try again; if it keeps happening, check your network or proxy.'),
        };
      const reason = code ? networkCodes[code]() : innermostMessage(error).replace(/\.$/, '');
      return { kind: 'connection', reason: l10n.t('Could not reach {0}: {1}.', where, reason), next: l10n.t('Check {0}.', check) };
    }
    if (!isApiError(error) && error instanceof SyntaxError && !cutOff(error)) {
      return {
        kind: 'badAnswer',
        reason: l10n.t(
          'The API at {0} answered with something that is not JSON, although it said it was ({1}).',
          where,
          error.message.replace(/\.$/, ''),
        ),
        next: l10n.t('Something other than the Batch API may be answering — a proxy, a wrong URL: check {0}, then try again.', check),
      };
    }
    if (!isApiError(error) && cutOff(error)) {
      return {
        kind: 'reset',
        reason: l10n.t('The answer from {0} was cut off before it was complete.', where),
        next: l10n.t('Try again; if it keeps happening, check your network or proxy.'),
      };
    }
    if (error instanceof AuthenticationError)
      return {
        kind: 'auth',
        reason: l10n.t('{0} rejected the API key (401: {1}).', where, apiMessage(error)),
        next: l10n.t('Run "Batch Studio: Set API Key".'),
      };
    if (error instanceof PermissionDeniedError)
      return { kind: 'auth', reason: l10n.t('{0} denied access (403: {1}).', where, apiMessage(error)), next: '' };
    if (error instanceof NotFoundError) return { kind: 'notFound', reason: l10n.t('Not found (404): {0}', apiMessage(error)), next: '' };
    if (isApiError(error)) {
      const status = error.status;
      const wait = retryAfterMs(error.headers);
      const notJson = nonJsonErrorBody(error);
      if (notJson)
        return {
          kind: status !== undefined && status >= 500 ? 'server' : 'badAnswer',
          reason: l10n.t('The API at {0} answered with something that is not JSON ({1}).', where, notJson),
          next: l10n.t(
            'A proxy or gateway may be in the way, or the service is down: try again in a minute; if it keeps happening, check {0}.',
            check,
          ),
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
      if (error instanceof RateLimitError) {
        if (error.code === 'insufficient_quota')
          return {
            kind: 'quota',
            reason: l10n.t('{0} refused the request: the account is out of quota (429: {1}).', where, apiMessage(error)),
            next: l10n.t("Check your plan and billing details on the provider's site, then try again."),
          };
        return {
          kind: 'rateLimit',
          reason: l10n.t('The Batch API is rate limiting requests (429: {0}).', apiMessage(error)),
          next: wait !== undefined ? l10n.t('Try again in {0}.', seconds(wait)) : l10n.t('Wait a minute and try again.'),
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
      }
      if (status === 409) return { kind: 'conflict', reason: apiMessage(error), next: '' };
      if (status !== undefined && status >= 500)
        return {
          kind: 'server',
          reason: l10n.t('{0} had a server error ({1}: {2}).', where, status, apiMessage(error)),
          next: l10n.t('This is usually temporary: try again in a minute.'),
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
      return { kind: 'request', reason: status !== undefined ? `${apiMessage(error)} (${status})` : apiMessage(error), next: '' };
    }
    if (error instanceof Error) return { kind: 'other', reason: error.message, next: '' };
    return { kind: 'other', reason: String(error), next: '' };
  })();
  // A library's message may quote the URL in full (undici: "…includes credentials: http://u:p@…").
  const reason = withShownUrls(redact(described.reason, context.key));
  return {
    kind: described.kind,
    message: described.next ? `${reason} ${withShownUrls(redact(described.next, context.key))}` : reason,
    reason,
    ...(described.retryAfterMs !== undefined ? { retryAfterMs: described.retryAfterMs } : {}),
  };
}

/** Whether the request may have been carried out although it failed (a lost or late answer),
 *  rather than refused before anything happened. */
export function mayHaveHappened(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return true;
  if (isApiError(error) && !(error instanceof APIConnectionError)) {
    const status = error.status ?? 0;
    return status === 408 || status >= 500 || (status < 400 && status !== 0);
  }
  return networkCode(error) !== 'ECONNREFUSED' && networkCode(error) !== 'ENOTFOUND' && networkCode(error) !== 'EAI_AGAIN';
}

/** Whether the same request, sent again, may succeed: a rate limit, a server error, a timeout, a
 *  dropped connection or a cut-off answer; never a definite refusal (4xx, a 409 included). */
export function isTransient(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (causes(error).some((e) => e instanceof UnexpectedAnswerError)) return false;
  if (isApiError(error) && !(error instanceof APIConnectionError)) {
    const status = error.status ?? 0;
    if (error instanceof RateLimitError) return error.code !== 'insufficient_quota';
    return status === 408 || status >= 500;
  }
  if (error instanceof APIConnectionTimeoutError) return true;
  const code = networkCode(error);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'ETIMEDOUT') return true;
  return cutOff(error);
}
