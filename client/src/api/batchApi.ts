/** The Batch API through the official SDK: one client per connection and key. No editor types,
 *  so it can be driven from a plain Node script against the emulator. */
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import OpenAI, { AzureOpenAI } from 'openai';
import type { Batch, BatchCreateParams } from 'openai/resources/batches';
import type { FileObject } from 'openai/resources/files';
import { readLines } from '../../../common/src/lineReader';
import { writeAtomically } from '../util/atomicWrite';
import { redact } from '../util/redact';
import type { Connection } from './connection';
import { type DescribedError, describeError } from './errors';

export type { Batch };
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

/** Requests the explorer makes on its own (listing, polling) should fail fast. */
const QUICK_TIMEOUT_MS = 30_000;
/** An upload of up to 200 MB may take a while. */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;

export class BatchApi {
  private readonly client: OpenAI;

  constructor(
    readonly connection: OkConnection,
    private readonly key: string,
    logger?: ApiLogger,
  ) {
    const common = {
      apiKey: key,
      baseURL: connection.baseURL,
      maxRetries: 2,
      timeout: 10 * 60_000,
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
    this.client = connection.provider === 'azure' ? new AzureOpenAI({ ...common, apiVersion: connection.apiVersion }) : new OpenAI(common);
  }

  /** The URL shown in messages. */
  get baseURL(): string {
    return this.connection.baseURL;
  }

  describe(error: unknown): DescribedError {
    return describeError(error, { baseURL: this.connection.baseURL, setting: this.connection.setting, key: this.key });
  }

  /** One page of the account's batches, newest first. */
  async list(after: string | undefined, limit: number, signal?: AbortSignal): Promise<BatchPage> {
    const page = await this.client.batches.list({ limit, ...(after ? { after } : {}) }, { timeout: QUICK_TIMEOUT_MS, signal });
    return { batches: page.data, hasMore: page.has_more };
  }

  retrieve(id: string, signal?: AbortSignal): Promise<Batch> {
    return this.client.batches.retrieve(id, { timeout: QUICK_TIMEOUT_MS, signal });
  }

  cancel(id: string): Promise<Batch> {
    return this.client.batches.cancel(id);
  }

  /** Uploads a batch input file (the API takes only `.jsonl` for purpose `batch`). */
  upload(file: string, signal?: AbortSignal): Promise<FileObject> {
    return this.client.files.create(
      { file: createReadStream(file), purpose: 'batch' },
      { timeout: UPLOAD_TIMEOUT_MS, signal, maxRetries: 0 },
    );
  }

  create(params: { inputFileId: string; endpoint: BatchEndpoint; metadata: Record<string, string> }): Promise<Batch> {
    return this.client.batches.create({
      input_file_id: params.inputFileId,
      endpoint: params.endpoint,
      completion_window: '24h',
      ...(Object.keys(params.metadata).length > 0 ? { metadata: params.metadata } : {}),
    });
  }

  async deleteFile(id: string): Promise<void> {
    await this.client.files.delete(id);
  }

  async fileName(id: string): Promise<string> {
    return (await this.client.files.retrieve(id, { timeout: QUICK_TIMEOUT_MS })).filename;
  }

  private async contentStream(fileId: string, signal?: AbortSignal): Promise<Readable> {
    const response = await this.client.files.content(fileId, { signal });
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body);
  }

  /** Streams a file's content to `target`, which appears only complete (util/atomicWrite.ts): a
   *  failed download never leaves a truncated file behind, nor destroys an earlier good one.
   *  Returns the byte count. */
  download(fileId: string, target: string, signal?: AbortSignal): Promise<number> {
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
