/** An in-memory, OpenAI-compatible Batch API service on Node's http module: files, batches and
 *  their lifecycle, answering with the API's objects and error envelope. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { BATCH_ENDPOINTS, isBatchEndpoint, MAX_FILE_BYTES } from '../../../server/src/core';
import { BatchEngine } from './batches';
import { ApiError, badRequest, describeType } from './errors';
import { type Fault, Faults, type FaultSpec, htmlPage, parseFault, statusError } from './faults';
import { fileObject, FileStore, type StoredFile } from './files';
import { newId } from './ids';
import { batchObject } from './serialize';
import { firstLineProblem } from './validate';

export interface EmulatorOptions {
  /** Accept only `Authorization: Bearer <apiKey>` (`api-key: <apiKey>` on the Azure routes), or
   *  any of several keys; without it any non-empty key. */
  apiKey?: string | readonly string[];
  /** How much faster than the default pace batches move (2 = twice as fast). Default 1. */
  speed?: number;
  /** Largest batch input file accepted, in bytes. Default 200 MB, the API's limit. */
  maxFileBytes?: number;
  /** Send unset optional Batch fields as null, as the live API does (the spec has no null for them). */
  nulls?: boolean;
  /** Where request and lifecycle lines go; nothing is logged without it. */
  log?: (line: string) => void;
  /** Fault rules in force from the start (see faults.ts); more can be set at `/__emulator/faults`. */
  faults?: FaultSpec[];
}

const MAX_JSON_BODY = 1 << 20;
/** Room for multipart headers and the other fields next to the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;
const METADATA_MAX_PAIRS = 16;
const METADATA_MAX_KEY = 64;
const METADATA_MAX_VALUE = 512;
const EXPIRY_MIN_SECONDS = 3600;
const EXPIRY_MAX_SECONDS = 30 * 24 * 3600;
const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];
/** Azure OpenAI's paths for the same operations (`{endpoint}/openai/...?api-version=`). */
const AZURE_PATH = /^\/openai\/(files|batches)(\/|$)/;
/** The control route for fault rules: not part of the API, so never itself subject to faults. */
const FAULTS_PATH = '/__emulator/faults';
/** The control route listing the billing headers of recent API requests (never the key). */
const HEADERS_PATH = '/__emulator/headers';
/** How many requests `HEADERS_PATH` remembers. */
const HEADERS_KEPT = 100;

type Json = Record<string, unknown>;

interface Reply {
  status?: number;
  json?: unknown;
  raw?: Buffer;
  /** Of `raw` (default application/octet-stream); `json` is always application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

interface Context {
  req: IncomingMessage;
  query: URLSearchParams;
  params: string[];
}

type Handler = (context: Context) => Reply | Promise<Reply>;

export class Emulator {
  readonly files = new FileStore();
  readonly batches: BatchEngine;
  /** The fault rules in force. */
  readonly faults = new Faults();
  private readonly server: Server;
  private readonly options: Required<Omit<EmulatorOptions, 'apiKey' | 'log' | 'faults'>> & Pick<EmulatorOptions, 'apiKey' | 'log'>;
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[];
  /** Answers held back by a `delay` fault: released when the emulator closes. */
  private readonly waits = new Set<() => void>();
  /** Per API request, newest last: its OpenAI-Organization and OpenAI-Project headers, if any. */
  private readonly billingHeaders: { method: string; path: string; organization: string | null; project: string | null }[] = [];

  constructor(options: EmulatorOptions = {}) {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, not ${options.speed}`);
    this.options = {
      speed,
      maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
      nulls: options.nulls ?? false,
      apiKey: options.apiKey,
      log: options.log,
    };
    this.batches = new BatchEngine(this.files, { speed, now: unixNow, log: (line) => this.options.log?.(line) });
    for (const fault of options.faults ?? []) this.faults.add(parseFault(fault));
    const id = '([^/]+)';
    this.routes = [
      { method: 'POST', pattern: /^\/v1\/files$/, handler: (c) => this.createFile(c) },
      { method: 'GET', pattern: /^\/v1\/files$/, handler: (c) => this.listFiles(c) },
      { method: 'GET', pattern: new RegExp(`^/v1/files/${id}$`), handler: (c) => ({ json: fileObject(this.files.get(c.params[0])) }) },
      { method: 'DELETE', pattern: new RegExp(`^/v1/files/${id}$`), handler: (c) => this.deleteFile(c) },
      { method: 'GET', pattern: new RegExp(`^/v1/files/${id}/content$`), handler: (c) => ({ raw: this.files.get(c.params[0]).content }) },
      { method: 'POST', pattern: /^\/v1\/batches$/, handler: (c) => this.createBatch(c) },
      { method: 'GET', pattern: /^\/v1\/batches$/, handler: (c) => this.listBatches(c) },
      {
        method: 'GET',
        pattern: new RegExp(`^/v1/batches/${id}$`),
        handler: (c) => ({ json: this.batch(this.batches.get(c.params[0]).id) }),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^/v1/batches/${id}/cancel$`),
        handler: (c) => ({ json: this.batch(this.batches.cancel(c.params[0]).id) }),
      },
    ];
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // Only a failure to write the answer gets here (the client went away): drop the socket.
        this.options.log?.(`could not answer ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
        res.destroy();
      });
    });
    // A request Node cannot parse still gets the API's envelope rather than a dropped socket.
    this.server.on('clientError', (_error, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify(badRequest('The HTTP request could not be parsed.').toBody());
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
  }

  /** Starts listening on 127.0.0.1; resolves to the base URL, e.g. http://127.0.0.1:8080/v1. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.url);
      });
    });
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}/v1`;
  }

  async close(): Promise<void> {
    this.batches.stop();
    for (const release of [...this.waits]) release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private batch(id: string): Json {
    return batchObject(this.batches.get(id), this.options.nulls);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const done = (status: number | string) => this.options.log?.(`${req.method} ${req.url} ${status} ${Date.now() - started}ms`);
    let reply: Reply;
    let fault: Fault | undefined;
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      let path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      // Azure OpenAI's shape: {endpoint}/openai/files… and /openai/batches… with ?api-version=
      // and the key in an `api-key` header. Served as aliases of the /v1 routes.
      const azure = AZURE_PATH.test(path);
      if (azure) {
        if (!url.searchParams.get('api-version')) {
          throw new ApiError(404, `Azure OpenAI routes need the api-version query parameter, e.g. ${url.pathname}?api-version=2024-10-21.`);
        }
        path = `/v1${path.slice('/openai'.length)}`;
      }
      this.authenticate(req, azure);
      if (path === FAULTS_PATH) {
        reply = await this.controlFaults(req);
      } else if (path === HEADERS_PATH) {
        reply = { json: { object: 'list', data: this.billingHeaders } };
      } else {
        const header = (name: string) => {
          const value = req.headers[name];
          return typeof value === 'string' ? value : null;
        };
        this.billingHeaders.push({
          method: req.method ?? 'GET',
          path,
          organization: header('openai-organization'),
          project: header('openai-project'),
        });
        if (this.billingHeaders.length > HEADERS_KEPT) this.billingHeaders.shift();
        const route = this.match(req.method ?? 'GET', path);
        if (!route)
          throw new ApiError(
            404,
            `There is no ${req.method} ${url.pathname} in this service. It serves /v1/files and /v1/batches (and, Azure-style, /openai/files and /openai/batches with ?api-version=).`,
          );
        fault = this.faults.take(req.method ?? 'GET', path);
        if (fault)
          this.options.log?.(`fault #${fault.id} (${fault.kind}${fault.spec.handled ? ', handled' : ''}) on ${req.method} ${req.url}`);
        const early = fault && !fault.spec.handled ? await this.strike(fault, req) : undefined;
        if (early === 'gone') return done('(connection dropped by a fault)');
        if (early) dropBody(req, res);
        reply = early ?? (await route.handler({ req, query: url.searchParams, params: route.params.map(decodeURIComponent) }));
      }
    } catch (error) {
      if (error instanceof ApiError) {
        reply = { status: error.status, json: error.toBody() };
      } else {
        this.options.log?.(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        reply = {
          status: 500,
          json: new ApiError(500, 'The emulator failed while handling this request.', null, null, 'server_error').toBody(),
        };
      }
      dropBody(req, res);
    }
    if (fault && (fault.spec.handled || fault.kind === 'truncate')) {
      const late = await this.strike(fault, req, reply);
      if (late === 'gone') return done('(connection dropped by a fault)');
      reply = late ?? reply;
    }
    const status = reply.status ?? 200;
    res.setHeader('x-request-id', newId.request());
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    const body = reply.raw ?? Buffer.from(JSON.stringify(reply.json), 'utf8');
    const contentType = reply.contentType ?? (reply.raw !== undefined ? 'application/octet-stream' : 'application/json');
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length });
    if (fault?.kind === 'truncate') {
      // The headers promise the whole body; half of it goes out, then the connection drops.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return done(`${status} (cut off by a fault)`);
    }
    res.end(body);
    done(status);
  }

  // --- faults ---

  /** `/__emulator/faults`: GET lists the rules in force, POST adds one (or an array of them),
   *  DELETE removes them all. */
  private async controlFaults(req: IncomingMessage): Promise<Reply> {
    if (req.method === 'GET') return { json: { object: 'list', data: this.faults.list() } };
    if (req.method === 'DELETE') {
      const count = this.faults.list().length;
      this.faults.clear();
      return { json: { object: 'list', data: [], deleted: count } };
    }
    if (req.method !== 'POST') throw new ApiError(405, `${FAULTS_PATH} takes GET, POST or DELETE, not ${req.method}.`);
    const body = await readJsonBody(req, 'Send a fault rule, or an array of them, as JSON.');
    const specs = (Array.isArray(body) ? body : [body]).map(parseFault);
    const added = specs.map((spec) => this.faults.add(spec).id);
    return { json: { object: 'list', data: this.faults.list().filter((rule) => added.includes(rule.id)) } };
  }

  /** A fault striking before the request is carried out, or after it (`carriedOut`, its answer,
   *  lost, delayed or replaced): an answer in its place, `'gone'` when the connection is dropped,
   *  or `carriedOut` to carry on (after a delay). */
  private async strike(fault: Fault, req: IncomingMessage, carriedOut?: Reply): Promise<Reply | 'gone' | undefined> {
    switch (fault.kind) {
      case 'status':
        return this.statusReply(fault);
      case 'nonjson':
        return this.nonJsonReply(fault);
      case 'reset':
        req.socket.resetAndDestroy();
        return 'gone';
      case 'delay':
        // A slow service: the request is carried out (or its answer sent) only if its client is still waiting.
        return (await this.wait(fault.spec.delayMs ?? 60_000, req)) ? carriedOut : 'gone';
      case 'cutUpload':
        if (carriedOut) return carriedOut; // the upload was read whole already
        await cutUpload(req);
        return 'gone';
      case 'truncate':
        return carriedOut; // cut off as it is sent
    }
  }

  private statusReply(fault: Fault): Reply {
    const { status = 500, retryAfter, retryAfterMs, message, code } = fault.spec;
    const error = statusError(status, retryAfter ?? (retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : undefined));
    const headers: Record<string, string> = {};
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    if (retryAfterMs !== undefined) headers['retry-after-ms'] = String(retryAfterMs);
    return {
      status,
      headers,
      json: { error: { message: message ?? error.message, type: error.type, param: null, code: code ?? error.code } },
    };
  }

  private nonJsonReply(fault: Fault): Reply {
    const status = fault.spec.status ?? 200;
    return {
      status,
      raw: Buffer.from(fault.spec.body ?? htmlPage(status), 'utf8'),
      contentType: fault.spec.contentType ?? 'text/html; charset=utf-8',
    };
  }

  /** Waits `ms`; false when the client went away meanwhile (or the emulator is closing). */
  private wait(ms: number, req: IncomingMessage): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (stillThere: boolean) => {
        clearTimeout(timer);
        req.socket.off('close', gone);
        this.waits.delete(gone);
        resolve(stillThere);
      };
      const gone = () => finish(false);
      const timer = setTimeout(() => finish(!req.socket.destroyed), ms);
      req.socket.once('close', gone);
      this.waits.add(gone);
    });
  }

  private match(method: string, path: string): { handler: Handler; params: string[] } | undefined {
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (match && route.method === method) return { handler: route.handler, params: match.slice(1) };
    }
    return undefined;
  }

  /** OpenAI routes take the key as a bearer token; Azure routes only in the `api-key` header
   *  (Azure's bearer tokens are Entra ID tokens, which the emulator cannot check). */
  private authenticate(req: IncomingMessage, azure: boolean): void {
    let token: string | undefined;
    if (azure) {
      const header = req.headers['api-key'];
      token = (Array.isArray(header) ? header[0] : header)?.trim();
      if (!token)
        throw new ApiError(401, "No API key was sent. Azure OpenAI routes take it in the 'api-key' header.", null, 'invalid_api_key');
    } else {
      const header = req.headers.authorization;
      token = header ? /^Bearer\s+(.*)$/i.exec(header)?.[1]?.trim() : undefined;
      if (!token) throw new ApiError(401, "No API key was sent. Send it as 'Authorization: Bearer <key>'.", null, 'invalid_api_key');
    }
    const keys = this.options.apiKey;
    if (keys !== undefined && !(typeof keys === 'string' ? [keys] : keys).includes(token)) {
      throw new ApiError(
        401,
        `Incorrect API key provided: ${mask(token)}. Use the key the emulator was started with.`,
        null,
        'invalid_api_key',
      );
    }
  }

  // --- files ---

  private async createFile({ req }: Context): Promise<Reply> {
    if (!isMultipart(req.headers)) throw badRequest("Upload files as multipart/form-data with the fields 'file' and 'purpose'.");
    const tooLarge = () =>
      new ApiError(413, `File is too large: batch input files may be at most ${formatBytes(this.options.maxFileBytes)}.`, 'file');
    const body = await readBody(req, this.options.maxFileBytes + MULTIPART_OVERHEAD, tooLarge);
    let parts;
    try {
      parts = await readMultipart(req.headers, body);
    } catch (error) {
      throw badRequest(`The multipart body could not be read: ${(error as Error).message}.`);
    }
    const fields = new Map<string, string>();
    let file: { filename: string; data: Buffer } | undefined;
    for (const part of parts) {
      if (part.name === 'file') file = { filename: part.filename ?? '', data: part.data };
      else if (['purpose', 'expires_after[anchor]', 'expires_after[seconds]'].includes(part.name))
        fields.set(part.name, part.data.toString('utf8'));
      else throw badRequest(`Unrecognized request argument supplied: ${part.name}.`, part.name, 'unknown_parameter');
    }
    const purpose = fields.get('purpose');
    if (purpose === undefined) throw badRequest("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
    if (!file) throw badRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    if (!UPLOAD_PURPOSES.includes(purpose)) {
      throw badRequest(
        `Invalid value for 'purpose': '${purpose}'. Supported values are: ${UPLOAD_PURPOSES.map((p) => `'${p}'`).join(', ')}.`,
        'purpose',
        'invalid_value',
      );
    }
    if (purpose !== 'batch') {
      throw badRequest(
        `This emulator stores files for the Batch API only: purpose must be 'batch', not '${purpose}'.`,
        'purpose',
        'invalid_value',
      );
    }
    if (!/\.jsonl$/i.test(file.filename)) {
      throw badRequest(
        `Invalid file format for the Batch API: '${file.filename || '(no file name)'}' is not a .jsonl file. Upload the requests as a .jsonl file.`,
        'file',
      );
    }
    if (file.data.length > this.options.maxFileBytes) throw tooLarge();
    const problem = firstLineProblem(file.data);
    if (problem)
      throw badRequest(
        `Invalid file format for the Batch API: ${problem}. A .jsonl batch file holds one JSON request object per line.`,
        'file',
      );

    const ttl = this.uploadExpiry(fields);
    const now = unixNow();
    const stored = this.files.add(file.filename, 'batch', file.data, now, ttl);
    this.options.log?.(`${stored.id} stored: ${file.filename}, ${stored.bytes} bytes`);
    return { json: fileObject(stored) };
  }

  private uploadExpiry(fields: Map<string, string>): number | undefined {
    const anchor = fields.get('expires_after[anchor]');
    const seconds = fields.get('expires_after[seconds]');
    if (anchor === undefined && seconds === undefined) return undefined;
    if (anchor !== 'created_at')
      throw badRequest(
        "Invalid value for 'expires_after.anchor': the only supported anchor is 'created_at'.",
        'expires_after.anchor',
        'invalid_value',
      );
    const value = Number(seconds);
    if (!Number.isInteger(value) || value < EXPIRY_MIN_SECONDS || value > EXPIRY_MAX_SECONDS) {
      throw badRequest(
        `Invalid value for 'expires_after.seconds': it must be an integer from ${EXPIRY_MIN_SECONDS} to ${EXPIRY_MAX_SECONDS}.`,
        'expires_after.seconds',
        'invalid_value',
      );
    }
    return value;
  }

  private listFiles({ query }: Context): Reply {
    const limit = intParam(query, 'limit', 10_000, 1, 10_000);
    const order = query.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw badRequest("Invalid value for 'order': use 'asc' or 'desc'.", 'order', 'invalid_value');
    const { data, hasMore } = this.files.list({
      purpose: query.get('purpose') ?? undefined,
      order,
      after: query.get('after') ?? undefined,
      limit,
    });
    return { json: listObject(data.map(fileObject), hasMore, this.options.nulls ? null : '') };
  }

  private deleteFile({ params }: Context): Reply {
    const file: StoredFile = this.files.get(params[0]);
    this.files.delete(file.id);
    return { json: { id: file.id, object: 'file', deleted: true } };
  }

  // --- batches ---

  private async createBatch({ req }: Context): Promise<Reply> {
    const body = await readJsonBody(req, 'Send a JSON object with input_file_id, endpoint and completion_window.');
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest(`The request body must be a JSON object, not ${describeType(body)}.`, null, 'invalid_type');
    }
    const params = body as Json;
    const known = ['input_file_id', 'endpoint', 'completion_window', 'metadata', 'output_expires_after'];
    for (const key of Object.keys(params)) {
      if (!known.includes(key)) throw badRequest(`Unrecognized request argument supplied: ${key}.`, key, 'unknown_parameter');
    }
    const inputFileId = requiredString(params, 'input_file_id');
    const endpoint = requiredString(params, 'endpoint');
    if (!isBatchEndpoint(endpoint)) {
      throw badRequest(
        `Invalid value: '${endpoint}'. Supported values are: ${BATCH_ENDPOINTS.map((e) => `'${e}'`).join(', ')}.`,
        'endpoint',
        'invalid_value',
      );
    }
    const window = requiredString(params, 'completion_window');
    if (window !== '24h')
      throw badRequest(`Invalid value: '${window}'. The only supported completion_window is '24h'.`, 'completion_window', 'invalid_value');
    const metadata = checkMetadata(params.metadata);
    const outputTtl = checkOutputExpiry(params.output_expires_after);
    const batch = this.batches.create({ input_file_id: inputFileId, endpoint, completion_window: window, metadata, outputTtl });
    return { json: this.batch(batch.id) };
  }

  private listBatches({ query }: Context): Reply {
    const limit = intParam(query, 'limit', 20, 1, 100);
    const { data, hasMore } = this.batches.list(query.get('after') ?? undefined, limit);
    return {
      json: listObject(
        data.map((b) => this.batch(b.id)),
        hasMore,
        this.options.nulls ? null : undefined,
      ),
    };
  }
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions & { port?: number } = {}): Promise<Emulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** A cursor page. `emptyId` is what first_id/last_id hold when the page is empty: left out
 *  (undefined) where the spec makes them optional, else "" or null. */
function listObject(data: readonly object[], hasMore: boolean, emptyId: string | null | undefined): Json {
  const ids = data.map((item) => (item as { id: string }).id);
  const page: Json = { object: 'list', data, first_id: ids[0] ?? emptyId, last_id: ids[ids.length - 1] ?? emptyId, has_more: hasMore };
  if (page.first_id === undefined) delete page.first_id;
  if (page.last_id === undefined) delete page.last_id;
  return page;
}

/** A multipart/form-data content type with a boundary. */
function isMultipart(headers: IncomingHttpHeaders): boolean {
  return /^multipart\/form-data\b/i.test(headers['content-type'] ?? '') && /;\s*boundary=/i.test(headers['content-type'] ?? '');
}

interface FormPart {
  name: string;
  /** Set for file parts. */
  filename?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body (RFC 7578), in order, read with busboy. A part is taken
 *  by its name, file or not: the `file` field without a file name still counts as the file. */
function readMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<FormPart[]> {
  return new Promise((resolve, reject) => {
    const parts: FormPart[] = [];
    const named = (name: string | undefined) => {
      if (name === undefined) throw new Error('a multipart part has no name');
      return name;
    };
    // File names as sent (no path stripping), non-ASCII ones read as UTF-8 as the SDKs send them.
    const parser = busboy({ headers, preservePath: true, defParamCharset: 'utf8' });
    parser.on('field', (name: string | undefined, value: string) => {
      try {
        parts.push({ name: named(name), data: Buffer.from(value, 'utf8') });
      } catch (error) {
        parser.destroy(error as Error);
      }
    });
    parser.on('file', (name: string | undefined, stream, info) => {
      const chunks: Buffer[] = [];
      try {
        const part: FormPart = { name: named(name), filename: info.filename ?? '', data: Buffer.alloc(0) };
        parts.push(part);
        stream.on('error', reject); // a form that ends inside the file
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => (part.data = Buffer.concat(chunks)));
      } catch (error) {
        stream.resume();
        parser.destroy(error as Error);
      }
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(parts));
    parser.end(body);
  });
}

/** A body left unread would stall the connection: drop the rest of it, and the connection after. */
function dropBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.readableEnded) return;
  res.setHeader('Connection', 'close');
  req.resume();
}

/** Reads half of the request body (its first chunk when no length is declared), then resets the
 *  connection: an upload cut off half-way. */
function cutUpload(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    const cutAt = declared > 1 ? Math.floor(declared / 2) : 1;
    let received = 0;
    const cut = () => {
      req.socket.resetAndDestroy();
      resolve();
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= cutAt && !req.socket.destroyed) cut();
    });
    req.on('end', () => (req.socket.destroyed ? resolve() : cut()));
    req.on('error', () => resolve());
    req.on('close', () => resolve());
  });
}

/** A JSON request body; when it is not JSON, a 400 that ends with `whatToSend`. */
async function readJsonBody(req: IncomingMessage, whatToSend: string): Promise<unknown> {
  const text = (await readBody(req, MAX_JSON_BODY, () => new ApiError(413, 'The request body is too large.'))).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`The request body is not valid JSON. ${whatToSend}`);
  }
}

function readBody(req: IncomingMessage, limit: number, tooLarge: () => ApiError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(badRequest('The request was interrupted before its body was complete.'));
    });
  });
}

function requiredString(params: Json, key: string): string {
  const value = params[key];
  if (value === undefined || value === null) throw badRequest(`Missing required parameter: '${key}'.`, key, 'missing_required_parameter');
  if (typeof value !== 'string')
    throw badRequest(`Invalid type for '${key}': expected a string, but got ${describeType(value)} instead.`, key, 'invalid_type');
  return value;
}

function checkMetadata(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      `Invalid type for 'metadata': expected an object, but got ${describeType(value)} instead.`,
      'metadata',
      'invalid_type',
    );
  }
  const entries = Object.entries(value as Json);
  if (entries.length > METADATA_MAX_PAIRS) {
    throw badRequest(
      `Invalid 'metadata': at most ${METADATA_MAX_PAIRS} key-value pairs are allowed, but ${entries.length} were given.`,
      'metadata',
      'invalid_value',
    );
  }
  for (const [key, item] of entries) {
    if (key.length > METADATA_MAX_KEY) {
      throw badRequest(
        `Invalid 'metadata': the key '${key.slice(0, 20)}...' is ${key.length} characters long; keys may have at most ${METADATA_MAX_KEY}.`,
        'metadata',
        'invalid_value',
      );
    }
    if (typeof item !== 'string') {
      throw badRequest(
        `Invalid type for 'metadata.${key}': expected a string, but got ${describeType(item)} instead.`,
        `metadata.${key}`,
        'invalid_type',
      );
    }
    if (item.length > METADATA_MAX_VALUE) {
      throw badRequest(
        `Invalid 'metadata.${key}': the value is ${item.length} characters long; values may have at most ${METADATA_MAX_VALUE}.`,
        `metadata.${key}`,
        'invalid_value',
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function checkOutputExpiry(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      `Invalid type for 'output_expires_after': expected an object, but got ${describeType(value)} instead.`,
      'output_expires_after',
      'invalid_type',
    );
  }
  const { anchor, seconds } = value as Json;
  if (anchor !== 'created_at') {
    throw badRequest(
      "Invalid value for 'output_expires_after.anchor': the only supported anchor is 'created_at'.",
      'output_expires_after.anchor',
      'invalid_value',
    );
  }
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < EXPIRY_MIN_SECONDS || seconds > EXPIRY_MAX_SECONDS) {
    throw badRequest(
      `Invalid value for 'output_expires_after.seconds': it must be an integer from ${EXPIRY_MIN_SECONDS} to ${EXPIRY_MAX_SECONDS}.`,
      'output_expires_after.seconds',
      'invalid_value',
    );
  }
  return seconds;
}

function intParam(query: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw badRequest(`Invalid value for '${key}': '${raw}'. It must be an integer from ${min} to ${max}.`, key, 'invalid_value');
  }
  return value;
}

function mask(token: string): string {
  return token.length <= 8 ? '****' : `${token.slice(0, 4)}****${token.slice(-4)}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}
