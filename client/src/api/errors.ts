/** Turns what the SDK throws into one sentence a user can act on. Pure: no editor. */
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

export type ErrorKind = 'connection' | 'auth' | 'notFound' | 'conflict' | 'rateLimit' | 'server' | 'request' | 'aborted' | 'other';

export interface DescribedError {
  kind: ErrorKind;
  message: string;
}

export interface ErrorContext {
  /** The base URL requests went to. */
  baseURL: string;
  /** The setting (or environment variable) that chooses it. */
  setting: string;
  /** The API key in use: removed from any text shown. */
  key?: string;
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
};

/** The innermost system error code (undici wraps `ECONNREFUSED` in `TypeError: fetch failed`). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in networkCodes) return code;
    const errors = (current as { errors?: unknown }).errors; // AggregateError (IPv4 and IPv6 both refused)
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const found = networkCode(inner);
        if (found) return found;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
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

export function describeError(error: unknown, context: ErrorContext): DescribedError {
  const where = context.baseURL;
  const described = ((): DescribedError => {
    if (error instanceof APIUserAbortError) return { kind: 'aborted', message: 'The request was cancelled.' };
    if (error instanceof APIConnectionTimeoutError)
      return { kind: 'connection', message: `Could not reach ${where}: timed out. Check ${context.setting} and your network.` };
    if (error instanceof APIConnectionError) {
      const code = networkCode(error);
      const reason = code ? networkCodes[code] : innermostMessage(error).replace(/\.$/, '');
      return { kind: 'connection', message: `Could not reach ${where}: ${reason}. Check ${context.setting}.` };
    }
    if (error instanceof AuthenticationError) {
      return { kind: 'auth', message: `${where} rejected the API key (401: ${apiMessage(error)}). Run "Batch Studio: Set API Key".` };
    }
    if (error instanceof PermissionDeniedError) return { kind: 'auth', message: `${where} denied access (403: ${apiMessage(error)}).` };
    if (error instanceof NotFoundError) return { kind: 'notFound', message: `Not found (404): ${apiMessage(error)}` };
    if (error instanceof RateLimitError) return { kind: 'rateLimit', message: `Rate limited by ${where} (429): ${apiMessage(error)}` };
    if (isApiError(error)) {
      const status = error.status;
      if (status === 409) return { kind: 'conflict', message: apiMessage(error) };
      if (status !== undefined && status >= 500) return { kind: 'server', message: `${where} failed (${status}): ${apiMessage(error)}` };
      return { kind: 'request', message: status !== undefined ? `${apiMessage(error)} (${status})` : apiMessage(error) };
    }
    if (error instanceof Error) return { kind: 'other', message: error.message };
    return { kind: 'other', message: String(error) };
  })();
  return { kind: described.kind, message: redact(described.message, context.key) };
}
