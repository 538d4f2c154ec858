/** Analysing lines on worker threads, for the CLI's large files and the language server's first
 *  validation of a large document. Only the per-line analysis moves: a worker reads a range of a
 *  file (or takes a batch of line texts), decodes and analyses each line and sends back its facts;
 *  the cross-line model stays on the main thread and takes the facts in line order, so the result
 *  is the one a single thread gives. The main thread analyses ranges too while it waits, so two
 *  cores are used with one worker.
 *
 *  A worker runs the same bundle as its parent (server/out/cli.js, server/out/server.js): the
 *  entry asks `isAnalysisWorker()` first and then serves jobs instead of starting. */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  type AnalyzedLine,
  analyzeLine,
  type AnalyzedRange,
  analyzeRange,
  type BatchLimits,
  type ByteReader,
  type LineFacts,
  OTHER_FORMATS,
  rangeCount,
  readBuffer,
  schemaRegistry,
} from './core';
import { fileReader } from './fileReader';

const MARKER = 'batchStudioAnalysisWorker';

/** Jobs stay this many per worker in flight, so a worker never waits for the next. */
const JOBS_PER_WORKER = 2;

/** The main thread's default stack (V8's 984 KB) plus what Node keeps back in a worker (192 KB), so
 *  a line nested deep enough to overflow the stack does so at about the same depth on either. */
const WORKER_STACK_MB = (984 + 192) / 1024;

type Job =
  | { kind: 'range'; file: string; size: number; from: number; to: number; limits: Readonly<BatchLimits>; maxLineBytes?: number }
  | { kind: 'lines'; texts: string[]; limits: Readonly<BatchLimits> };

interface JobMessage {
  id: number;
  job: Job;
}

type Reply = { id: number; ok: true; result: PackedLines | LineFacts[] } | { id: number; ok: false; error: string };

/** Analysed lines as a worker sends them: the numbers of every line in one typed array (handed
 *  over, not copied), its strings in arrays, and the problems of the few lines that have any. A
 *  fraction of the cost of cloning each line's facts as an object, on both threads. */
interface PackedLines {
  /** FIELDS numbers per line: flags, byteLength, eolBytes, embeddingInputs, replacementAt, url, model. */
  numbers: Int32Array;
  /** The custom_id of each line that has one, in line order. */
  customIds: string[];
  /** The urls and models the lines name, each once (`numbers` holds indexes, -1 for none). */
  strings: string[];
  /** [line in the batch, its problems] for the lines that have problems. */
  problems: [number, LineFacts['problems']][];
  positions?: Float64Array;
  validUtf8: boolean;
}

const FIELDS = 7;
const BLANK = 1;
const LOOKS_LIKE_BATCH = 2;
const IS_OBJECT = 4;
const HAS_CUSTOM_ID = 8;
/** Bits 16 and up: the line's other provider's format, OTHER_FORMATS[bits - 1]. */
const OTHER_FORMAT_SHIFT = 4;

function pack(
  lines: readonly { facts: LineFacts; eolBytes: number; replacementAt: number }[],
  extra: Pick<PackedLines, 'positions' | 'validUtf8'>,
): PackedLines {
  const numbers = new Int32Array(lines.length * FIELDS);
  const customIds: string[] = [];
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (value: string | undefined) => {
    if (value === undefined) return -1;
    let index = indexes.get(value);
    if (index === undefined) indexes.set(value, (index = strings.push(value) - 1));
    return index;
  };
  const problems: PackedLines['problems'] = [];
  lines.forEach(({ facts, eolBytes, replacementAt }, i) => {
    const at = i * FIELDS;
    numbers[at] =
      (facts.blank ? BLANK : 0) |
      (facts.looksLikeBatch ? LOOKS_LIKE_BATCH : 0) |
      (facts.isObject ? IS_OBJECT : 0) |
      (facts.customId !== undefined ? HAS_CUSTOM_ID : 0) |
      ((facts.otherFormat !== undefined ? OTHER_FORMATS.indexOf(facts.otherFormat) + 1 : 0) << OTHER_FORMAT_SHIFT);
    numbers[at + 1] = facts.byteLength;
    numbers[at + 2] = eolBytes;
    numbers[at + 3] = facts.embeddingInputs;
    numbers[at + 4] = replacementAt;
    numbers[at + 5] = indexOf(facts.url);
    numbers[at + 6] = indexOf(facts.model);
    if (facts.customId !== undefined) customIds.push(facts.customId);
    if (facts.problems.length > 0) problems.push([i, facts.problems]);
  });
  return { numbers, customIds, strings, problems, ...extra };
}

const NO_PROBLEMS: LineFacts['problems'] = [];

function unpack(packed: PackedLines): AnalyzedLine[] {
  const { numbers, customIds, strings } = packed;
  const lines = new Array<AnalyzedLine>(numbers.length / FIELDS);
  let nextId = 0;
  let nextProblem = 0;
  for (let i = 0; i < lines.length; i++) {
    const at = i * FIELDS;
    const flags = numbers[at];
    const url = numbers[at + 5];
    const model = numbers[at + 6];
    let problems = NO_PROBLEMS;
    if (nextProblem < packed.problems.length && packed.problems[nextProblem][0] === i) problems = packed.problems[nextProblem++][1];
    const otherFormat = flags >> OTHER_FORMAT_SHIFT;
    lines[i] = {
      facts: {
        blank: (flags & BLANK) !== 0,
        byteLength: numbers[at + 1],
        looksLikeBatch: (flags & LOOKS_LIKE_BATCH) !== 0,
        isObject: (flags & IS_OBJECT) !== 0,
        customId: (flags & HAS_CUSTOM_ID) !== 0 ? customIds[nextId++] : undefined,
        url: url >= 0 ? strings[url] : undefined,
        model: model >= 0 ? strings[model] : undefined,
        embeddingInputs: numbers[at + 3],
        problems,
      },
      eolBytes: numbers[at + 2],
      replacementAt: numbers[at + 4],
    };
    if (otherFormat > 0) lines[i].facts.otherFormat = OTHER_FORMATS[otherFormat - 1];
  }
  return lines;
}

/** True in a thread this pool started: the bundle should serve jobs, not start as usual. */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[MARKER] === true;
}

/** The worker's side: takes jobs until the pool ends it. */
export function serveAnalysis(): void {
  const port = parentPort;
  if (!port) throw new Error('serveAnalysis runs in a worker thread');
  const buffer = { current: undefined as ReturnType<typeof readBuffer> | undefined };
  port.postMessage(READY);
  port.on('message', ({ id, job }: JobMessage) => {
    let reply: Reply;
    const transfer: ArrayBuffer[] = [];
    try {
      if (job.kind === 'range') {
        const reader = fileReader(job.file);
        // The file as the main thread saw it when it planned the ranges, should it have grown since.
        const input: ByteReader = {
          size: Math.min(job.size, reader.size),
          read: (target, offset, length, position) => reader.read(target, offset, length, position),
        };
        try {
          if (!buffer.current || buffer.current.bytes.length < job.to - job.from) buffer.current = readBuffer(job.to - job.from);
          const result = analyzeRange(input, job.from, job.to, job.limits, buffer.current, job.maxLineBytes);
          // A copy of the positions to hand over: the typed array is a view on a larger buffer.
          const packed = pack(result.lines, { positions: result.positions.slice(), validUtf8: result.validUtf8 });
          transfer.push(packed.numbers.buffer as ArrayBuffer, packed.positions!.buffer as ArrayBuffer);
          reply = { id, ok: true, result: packed };
        } finally {
          reader.close();
        }
      } else {
        const registry = schemaRegistry();
        const packed = pack(
          job.texts.map((text) => ({ facts: analyzeLine(text, registry, job.limits), eolBytes: 0, replacementAt: -1 })),
          { validUtf8: true },
        );
        transfer.push(packed.numbers.buffer as ArrayBuffer);
        reply = { id, ok: true, result: packed };
      }
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  });
}

interface PoolWorker {
  worker: Worker;
  /** The worker has loaded its bundle and takes jobs: until then the main thread keeps them. */
  ready: boolean;
  /** Settles when the worker is ready or has failed. */
  started: Promise<void>;
  inFlight: Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>;
}

/** A worker that crashes is replaced; one that cannot even start (a missing script) is not, after
 *  this many tries. */
const MAX_FAILED_STARTS = 3;

/** What a worker sends first, once it takes jobs. */
const READY = 'batchStudioAnalysisWorkerReady';

export interface PoolOptions {
  /** Workers to start (see defaultWorkerCount). */
  workers?: number;
  /** End idle workers after this long (their memory goes back); by default they stay. */
  idleMs?: number;
  /** The young generation of each worker's heap, in MB (V8's default otherwise). What a worker
   *  keeps is small (the facts of a batch until they are sent); what it makes per line dies young. */
  youngGenerationMb?: number;
  /** The old generation of each worker's heap, in MB (V8's default otherwise): a small one is
   *  collected sooner. With it, give `maxLineBytes`, so no line needs more than the heap has. */
  oldGenerationMb?: number;
  /** Longer lines are analysed on the main thread: a worker hands back a range that has one. */
  maxLineBytes?: number;
  /** Stop giving workers jobs when they turn out to share this thread's core (see inOrder); on
   *  by default. Tests turn it off, to know that workers take jobs. */
  backOff?: boolean;
  /** Called when a worker has started. (Starting a worker resets V8 flags set at run time, such
   *  as the CLI's young-generation growth, which is then set again.) */
  onWorkerOnline?: () => void;
}

/** How many workers pay on this machine: one fewer than the cores (the main thread works too), at
 *  most 3, none on one core. BATCH_STUDIO_WORKERS=N sets it (0: every line on the main thread). */
export function defaultWorkerCount(): number {
  const set = process.env.BATCH_STUDIO_WORKERS;
  if (set !== undefined && /^\d+$/.test(set)) return Number(set);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(3, cores - 1));
}

/** Worker threads running `script` (a bundle whose entry checks isAnalysisWorker), started on
 *  first use. A job a worker cannot finish (it crashed, or was ended) is rejected, and the callers
 *  below then analyse it on the main thread: a pool can make validation faster, never fail it. */
export class AnalysisPool {
  private readonly workers: PoolWorker[] = [];
  private readonly size: number;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Jobs the workers did, and jobs they handed back or failed (done on the main thread instead). */
  readonly jobs = { done: 0, failed: 0 };
  /** Workers that ended before they were ready: past a few, none is started again. */
  private failedStarts = 0;

  constructor(
    private readonly script: string,
    private readonly options: PoolOptions = {},
  ) {
    this.size = Math.max(0, options.workers ?? defaultWorkerCount());
  }

  get workerCount(): number {
    return this.size;
  }

  get maxLineBytes(): number | undefined {
    return this.options.maxLineBytes;
  }

  get backsOff(): boolean {
    return this.options.backOff ?? true;
  }

  /** True when a worker has started and takes jobs. */
  anyReady(): boolean {
    return this.workers.some((entry) => entry.ready);
  }

  /** Starts the workers now (they take tens of milliseconds to load), so they are ready when
   *  the first job comes. */
  warm(): void {
    if (this.closed || this.failedStarts >= MAX_FAILED_STARTS) return;
    while (this.workers.length < this.size) this.workers.push(this.start());
  }

  /** Resolves when every worker has started and takes jobs (or has failed to start). */
  async started(): Promise<void> {
    this.warm();
    await Promise.all(this.workers.map((entry) => entry.started));
  }

  /** Sends a job to the least busy worker that has started, or returns undefined when none has,
   *  or every one has enough to do. */
  trySubmit<T>(job: Job): Promise<T> | undefined {
    if (this.closed || this.size === 0) return undefined;
    this.warm();
    let best: PoolWorker | undefined;
    for (const candidate of this.workers) if (candidate.ready && (!best || candidate.inFlight.size < best.inFlight.size)) best = candidate;
    if (!best || best.inFlight.size >= JOBS_PER_WORKER) return undefined;
    const target = best;
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    target.worker.ref(); // a job in flight keeps the process alive; an idle worker does not
    return new Promise<T>((resolve, reject) => {
      target.inFlight.set(id, { resolve: resolve as (result: unknown) => void, reject });
      target.worker.postMessage({ id, job } satisfies JobMessage);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await Promise.all(this.workers.splice(0).map(({ worker }) => worker.terminate()));
  }

  private start(): PoolWorker {
    const worker = new Worker(this.script, {
      workerData: { [MARKER]: true },
      resourceLimits: {
        stackSizeMb: WORKER_STACK_MB,
        ...(this.options.youngGenerationMb ? { maxYoungGenerationSizeMb: this.options.youngGenerationMb } : {}),
        ...(this.options.oldGenerationMb ? { maxOldGenerationSizeMb: this.options.oldGenerationMb } : {}),
      },
      stdout: false,
      stderr: false,
    });
    let settleStart = () => {};
    const entry: PoolWorker = {
      worker,
      ready: false,
      started: new Promise<void>((resolve) => (settleStart = resolve)),
      inFlight: new Map(),
    };
    worker.unref();
    if (this.options.onWorkerOnline) {
      this.options.onWorkerOnline();
      worker.once('online', this.options.onWorkerOnline);
      worker.once('message', this.options.onWorkerOnline);
    }
    worker.on('message', (reply: Reply | typeof READY) => {
      if (reply === READY) {
        entry.ready = true;
        settleStart();
        return;
      }
      const pending = entry.inFlight.get(reply.id);
      if (!pending) return;
      entry.inFlight.delete(reply.id);
      if (entry.inFlight.size === 0) {
        worker.unref();
        this.idleSoon();
      }
      if (reply.ok) this.jobs.done++;
      else this.jobs.failed++;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      if (!entry.ready) this.failedStarts++;
      settleStart();
      const index = this.workers.indexOf(entry);
      if (index >= 0) this.workers.splice(index, 1);
      for (const pending of entry.inFlight.values()) {
        this.jobs.failed++;
        pending.reject(error);
      }
      entry.inFlight.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`analysis worker exited (${code})`)));
    return entry;
  }

  private idleSoon(): void {
    if (this.options.idleMs === undefined || this.workers.some((w) => w.inFlight.size > 0)) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.workers.some((w) => w.inFlight.size > 0)) return;
      for (const { worker } of this.workers.splice(0)) void worker.terminate();
    }, this.options.idleMs);
    this.idleTimer.unref();
  }
}

/** Lets messages from workers in (the main thread analyses between them). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Analyses every range of a file, on the pool's workers (if any) and on this thread, and hands
 *  the ranges to `take` in order as soon as each and those before it are done. */
export async function analyzeFileRanges(
  pool: AnalysisPool | undefined,
  file: string,
  reader: ByteReader,
  rangeBytes: number,
  limits: Readonly<BatchLimits>,
  take: (range: AnalyzedRange) => void,
): Promise<void> {
  const size = reader.size;
  const count = rangeCount(size, rangeBytes);
  const buffer = readBuffer(rangeBytes);
  const bounds = (k: number): [number, number] => [k * rangeBytes, Math.min(size, (k + 1) * rangeBytes)];
  const here = (k: number) => analyzeRange(reader, ...bounds(k), limits, buffer);
  pool?.warm();
  await inOrder(count, take, here, {
    run: (k) => {
      const [from, to] = bounds(k);
      return pool
        ?.trySubmit<PackedLines>({ kind: 'range', file, size, from, to, limits, maxLineBytes: pool.maxLineBytes })
        ?.then((packed) => ({ lines: unpack(packed), positions: packed.positions!, validUtf8: packed.validUtf8 }));
    },
    ready: () => pool?.anyReady() ?? false,
    backOff: pool?.backsOff ?? true,
  });
}

/** Analyses line texts (an opened document's) in batches on the pool's workers and this thread;
 *  the facts come back in the order of the texts. */
export async function analyzeTexts(
  pool: AnalysisPool,
  texts: readonly string[],
  limits: Readonly<BatchLimits>,
  batchChars = 256 << 10,
): Promise<LineFacts[]> {
  const batches: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const text of texts) {
    batch.push(text);
    chars += text.length + 1;
    if (chars >= batchChars) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0 || batches.length === 0) batches.push(batch);
  const registry = schemaRegistry();
  const facts: LineFacts[] = [];
  pool.warm();
  await inOrder(
    batches.length,
    (done: LineFacts[]) => {
      for (const item of done) facts.push(item);
    },
    (k) => batches[k].map((text) => analyzeLine(text, registry, limits)),
    {
      run: (k) =>
        pool
          .trySubmit<PackedLines>({ kind: 'lines', texts: batches[k], limits })
          ?.then((packed) => unpack(packed).map((line) => line.facts)),
      ready: () => pool.anyReady(),
      backOff: pool.backsOff,
    },
  );
  return facts;
}

/** Jobs timed on this thread while a worker is ready but idle, before any job goes to it; and the
 *  jobs in each later window that says whether workers still pay (see inOrder). */
const TIMED_JOBS = 8;
/** This thread's jobs taking this much longer once workers run means they share its core. */
const SHARED_CORE_SLOWDOWN = 1.5;

/** How inOrder uses workers: `remote` sends a job to one (undefined when none has room), `ready`
 *  says whether one has started. Without `backOff`, jobs go to workers as soon as they take them. */
interface Remote<T> {
  run: (k: number) => Promise<T> | undefined;
  ready: () => boolean;
  backOff: boolean;
}

/** Runs `count` jobs, each on a worker when one has room and otherwise here (`local`), and hands
 *  the results to `take` in job order. A job a worker fails is done here.
 *
 *  Workers pay only when they run on cores of their own. While they start (tens of milliseconds
 *  of loading), this thread works alone; once one is ready, this thread's next jobs are timed
 *  before any goes to a worker, then again window by window while workers take jobs: when they
 *  take much longer than before (the machine has fewer free cores than it says: a busy or shared
 *  virtual machine), no more jobs go to workers, and the rest are done here, as fast as one thread
 *  can. */
async function inOrder<T>(count: number, take: (result: T) => void, local: (k: number) => T, remote: Remote<T>): Promise<void> {
  const results = new Map<number, T>();
  let next = 0;
  let merged = 0;
  let wake: (() => void) | undefined;
  const alone: number[] = [];
  let alongside: number[] | undefined; // this thread's times since a worker first answered
  let workersPay = true;
  const arrived = (k: number, result: T) => {
    alongside ??= [];
    results.set(k, result);
    wake?.();
  };
  const feed = () => {
    if (remote.backOff && (!workersPay || alone.length < TIMED_JOBS)) return;
    while (next < count) {
      const k = next;
      const pending = remote.run(k);
      if (!pending) return;
      next++;
      pending.then(
        (result) => arrived(k, result),
        () => arrived(k, local(k)),
      );
    }
  };
  const timed = (k: number): T => {
    const timing = remote.backOff && workersPay && (alone.length < TIMED_JOBS ? remote.ready() : alongside !== undefined);
    const started = performance.now();
    const result = local(k);
    if (!timing) return result;
    const ms = performance.now() - started;
    if (alone.length < TIMED_JOBS) alone.push(ms);
    else if (alongside) {
      alongside.push(ms);
      if (alongside.length === TIMED_JOBS) {
        workersPay = median(alongside) <= SHARED_CORE_SLOWDOWN * median(alone);
        alongside = [];
      }
    }
    return result;
  };
  while (merged < count) {
    const ready = results.get(merged);
    if (ready !== undefined) {
      results.delete(merged);
      merged++;
      take(ready);
      continue;
    }
    if (next < count) {
      const k = next++; // this thread takes the first job waiting, the workers the ones after it
      feed();
      results.set(k, timed(k));
      await yieldToEventLoop();
      continue;
    }
    feed();
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
