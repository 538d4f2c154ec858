/** Test plumbing for the emulator: the official spec, Prism as an independent validating proxy,
 *  a pass-through proxy that can corrupt one response on demand (to prove drift is caught), and a
 *  `fetch` wrapper for the openai SDK that records every exchange with Prism's verdict. */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import * as yaml from 'js-yaml';
import { type Emulator, startEmulator } from '../src/server';

export const repoRoot = path.resolve(__dirname, '../../..');
/** The official OpenAPI spec, vendored with its licence (test/spec/README.md says which release). */
export const specPath = process.env.OPENAI_OPENAPI_SPEC ?? path.join(repoRoot, 'test/spec/openai-openapi.yaml');

// --- the spec's schemas, for what Prism cannot see (file contents, error bodies) ---

interface OpenApiDocument {
  components: { schemas: Record<string, unknown> };
}

let specDocument: OpenApiDocument | undefined;
export function loadSpec(): OpenApiDocument {
  specDocument ??= yaml.load(fs.readFileSync(specPath, 'utf8')) as OpenApiDocument;
  return specDocument;
}

/** Validates values against `#/components/schemas/<name>` of the official spec (OpenAPI 3.1, so
 *  JSON Schema 2020-12; `x-` extensions and formats such as `unixtime` are ignored). */
export class SpecSchemas {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

  constructor(document: OpenApiDocument = loadSpec()) {
    this.ajv.addSchema({ $id: 'openai', components: document.components });
  }

  /** The problems of `value` against the named schema, as "path message" lines; empty if valid. */
  check(name: string, value: unknown): string[] {
    const validate = this.ajv.getSchema(`openai#/components/schemas/${name}`) as ValidateFunction | undefined;
    if (!validate) throw new Error(`The spec has no schema ${name}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${name}${e.instancePath || ''} ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
    );
  }
}

// --- Prism ---

export interface Prism {
  url: string;
  log(): string;
  close(): Promise<void>;
}

/** Starts `prism proxy <spec> <upstream>`; resolves once it listens (it reads the whole spec first). */
export async function startPrism(upstream: string, timeoutMs = 90_000): Promise<Prism> {
  const port = await freePort();
  const bin = require.resolve('@stoplight/prism-cli/dist/index.js', { paths: [repoRoot] });
  const child: ChildProcess = spawn(process.execPath, [bin, 'proxy', specPath, upstream, '-h', '127.0.0.1', '-p', String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 400_000) output = output.slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`Prism did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (output.includes('Prism is listening on')) done();
    };
    const exited = (code: number | null) => done(new Error(`Prism exited with code ${code} before listening:\n${output.slice(-3000)}`));
    function done(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', exited);
      if (error) {
        child.kill();
        reject(error);
      } else {
        resolve();
      }
    }
    child.stdout?.on('data', check);
    child.once('exit', exited);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** A port nothing listens on (free a moment ago). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// --- a proxy that corrupts one JSON response on demand ---

export type Mutation = (body: Record<string, unknown>) => void;

/** An HTTP server on a free loopback port that handles each request with `forward`. */
abstract class LocalProxy {
  private readonly server = http.createServer((req, res) => this.forward(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  protected abstract forward(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/** Forwards everything to `target` unchanged, except that the next JSON response after
 *  `mutateNext` is set is parsed, changed by it and sent on. */
export class MutatingProxy extends LocalProxy {
  mutateNext?: Mutation;

  constructor(private readonly target: string) {
    super();
  }

  protected forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const target = new URL(req.url ?? '/', this.target);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      const mutation = this.mutateNext;
      if (!mutation || !String(answer.headers['content-type']).startsWith('application/json')) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      this.mutateNext = undefined;
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        mutation(body);
        const text = Buffer.from(JSON.stringify(body));
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(text.length) });
        res.end(text);
      });
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}

// --- recording what the SDK sends and gets ---

export interface Violation {
  location: (string | number)[];
  severity: string;
  code?: string | number;
  message: string;
}

export interface Exchange {
  method: string;
  /** Path as sent to Prism, e.g. /batches/batch_123/cancel. */
  path: string;
  status: number;
  violations: Violation[];
  /** The JSON body of an error response. */
  errorBody?: unknown;
}

/** A `fetch` for the openai SDK that keeps every exchange and Prism's `sl-violations` header. */
export class Recorder {
  readonly exchanges: Exchange[] = [];

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const header = response.headers.get('sl-violations');
    const exchange: Exchange = {
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      path: url.pathname,
      status: response.status,
      violations: header ? (JSON.parse(header) as Violation[]) : [],
    };
    if (response.status >= 400) {
      const text = await response.clone().text();
      try {
        exchange.errorBody = JSON.parse(text);
      } catch {
        exchange.errorBody = text;
      }
    }
    this.exchanges.push(exchange);
    return response;
  };
}

/** The spec's path template an exchange belongs to, e.g. "POST /batches/{batch_id}/cancel". */
export function operationOf(exchange: Pick<Exchange, 'method' | 'path'>): string {
  const template = exchange.path.replace(/^\/files\/[^/]+/, '/files/{file_id}').replace(/^\/batches\/[^/]+/, '/batches/{batch_id}');
  return `${exchange.method} ${template}`;
}

export interface Expectations {
  /** Request violations the test provokes on purpose; each must be reported by Prism. */
  requestViolations?: RegExp[];
}

/** Every way `exchanges` break the spec, less what is expected or known (see README). */
export function conformanceProblems(exchanges: Exchange[], schemas: SpecSchemas, expect: Expectations = {}): string[] {
  const problems: string[] = [];
  const unseen = new Set(expect.requestViolations ?? []);
  for (const exchange of exchanges) {
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    for (const violation of exchange.violations) {
      if (violation.location[0] === 'request') {
        const expected = (expect.requestViolations ?? []).find((pattern) => pattern.test(violation.message));
        if (expected) {
          unseen.delete(expected);
          continue;
        }
      }
      if (isKnownSpecGap(exchange, violation)) continue;
      problems.push(`${where}: ${violation.severity} at ${violation.location.join('.')}: ${violation.message}`);
    }
    // The spec declares only the 200 answer of these operations; error bodies are checked
    // against its ErrorResponse schema here instead.
    if (exchange.status >= 400) problems.push(...schemas.check('ErrorResponse', exchange.errorBody).map((p) => `${where}: ${p}`));
  }
  for (const pattern of unseen) problems.push(`Prism did not report the expected request violation ${pattern}`);
  return problems;
}

/** Gaps of the spec itself, not of the emulator:
 *  - it declares only 200 answers for these paths, so Prism warns about every error status
 *    (those bodies are validated against ErrorResponse instead);
 *  - it declares `GET /files/{file_id}/content` as `application/json` with a string schema, which
 *    no .jsonl file of more than one line can satisfy: the content is served as raw bytes. */
export function isKnownSpecGap(exchange: Pick<Exchange, 'method' | 'path' | 'status'>, violation: Violation): boolean {
  if (
    exchange.status >= 400 &&
    violation.location.join('.') === 'response' &&
    /Unable to match the returned status code/.test(violation.message)
  )
    return true;
  return (
    operationOf(exchange) === 'GET /files/{file_id}/content' &&
    exchange.status === 200 &&
    /received media type "application\/octet-stream" does not match .*application\/json/.test(violation.message)
  );
}

// --- one emulator behind Prism for the whole run ---

/** The key the shared emulator accepts. */
export const STACK_API_KEY = 'sk-emulator-test';

/** emulator ← mutating proxy ← Prism (base URL `prism.url`, no /v1, as the spec's paths are). */
export interface Stack {
  emulator: Emulator;
  proxy: MutatingProxy;
  prism: Prism;
}

const STACK = Symbol.for('batch-studio.emulator-test-stack');
type Global = typeof globalThis & { [STACK]?: Promise<Stack> };

/** Starts the stack once per mocha run and hands the same one to every test file: Prism takes
 *  about 10 s to load the spec. (esbuild bundles this module into each test file, hence the
 *  global.) Each file that uses it calls `after(closeSharedStack)` at its top level, a root hook
 *  that runs once all files are done. */
export function sharedStack(): Promise<Stack> {
  const global = globalThis as Global;
  global[STACK] ??= (async () => {
    // 20× the default pace: a handful of requests complete in about a quarter of a second.
    const emulator = await startEmulator({ apiKey: STACK_API_KEY, speed: 20 });
    const proxy = new MutatingProxy(emulator.url.replace(/\/v1$/, ''));
    const proxyUrl = await proxy.listen();
    try {
      return { emulator, proxy, prism: await startPrism(`${proxyUrl}/v1`) };
    } catch (error) {
      await proxy.close();
      await emulator.close();
      throw error;
    }
  })();
  return global[STACK];
}

export async function closeSharedStack(): Promise<void> {
  const global = globalThis as Global;
  const started = global[STACK];
  global[STACK] = undefined;
  const stack = await started?.catch(() => undefined);
  await stack?.prism.close();
  await stack?.proxy.close();
  await stack?.emulator.close();
}

// --- recording what any HTTP client sends and gets ---

/** What `RecordingProxy.intercept` may do with a request: answer it without forwarding, or
 *  forward it and cut the answer's body off half-way (the connection drops). */
export type Interception = { status: number; json: unknown } | { cutBody: true };

/** Forwards everything to `target` (e.g. Prism) and records each exchange with Prism's verdict,
 *  like `Recorder` but for clients whose `fetch` cannot be replaced (the extension's BatchApi). */
export class RecordingProxy extends LocalProxy {
  readonly exchanges: Exchange[] = [];
  /** Consulted for every request; undefined forwards it unchanged. `path` is the URL's path. */
  intercept?: (method: string, path: string) => Interception | undefined;

  /** `target`: an origin such as Prism's `http://127.0.0.1:N`; request paths are kept as sent. */
  constructor(private readonly target: string) {
    super();
  }

  protected forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', this.target);
    const path = target.pathname;
    const interception = this.intercept?.(method, path);
    if (interception && 'status' in interception) {
      req.resume();
      const body = Buffer.from(JSON.stringify(interception.json));
      this.exchanges.push({ method, path, status: interception.status, violations: [], errorBody: interception.json });
      res.writeHead(interception.status, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    const upstream = http.request(target, { method, headers: { ...req.headers, host: target.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const status = answer.statusCode ?? 502;
        const header = answer.headers['sl-violations'];
        const exchange: Exchange = {
          method,
          path,
          status,
          violations: typeof header === 'string' ? (JSON.parse(header) as Violation[]) : [],
        };
        if (status >= 400) {
          try {
            exchange.errorBody = JSON.parse(body.toString('utf8'));
          } catch {
            exchange.errorBody = body.toString('utf8');
          }
        }
        this.exchanges.push(exchange);
        res.writeHead(status, answer.headers);
        if (interception) {
          // Headers promise the whole body; half of it arrives, then the connection drops.
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
        } else {
          res.end(body);
        }
      });
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }
}
