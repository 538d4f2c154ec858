/** The Batch API through the official SDK: one client per connection and key. No editor types,
 *  so it can be driven from a plain Node script against the emulator (its words go through
 *  `@vscode/l10n`). */
import * as l10n from '@vscode/l10n';
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import OpenAI, { APIConnectionTimeoutError, AzureOpenAI, NotFoundError } from 'openai';
import type { Batch, BatchCreateParams } from 'openai/resources/batches';
import type { FileObject } from 'openai/resources/files';
import { readLines } from '../../../common/src/lineReader';
import { writeAtomically } from '../util/atomicWrite';
import { redact } from '../util/redact';
import type { Connection } from './connection';
import {
  type DescribedError,
  describeError,
  isTransient,
  mayHaveHappened,
  noteTimeout,
  pageTitle,
  seconds,
  UnexpectedAnswerError,
} from './errors';
import { type RetryPolicy, type RetryWait, withRetries } from './retry';

export type { Batch, RetryWait };
export type BatchEndpoint = BatchCreateParams['endpoint'];
type OkConnection = Extract<Connection, { ok: true }>;

export interface BatchPage {
  batches: Batch[];
  hasMore: boolean;
}

export interface ApiLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** How long requests may take and how retries wait. The defaults suit the live API; tests pass
 *  shorter ones so that a fault surfaces in moments. */
export interface BatchApiOptions {
  /** Listing, polling, cancelling, deleting, file names: small requests that should answer fast. */
  quickTimeoutMs: number;
  /** Creating a batch. */
  createTimeoutMs: number;
  /** An upload of up to 200 MB may take a while. */
  uploadTimeoutMs: number;
  /** A download, until its first byte. */
  downloadTimeoutMs: number;
  /** The first wait before a retry when the service names none (then doubled). */
  retryBaseDelayMs: number;
  /** The longest `retry-after` a command waits out by itself; a longer one goes to the user. */
  maxRetryWaitMs: number;
}

export const DEFAULT_API_OPTIONS: BatchApiOptions = {
  quickTimeoutMs: 30_000,
  createTimeoutMs: 60_000,
  uploadTimeoutMs: 30 * 60_000,
  downloadTimeoutMs: 60_000,
  retryBaseDelayMs: 1000,
  maxRetryWaitMs: 30_000,
};

/** Attempts of a request that is safe to repeat (cancel, delete, download). */
const IDEMPOTENT_ATTEMPTS = 3;

/** Hears of each wait before a retry (to show "rate limited; retrying in 20 s"). */
export type OnRetryWait = (wait: RetryWait) => void;

type UrlLike = string | URL | Request;
function urlOf(input: UrlLike): URL | undefined {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch {
    return undefined;
  }
}

/** `fetch` for the SDK that refuses a successful answer that is not JSON (a proxy's or a captive
 *  portal's page), which the SDK would hand on as a string. File contents are not JSON. */
async function jsonAnswersOnly(input: UrlLike, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.ok || /\/content$/.test(urlOf(input)?.pathname ?? '')) return response;
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type) && response.headers.get('content-length') !== '0') return response;
  const text = await response.text().catch(() => '');
  const what = text
    ? `${type.split(';')[0] || l10n.t('no content type')}, ${response.status}${pageTitle(text)}`
    : l10n.t('an empty answer, {0}', response.status);
  throw new UnexpectedAnswerError(response.status, what, true);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Batch object as far as the explorer relies on it. */
function checkBatch(value: unknown): Batch {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.status !== 'string')
    throw new UnexpectedAnswerError(200, l10n.t('a batch without an id or status'), false);
  return value as unknown as Batch;
}

export class BatchApi {
  private readonly client: OpenAI;
  readonly options: BatchApiOptions;

  constructor(
    readonly connection: OkConnection,
    private readonly key: string,
    logger?: ApiLogger,
    options: Partial<BatchApiOptions> = {},
  ) {
    this.options = { ...DEFAULT_API_OPTIONS, ...options };
    const common = {
      apiKey: key,
      baseURL: connection.baseURL,
      // Retries are ours (retry.ts): visible, honouring retry-after, never repeating a create
      // blindly or a definite 409.
      maxRetries: 0,
      timeout: this.options.quickTimeoutMs,
      fetch: jsonAnswersOnly,
      logLevel: 'warn' as const,
      logger: {
        // The SDK's log lines may quote a request: never with the key in them.
        error: (message: string) => logger?.error(redact(message, key)),
        warn: (message: string) => logger?.warn(redact(message, key)),
        info: () => undefined,
        debug: () => undefined,
      },
    };
    // No `deployment` on the Azure client: batches and files are not deployment routes.
    // The organization and project (OpenAI-Organization, OpenAI-Project headers) are OpenAI's: Azure has neither.
    this.client =
      connection.provider === 'azure'
        ? new AzureOpenAI({ ...common, apiVersion: connection.apiVersion })
        : new OpenAI({
            ...common,
            ...(connection.organization ? { organization: connection.organization } : {}),
            ...(connection.project ? { project: connection.project } : {}),
          });
  }

  /** Runs one SDK request, noting its timeout on a timeout error (messages name it). */
  private async timed<T>(timeoutMs: number, request: (timeout: number) => Promise<T>): Promise<T> {
    try {
      return await request(timeoutMs);
    } catch (error) {
      noteTimeout(error, timeoutMs);
      throw error;
    }
  }

  /** Retries after transient failures, but not after a timeout: the user has waited the whole
   *  timeout once already, and is better told. */
  private policy(
    attempts: number,
    retryable = (error: unknown) => isTransient(error) && !(error instanceof APIConnectionTimeoutError),
  ): RetryPolicy {
    return { attempts, baseDelayMs: this.options.retryBaseDelayMs, maxWaitMs: this.options.maxRetryWaitMs, retryable };
  }

  /** The URL shown in messages. */
  get baseURL(): string {
    return this.connection.baseURL;
  }

  /** "The Batch API is rate limiting requests (429: …); retrying in 20 s…" */
  describeWait(wait: RetryWait): string {
    return l10n.t('{0}; retrying in {1}…', this.describe(wait.error).reason.replace(/\.$/, ''), seconds(wait.waitMs));
  }

  describe(error: unknown): DescribedError {
    return describeError(error, { baseURL: this.connection.baseURL, setting: this.connection.setting, key: this.key });
  }

  /** One page of the account's batches, newest first. One attempt: auto-refresh is its retry,
   *  with a visible "retrying in N s". */
  async list(after: string | undefined, limit: number, signal?: AbortSignal): Promise<BatchPage> {
    const page = await this.timed(this.options.quickTimeoutMs, async (timeout) => {
      try {
        return await this.client.batches.list({ limit, ...(after ? { after } : {}) }, { timeout, signal });
      } catch (error) {
        // The SDK's page cannot be built from a JSON null.
        if (error instanceof TypeError && /^Cannot read properties of (null|undefined)/.test(error.message))
          throw new UnexpectedAnswerError(200, l10n.t('not a list of batches'), false);
        throw error;
      }
    });
    const body = (page as unknown as { body?: unknown }).body;
    if (!isObject(body) || !Array.isArray(body.data)) throw new UnexpectedAnswerError(200, l10n.t('not a list of batches'), false);
    return { batches: page.data.map(checkBatch), hasMore: page.has_more };
  }

  /** One attempt, like `list`. */
  async retrieve(id: string, signal?: AbortSignal): Promise<Batch> {
    return checkBatch(await this.timed(this.options.quickTimeoutMs, (timeout) => this.client.batches.retrieve(id, { timeout, signal })));
  }

  /** Retried after transient failures (cancelling twice is harmless), never after a 409: that is
   *  the API's definite answer (the batch finished meanwhile). */
  async cancel(id: string, onWait?: OnRetryWait): Promise<Batch> {
    return checkBatch(
      await withRetries(
        () => this.timed(this.options.quickTimeoutMs, (timeout) => this.client.batches.cancel(id, { timeout })),
        this.policy(IDEMPOTENT_ATTEMPTS),
        { onWait },
      ),
    );
  }

  /** Uploads a batch input file (the API takes only `.jsonl` for purpose `batch`). Retried only
   *  when the service refused it before storing anything (429): after a dropped connection the
   *  file may be stored, and a second upload would be a second file. */
  async upload(file: string, signal?: AbortSignal, onWait?: OnRetryWait): Promise<FileObject> {
    const uploaded = await withRetries(
      () =>
        this.timed(this.options.uploadTimeoutMs, (timeout) =>
          this.client.files.create({ file: createReadStream(file), purpose: 'batch' }, { timeout, signal }),
        ),
      this.policy(IDEMPOTENT_ATTEMPTS, (error) => isTransient(error) && !mayHaveHappened(error)),
      { signal, onWait },
    );
    if (!isObject(uploaded) || typeof uploaded.id !== 'string') throw new UnexpectedAnswerError(200, l10n.t('a file without an id'), false);
    return uploaded;
  }

  /** One attempt: a create whose answer was lost may have made the batch, so submitFlow looks
   *  for it (`findByInputFile`) before it tries again. */
  async create(params: { inputFileId: string; endpoint: BatchEndpoint; metadata: Record<string, string> }): Promise<Batch> {
    return checkBatch(
      await this.timed(this.options.createTimeoutMs, (timeout) =>
        this.client.batches.create(
          {
            input_file_id: params.inputFileId,
            endpoint: params.endpoint,
            completion_window: '24h',
            ...(Object.keys(params.metadata).length > 0 ? { metadata: params.metadata } : {}),
          },
          { timeout },
        ),
      ),
    );
  }

  /** The newest batch made from `inputFileId` among the latest `limit`, if any: an input file
   *  uploaded for one submission belongs to at most one batch. */
  async findByInputFile(inputFileId: string, limit = 100): Promise<Batch | undefined> {
    const page = await this.list(undefined, limit);
    return page.batches.find((batch) => batch.input_file_id === inputFileId);
  }

  /** Retried after transient failures; a 404 on a retry means an earlier attempt deleted it. */
  async deleteFile(id: string, onWait?: OnRetryWait): Promise<void> {
    await withRetries(
      async (attempt) => {
        try {
          await this.timed(this.options.quickTimeoutMs, (timeout) => this.client.files.delete(id, { timeout }));
        } catch (error) {
          if (!(attempt > 1 && error instanceof NotFoundError)) throw error;
        }
      },
      this.policy(IDEMPOTENT_ATTEMPTS),
      { onWait },
    );
  }

  async fileName(id: string): Promise<string> {
    const file = await this.timed(this.options.quickTimeoutMs, (timeout) => this.client.files.retrieve(id, { timeout }));
    if (!isObject(file) || typeof file.filename !== 'string') throw new UnexpectedAnswerError(200, l10n.t('a file without a name'), false);
    return file.filename;
  }

  private async contentStream(fileId: string, signal?: AbortSignal): Promise<Readable> {
    const response = await this.timed(this.options.downloadTimeoutMs, (timeout) => this.client.files.content(fileId, { timeout, signal }));
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body);
  }

  /** Streams a file's content to `target`, which appears only complete (util/atomicWrite.ts): a
   *  failed download never leaves a truncated file behind, nor destroys an earlier good one.
   *  Transient failures (a reset, a cut-off body, a 5xx) start it again from the beginning.
   *  Returns the byte count. */
  download(fileId: string, target: string, signal?: AbortSignal, onWait?: OnRetryWait): Promise<number> {
    return withRetries(() => this.downloadOnce(fileId, target, signal), this.policy(IDEMPOTENT_ATTEMPTS), { signal, onWait });
  }

  private downloadOnce(fileId: string, target: string, signal?: AbortSignal): Promise<number> {
    return writeAtomically(target, async (partial) => {
      // The file is opened before the pipeline and closed before it is removed: when the source
      // fails early, pipeline() can reject while a write stream is still opening its file, which
      // then appeared after the removal (an empty .part file left behind). It is opened before
      // the request, too: nothing may be awaited between getting the body and piping it, or an
      // error of the body would have no listener.
      const handle = await fs.open(partial, 'w');
      try {
        await pipeline(await this.contentStream(fileId, signal), handle.createWriteStream(), { signal });
        await handle.close();
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      return (await fs.stat(partial)).size;
    });
  }

  /** Calls `onLine` for every line of a file's content (split by the one LineSplitter; the empty
   *  line after a final line break is not one). Rejects when the content is cut off. */
  async forEachLine(fileId: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
    for await (const line of readLines(await this.contentStream(fileId, signal))) onLine(line.text);
  }
}
