/** Batches and their lifecycle on a clock: validating → in_progress → finalizing → completed,
 *  or failed (input rejected), expired, cancelling → cancelled. */
import { ApiError, notFound } from './errors';
import { type FilePurpose, type FileStore, type StoredFile } from './files';
import { fakeResponse } from './fakeResponses';
import { newId } from './ids';
import { type BatchErrorEntry, checkInput, firstModel, type InputRequest } from './validate';

export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** Phase lengths at speed 1, in milliseconds; `speed` divides them all. */
export const TIMINGS = {
  validating: 2000,
  /** Time in progress before the first request runs. */
  startup: 1000,
  perRequest: 250,
  /** Running never takes longer than this, however many requests there are. */
  maxRunning: 60_000,
  finalizing: 1500,
  cancelling: 1000,
};

const BATCH_WINDOW_SECONDS = 24 * 3600;

export interface BatchUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface BatchRecord {
  id: string;
  endpoint: string;
  model?: string;
  errors?: { object: 'list'; data: BatchErrorEntry[] };
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id?: string;
  error_file_id?: string;
  created_at: number;
  in_progress_at?: number;
  expires_at: number;
  finalizing_at?: number;
  completed_at?: number;
  failed_at?: number;
  expired_at?: number;
  cancelling_at?: number;
  cancelled_at?: number;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
  usage: BatchUsage;
  /** Seconds that output files live, from `output_expires_after`. */
  outputTtl?: number;
}

interface Run {
  requests: InputRequest[];
  next: number;
  startedAt: number;
  duration: number;
  outputLines: string[];
  errorLines: string[];
}

export interface BatchEngineOptions {
  speed: number;
  /** Unix time in seconds. */
  now: () => number;
  log: (line: string) => void;
}

const FINISHED: readonly BatchStatus[] = ['completed', 'failed', 'expired', 'cancelled'];

/** Batch metadata key that makes the emulator let the batch expire halfway through its requests. */
export const EXPIRE_KEY = 'emulator_expire';
/** Request body metadata key whose value (an error code) makes that request fail. */
export const FAIL_KEY = 'emulator_fail';
/** custom_id prefix that makes a request fail. */
export const FAIL_PREFIX = 'fail-';

export class BatchEngine {
  private readonly batches = new Map<string, BatchRecord>();
  /** Batch ids, oldest first. */
  private readonly order: string[] = [];
  private readonly runs = new Map<string, Run>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly files: FileStore,
    private readonly options: BatchEngineOptions,
  ) {}

  create(params: {
    input_file_id: string;
    endpoint: string;
    completion_window: string;
    metadata: Record<string, string> | null;
    outputTtl?: number;
  }): BatchRecord {
    const now = this.options.now();
    const input = this.files.find(params.input_file_id);
    const batch: BatchRecord = {
      id: newId.batch(),
      endpoint: params.endpoint,
      model: input ? firstModel(input.content) : undefined,
      input_file_id: params.input_file_id,
      completion_window: params.completion_window,
      status: 'validating',
      created_at: now,
      expires_at: now + BATCH_WINDOW_SECONDS,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: params.metadata,
      usage: {
        input_tokens: 0,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 0,
      },
      outputTtl: params.outputTtl,
    };
    this.batches.set(batch.id, batch);
    this.order.push(batch.id);
    this.log(batch, 'created');
    this.schedule(batch, TIMINGS.validating, () => this.validate(batch));
    return batch;
  }

  get(id: string): BatchRecord {
    const batch = this.batches.get(id);
    if (!batch) throw notFound(`No batch with id '${id}' exists.`, 'batch_id');
    return batch;
  }

  /** Batches newest first, `limit` of them after the batch `after`. */
  list(after: string | undefined, limit: number): { data: BatchRecord[]; hasMore: boolean } {
    let start = 0;
    const newestFirst = [...this.order].reverse();
    if (after !== undefined) {
      const index = newestFirst.indexOf(after);
      if (index < 0) throw new ApiError(400, `The cursor 'after=${after}' is not a batch in this list.`, 'after', 'invalid_value');
      start = index + 1;
    }
    return { data: newestFirst.slice(start, start + limit).map((id) => this.get(id)), hasMore: start + limit < newestFirst.length };
  }

  cancel(id: string): BatchRecord {
    const batch = this.get(id);
    if (batch.status === 'cancelling' || batch.status === 'cancelled') return batch; // the API lets a cancel be repeated
    if (FINISHED.includes(batch.status)) throw new ApiError(409, `Cannot cancel a batch with status '${batch.status}'.`);
    this.clearTimer(batch);
    batch.status = 'cancelling';
    batch.cancelling_at = this.options.now();
    this.log(batch, 'cancelling');
    this.schedule(batch, TIMINGS.cancelling, () => {
      this.writeResults(batch, false);
      batch.status = 'cancelled';
      batch.cancelled_at = this.options.now();
      this.runs.delete(batch.id);
      this.log(batch, 'cancelled');
    });
    return batch;
  }

  /** Stops every clock (the emulator is shutting down). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async validate(batch: BatchRecord): Promise<void> {
    const input = this.files.find(batch.input_file_id);
    if (!input) {
      return this.fail(batch, [
        {
          code: 'invalid_request',
          param: 'file_id',
          line: null,
          message: `The input file '${batch.input_file_id}' does not exist (it may have been deleted).`,
        },
      ]);
    }
    if (input.purpose !== 'batch') {
      return this.fail(batch, [
        {
          code: 'invalid_request',
          param: 'file_id',
          line: null,
          message: `The input file '${input.id}' was uploaded with purpose '${input.purpose}'; a batch needs a file uploaded with purpose 'batch'.`,
        },
      ]);
    }
    const check = await checkInput(input.content, batch.endpoint);
    if (batch.status !== 'validating') return; // cancelled meanwhile
    if (check.model) batch.model = check.model;
    if (!check.ok) return this.fail(batch, check.errors);

    const now = this.options.now();
    batch.status = 'in_progress';
    batch.in_progress_at = now;
    batch.request_counts.total = check.requests.length;
    const duration = TIMINGS.startup + Math.min(TIMINGS.perRequest * check.requests.length, TIMINGS.maxRunning);
    const run: Run = {
      requests: check.requests,
      next: 0,
      startedAt: Date.now(),
      duration: duration / this.options.speed,
      outputLines: [],
      errorLines: [],
    };
    this.runs.set(batch.id, run);
    this.log(batch, `in_progress (${check.requests.length} requests)`);
    this.tick(batch, run);
  }

  private fail(batch: BatchRecord, errors: BatchErrorEntry[]): void {
    batch.status = 'failed';
    batch.failed_at = this.options.now();
    batch.errors = { object: 'list', data: errors };
    this.log(batch, `failed (${errors.length} error${errors.length === 1 ? '' : 's'})`);
  }

  /** Runs the requests that are due by now, then waits for the next ones. */
  private tick(batch: BatchRecord, run: Run): void {
    const total = run.requests.length;
    const elapsed = Date.now() - run.startedAt;
    const startup = TIMINGS.startup / this.options.speed;
    const running = run.duration - startup;
    const due = elapsed < startup ? 0 : running <= 0 ? total : Math.min(total, Math.floor((total * (elapsed - startup)) / running) + 1);
    const expireAt = batch.metadata && EXPIRE_KEY in batch.metadata ? Math.floor(total / 2) : Infinity;
    while (run.next < due && run.next < expireAt) this.execute(batch, run, run.requests[run.next++]);

    if (run.next >= expireAt) return this.expire(batch, run);
    if (run.next >= total) {
      batch.status = 'finalizing';
      batch.finalizing_at = this.options.now();
      this.log(batch, 'finalizing');
      this.schedule(batch, TIMINGS.finalizing, () => {
        this.writeResults(batch, true);
        batch.status = 'completed';
        batch.completed_at = this.options.now();
        this.runs.delete(batch.id);
        this.log(batch, `completed (${batch.request_counts.completed} ok, ${batch.request_counts.failed} failed)`);
      });
      return;
    }
    const wait = elapsed < startup ? startup - elapsed : Math.max(10, Math.min(250, running / total));
    this.timers.set(
      batch.id,
      setTimeout(() => this.guard(batch, () => this.tick(batch, run)), wait),
    );
  }

  private execute(batch: BatchRecord, run: Run, request: InputRequest): void {
    const forced = forcedFailure(request);
    const base = { id: newId.batchRequest(), custom_id: request.customId };
    if (forced) {
      const status = forced === 'rate_limit_exceeded' ? 429 : forced === 'server_error' ? 500 : 400;
      const type = status === 429 ? 'rate_limit_error' : status === 500 ? 'server_error' : 'invalid_request_error';
      const body = { error: { message: `The emulator failed this request on purpose (${forced}).`, type, param: null, code: forced } };
      run.errorLines.push(JSON.stringify({ ...base, response: { status_code: status, request_id: newId.request(), body }, error: null }));
      batch.request_counts.failed++;
      return;
    }
    let result;
    try {
      result = fakeResponse(batch.endpoint, request.body, this.options.now());
    } catch (error) {
      this.options.log(`${batch.id} ${request.customId}: no fake response: ${error instanceof Error ? error.message : String(error)}`);
      const body = {
        error: {
          message: 'The emulator could not make a response for this request.',
          type: 'server_error',
          param: null,
          code: 'server_error',
        },
      };
      run.errorLines.push(JSON.stringify({ ...base, response: { status_code: 500, request_id: newId.request(), body }, error: null }));
      batch.request_counts.failed++;
      return;
    }
    run.outputLines.push(
      JSON.stringify({ ...base, response: { status_code: 200, request_id: newId.request(), body: result.body }, error: null }),
    );
    batch.request_counts.completed++;
    const usage = batch.usage;
    usage.input_tokens += result.usage.input;
    usage.output_tokens += result.usage.output;
    usage.total_tokens = usage.input_tokens + usage.output_tokens;
  }

  private expire(batch: BatchRecord, run: Run): void {
    for (const request of run.requests.slice(run.next)) {
      run.errorLines.push(
        JSON.stringify({
          id: newId.batchRequest(),
          custom_id: request.customId,
          response: null,
          error: { code: 'batch_expired', message: 'The batch expired before this request could be run.' },
        }),
      );
    }
    this.writeResults(batch, false);
    batch.status = 'expired';
    batch.expired_at = this.options.now();
    this.runs.delete(batch.id);
    this.log(batch, 'expired');
  }

  /** Writes the output and error files: a completed batch always gets an output file, others
   *  only when some requests ran; an error file only when some requests failed. */
  private writeResults(batch: BatchRecord, alwaysOutput: boolean): void {
    const run = this.runs.get(batch.id);
    if (!run) return;
    const now = this.options.now();
    const write = (lines: string[], suffix: string): StoredFile =>
      this.files.add(
        `${batch.id}_${suffix}.jsonl`,
        'batch_output' satisfies FilePurpose,
        Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'),
        now,
        batch.outputTtl,
      );
    if (alwaysOutput || run.outputLines.length > 0) batch.output_file_id = write(run.outputLines, 'output').id;
    if (run.errorLines.length > 0) batch.error_file_id = write(run.errorLines, 'error').id;
  }

  private schedule(batch: BatchRecord, ms: number, action: () => void | Promise<void>): void {
    this.clearTimer(batch);
    this.timers.set(
      batch.id,
      setTimeout(() => {
        this.timers.delete(batch.id);
        this.guard(batch, action);
      }, ms / this.options.speed),
    );
  }

  /** Runs a step of the lifecycle; a bug in it fails the batch instead of the whole process. */
  private guard(batch: BatchRecord, action: () => void | Promise<void>): void {
    const fail = (error: unknown) => {
      this.options.log(`${batch.id} internal error: ${error instanceof Error ? error.stack : String(error)}`);
      this.clearTimer(batch);
      this.runs.delete(batch.id);
      batch.status = 'failed';
      batch.failed_at = this.options.now();
      batch.errors = {
        object: 'list',
        data: [{ code: 'server_error', param: null, line: null, message: 'The emulator failed while processing this batch; see its log.' }],
      };
    };
    try {
      const result = action();
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  private clearTimer(batch: BatchRecord): void {
    const timer = this.timers.get(batch.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(batch.id);
  }

  private log(batch: BatchRecord, what: string): void {
    this.options.log(`${batch.id} ${what}`);
  }
}

/** The error code a request is made to fail with, or undefined when it runs normally. */
function forcedFailure(request: InputRequest): string | undefined {
  const metadata = request.body.metadata;
  const value = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[FAIL_KEY] : undefined;
  if (typeof value === 'string') return /^[a-z][a-z0-9_]*$/.test(value) ? value : 'emulated_failure';
  return request.customId.startsWith(FAIL_PREFIX) ? 'emulated_failure' : undefined;
}
