/** Fault knobs: rules that make matching requests fail the ways a real service and network do —
 *  an error status (429 with `retry-after`, 500, 503), an answer that comes too late, a reset
 *  connection, a body cut off or not JSON, an upload cut off half-way. Set through the control
 *  route `/__emulator/faults`, the `--fault` option or `Emulator.faults`. */
import { STATUS_CODES } from 'node:http';
import { badRequest } from './errors';

export const FAULT_KINDS = ['status', 'delay', 'reset', 'truncate', 'nonjson', 'cutUpload'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A rule as it is sent to the control route (JSON). */
export interface FaultSpec {
  kind: FaultKind;
  /** HTTP method to match (any when left out). */
  method?: string;
  /** A regular expression tested against the request's path in its /v1 form (Azure paths too,
   *  e.g. `^/v1/batches$`, `^/v1/files/[^/]+/content$`); any path when left out. */
  path?: string;
  /** How many matching requests it hits; then it is gone. Default 1. */
  times?: number;
  /** `status`: the status to answer with (default 500); `nonjson`: the status of the page (default 200). */
  status?: number;
  /** `status`: a `retry-after` header, in seconds. */
  retryAfter?: number;
  /** `status`: a `retry-after-ms` header, in milliseconds (the openai SDKs read it first). */
  retryAfterMs?: number;
  /** `status`: the error message and code (default: what the API says for that status, e.g.
   *  `rate_limit_exceeded` for 429; the live API's `insufficient_quota` is a 429 too). */
  message?: string;
  code?: string;
  /** `delay`: how long, in milliseconds (default 60000). */
  delayMs?: number;
  /** `status`, `reset`, `delay`, `nonjson`: do what the request asks first (create the batch,
   *  delete the file...), then lose, delay or replace its answer: the client cannot know whether
   *  it happened. Without it the request is not carried out (a delayed one only if its client is
   *  still there). */
  handled?: boolean;
  /** `nonjson`: the body (default an HTML page naming the status) and its content type
   *  (default text/html). */
  body?: string;
  contentType?: string;
}

/** A rule in force: its spec with the defaults filled in, and how often it has hit. */
export interface Fault extends Required<Pick<FaultSpec, 'kind' | 'times'>> {
  id: number;
  spec: FaultSpec;
  method?: string;
  pattern?: RegExp;
  hits: number;
}

const KEYS = new Set([
  'kind',
  'method',
  'path',
  'times',
  'status',
  'retryAfter',
  'retryAfterMs',
  'message',
  'code',
  'delayMs',
  'handled',
  'body',
  'contentType',
]);

/** What the API says with each error status (the live API's wording where it has one). */
export function statusError(status: number, retryAfterSeconds?: number): { message: string; type: string; code: string | null } {
  if (status === 429)
    return {
      message: `Rate limit reached for requests. Please try again in ${retryAfterSeconds ?? 20}s.`,
      type: 'requests',
      code: 'rate_limit_exceeded',
    };
  if (status === 503) return { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null };
  if (status >= 500)
    return {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      code: null,
    };
  return {
    message: `${status} ${STATUS_CODES[status] ?? 'Error'} (a fault set on the emulator).`,
    type: 'invalid_request_error',
    code: null,
  };
}

/** An HTML page as a proxy or gateway sends it. */
export function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><hr><p>nginx</p></body></html>\n`;
}

function checkInteger(spec: Record<string, unknown>, key: string, min: number, max: number): void {
  const value = spec[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badRequest(`Invalid fault: '${key}' must be an integer from ${min} to ${max}.`, key, 'invalid_value');
}

/** Checks a rule as sent; throws the API's 400 envelope saying what is wrong. */
export function parseFault(value: unknown): FaultSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('A fault is a JSON object such as {"kind": "status", "status": 429, "path": "^/v1/batches$"}.', null, 'invalid_type');
  const spec = value as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!KEYS.has(key)) throw badRequest(`Unknown fault field '${key}'. Known: ${[...KEYS].join(', ')}.`, key, 'unknown_parameter');
  }
  if (typeof spec.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(spec.kind))
    throw badRequest(`Invalid fault kind ${JSON.stringify(spec.kind)}: use one of ${FAULT_KINDS.join(', ')}.`, 'kind', 'invalid_value');
  for (const key of ['method', 'path', 'message', 'code', 'body', 'contentType']) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string')
      throw badRequest(`Invalid fault: '${key}' must be a string.`, key, 'invalid_type');
  }
  if (spec.handled !== undefined && typeof spec.handled !== 'boolean')
    throw badRequest("Invalid fault: 'handled' must be true or false.", 'handled', 'invalid_type');
  checkInteger(spec, 'times', 1, 1_000_000);
  checkInteger(spec, 'status', 200, 599);
  checkInteger(spec, 'retryAfter', 0, 86_400);
  checkInteger(spec, 'retryAfterMs', 0, 86_400_000);
  checkInteger(spec, 'delayMs', 0, 3_600_000);
  if (spec.kind === 'status' && typeof spec.status === 'number' && spec.status < 400)
    throw badRequest("Invalid fault: a 'status' fault answers with an error status, 400 to 599.", 'status', 'invalid_value');
  if (typeof spec.path === 'string') {
    try {
      new RegExp(spec.path);
    } catch (error) {
      throw badRequest(`Invalid fault: 'path' is not a regular expression: ${(error as Error).message}.`, 'path', 'invalid_value');
    }
  }
  return spec as unknown as FaultSpec;
}

/** The rules in force, first added first matched. */
export class Faults {
  private rules: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      spec,
      kind: spec.kind,
      times: spec.times ?? 1,
      ...(spec.method ? { method: spec.method.toUpperCase() } : {}),
      ...(spec.path !== undefined ? { pattern: new RegExp(spec.path) } : {}),
      hits: 0,
    };
    this.rules.push(fault);
    return fault;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules still in force, as plain data (what the control route lists). */
  list(): { id: number; remaining: number; hits: number; spec: FaultSpec }[] {
    return this.rules.map((rule) => ({ id: rule.id, remaining: rule.times - rule.hits, hits: rule.hits, spec: rule.spec }));
  }

  /** The first rule matching the request, counted as a hit (and dropped once used up). */
  take(method: string, path: string): Fault | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (!r.pattern || r.pattern.test(path)));
    if (!rule) return undefined;
    rule.hits++;
    if (rule.hits >= rule.times) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}
