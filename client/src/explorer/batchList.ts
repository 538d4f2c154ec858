/** The explorer's model: the account's batches as far as they are loaded, newest first, with the
 *  list cursor, the last error, and which statuses changed between fetches. No editor types: the
 *  tree renders it, tests drive it with a fake source. */
import type { Batch } from 'openai/resources/batches';
import { type BatchStatus, isFinished, isOlderState } from '../batch/lifecycle';

export interface BatchSource {
  list(after: string | undefined, limit: number): Promise<{ batches: Batch[]; hasMore: boolean }>;
  retrieve(id: string): Promise<Batch>;
  /** A message for the user; must never contain the API key. */
  describe(error: unknown): ListFailure;
}

/** Why a fetch failed: the whole message, what went wrong alone, and the wait the service asked for. */
export interface ListFailure {
  message: string;
  reason?: string;
  retryAfterMs?: number;
  /** `notFound`: the thing asked for is not there (404), e.g. a batch deleted since. */
  kind?: string;
}

export interface StatusChange {
  batch: Batch;
  previous: BatchStatus;
}

export interface ListChange {
  /** Batches that were listed before and now have another status. */
  statusChanges: StatusChange[];
  /** Batches fetched by id (opened by id, or beyond the first page) that the API no longer has
   *  (404): removed from the list, and unpinned, so this is said once. */
  gone?: Batch[];
}

/** The most batches fetched one by one per poll (those beyond the first page). */
const MAX_RETRIEVES_PER_POLL = 20;
/** The API's largest page. */
const MAX_PAGE = 100;

function byNewest(a: Batch, b: Batch): number {
  return b.created_at - a.created_at;
}

export class BatchList {
  private batches: Batch[] = [];
  /** How many of `batches` came through the pages (the rest were opened by id), and the last of
   *  them: the cursor for the next page. */
  private paged = 0;
  private cursor: string | undefined;
  /** Batches opened by id (Open Batch by ID): kept in the list even when no loaded page has them. */
  private readonly pinned = new Set<string>();
  private more = false;
  private loadedOnce = false;
  private lastError: string | undefined;
  private lastFailure: ListFailure | undefined;
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(change: ListChange) => void>();

  constructor(readonly pageSize = 20) {}

  onDidChange(listener: (change: ListChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The loaded batches, newest first. */
  get items(): readonly Batch[] {
    return this.batches;
  }

  get hasMore(): boolean {
    return this.more;
  }

  /** True once a first fetch succeeded. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** The message of the last failed fetch, until one succeeds. */
  get error(): string | undefined {
    return this.lastError;
  }

  /** The last failed fetch in full, until one succeeds. */
  get failure(): ListFailure | undefined {
    return this.lastError === undefined ? undefined : this.lastFailure;
  }

  get(id: string): Batch | undefined {
    return this.batches.find((b) => b.id === id);
  }

  hasUnfinished(): boolean {
    return this.batches.some((b) => !isFinished(b));
  }

  /** Forgets everything (the connection or key changed): fetches in flight are ignored. */
  reset(): void {
    this.generation++;
    this.batches = [];
    this.paged = 0;
    this.cursor = undefined;
    this.pinned.clear();
    this.more = false;
    this.loadedOnce = false;
    this.lastError = undefined;
    this.emit([]);
  }

  /** Fetches again as many batches as are loaded (at least one page). Resolves to the error
   *  message when the fetch failed; the list then stays as it was. */
  refresh(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const wanted = Math.max(this.pageSize, this.paged);
      const fetched: Batch[] = [];
      let hasMore = true;
      while (hasMore && fetched.length < wanted) {
        const page = await source.list(fetched.at(-1)?.id, Math.min(MAX_PAGE, Math.max(this.pageSize, wanted - fetched.length)));
        fetched.push(...page.batches);
        hasMore = page.hasMore && page.batches.length > 0;
      }
      const onPages = new Set(fetched.map((b) => b.id));
      const opened = this.batches.filter((b) => this.pinned.has(b.id) && !onPages.has(b.id));
      const { kept, gone } = await retrieveEach(
        source,
        opened.filter((b) => !isFinished(b)),
      );
      if (!isCurrent()) return;
      this.paged = fetched.length;
      this.cursor = fetched.at(-1)?.id;
      const retrieved = opened.filter((b) => !gone.includes(b)).map((b) => kept.get(b.id) ?? b);
      this.unpin(gone);
      this.replace([...fetched, ...retrieved].sort(byNewest), hasMore, true, gone);
    });
  }

  /** Fetches the next page after the last loaded batch. */
  loadMore(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const page = await source.list(this.cursor, this.pageSize);
      if (!isCurrent()) return;
      const fetched = new Map(page.batches.map((b) => [b.id, b]));
      const known = new Set(this.batches.map((b) => b.id));
      const next = [...this.batches.map((b) => fetched.get(b.id) ?? b), ...page.batches.filter((b) => !known.has(b.id))];
      this.paged += page.batches.length;
      this.cursor = page.batches.at(-1)?.id ?? this.cursor;
      this.replace(next.sort(byNewest), page.hasMore && page.batches.length > 0);
    });
  }

  /** What auto-refresh does: the first page (new batches, recent changes) plus each unfinished
   *  batch beyond it, fetched by id; the loaded pages stay loaded. */
  poll(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const page = await source.list(undefined, this.pageSize);
      const onPage = new Set(page.batches.map((b) => b.id));
      const stale = this.batches.filter((b) => !onPage.has(b.id) && !isFinished(b)).slice(0, MAX_RETRIEVES_PER_POLL);
      const { kept, gone } = await retrieveEach(source, stale);
      if (!isCurrent()) return;
      const fresh = new Map([...page.batches.map((b): [string, Batch] => [b.id, b]), ...kept]);
      const rest = this.batches.filter((b) => !onPage.has(b.id) && !gone.includes(b)).map((b) => fresh.get(b.id) ?? b);
      this.unpin(gone);
      const firstPageOnly = this.paged <= page.batches.length;
      const hasMore = firstPageOnly ? page.hasMore : this.more;
      if (firstPageOnly) {
        this.paged = page.batches.length;
        this.cursor = page.batches.at(-1)?.id;
      }
      this.replace([...page.batches, ...rest].sort(byNewest), hasMore, true, gone);
    });
  }

  private unpin(batches: readonly Batch[]): void {
    for (const batch of batches) this.pinned.delete(batch.id);
  }

  /** Adds a batch opened by its id, kept in the list even when the loaded pages do not reach it
   *  (refreshed with them while it is unfinished). */
  open(batch: Batch): void {
    this.pinned.add(batch.id);
    this.upsert(batch);
  }

  /** Adds or updates one batch (just created, cancelled or retrieved). */
  upsert(batch: Batch): void {
    const index = this.batches.findIndex((b) => b.id === batch.id);
    const next = [...this.batches];
    if (index >= 0) next[index] = batch;
    else next.unshift(batch); // before others of the same second: it is the newest we know of
    this.replace(next.sort(byNewest), this.more, false);
  }

  private run(source: BatchSource, work: (isCurrent: () => boolean) => Promise<void>): Promise<string | undefined> {
    const generation = this.generation;
    const isCurrent = () => generation === this.generation;
    const result = this.queue.then(async () => {
      if (!isCurrent()) return undefined;
      try {
        await work(isCurrent);
        return undefined;
      } catch (error) {
        const failure = source.describe(error);
        if (isCurrent()) {
          this.lastError = failure.message;
          this.lastFailure = failure;
          this.emit([]);
        }
        return failure.message;
      }
    });
    this.queue = result;
    return result;
  }

  /** `fetched`: the list came from the API (a fetch succeeded), not from one local update. `gone`:
   *  batches the API no longer has, left out of the list. */
  private replace(fetchedOrUpdated: Batch[], hasMore: boolean, fetched = true, gone: Batch[] = []): void {
    const current = new Map(this.batches.map((b) => [b.id, b]));
    // A fetch that started before a local update (e.g. a cancel) returns an older state: never
    // let a fetched copy move a status back.
    const next = fetched
      ? fetchedOrUpdated.map((b) => {
          const known = current.get(b.id);
          return known && isOlderState(b, known) ? known : b;
        })
      : fetchedOrUpdated;
    const before = new Map(this.batches.map((b) => [b.id, b.status]));
    const statusChanges: StatusChange[] = [];
    for (const batch of next) {
      const previous = before.get(batch.id);
      if (previous !== undefined && previous !== batch.status) statusChanges.push({ batch, previous });
    }
    this.batches = next;
    this.more = hasMore;
    if (fetched) {
      this.loadedOnce = true;
      this.lastError = undefined;
    }
    this.emit(statusChanges, gone);
  }

  private emit(statusChanges: StatusChange[], gone: Batch[] = []): void {
    for (const listener of this.listeners) listener({ statusChanges, ...(gone.length > 0 ? { gone } : {}) });
  }
}

/** Each batch fetched again by id, on its own: one that fails keeps its last known state (the list
 *  around it still refreshes), one the API no longer has (404) is `gone`. */
async function retrieveEach(source: BatchSource, batches: readonly Batch[]): Promise<{ kept: Map<string, Batch>; gone: Batch[] }> {
  const kept = new Map<string, Batch>();
  const gone: Batch[] = [];
  await Promise.all(
    batches.map(async (batch) => {
      try {
        kept.set(batch.id, await source.retrieve(batch.id));
      } catch (error) {
        if (source.describe(error).kind === 'notFound') gone.push(batch);
      }
    }),
  );
  return { kept, gone };
}
