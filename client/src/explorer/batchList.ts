/** The explorer's model: the account's batches as far as they are loaded, newest first, with the
 *  list cursor, the last error, and which statuses changed between fetches. No editor types: the
 *  tree renders it, tests drive it with a fake source. */
import type { Batch } from 'openai/resources/batches';
import { type BatchStatus, isFinished, isOlderState } from '../batch/lifecycle';

export interface BatchSource {
  list(after: string | undefined, limit: number): Promise<{ batches: Batch[]; hasMore: boolean }>;
  retrieve(id: string): Promise<Batch>;
  /** A message for the user; must never contain the API key. */
  describe(error: unknown): { message: string };
}

export interface StatusChange {
  batch: Batch;
  previous: BatchStatus;
}

export interface ListChange {
  /** Batches that were listed before and now have another status. */
  statusChanges: StatusChange[];
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
  private more = false;
  private loadedOnce = false;
  private lastError: string | undefined;
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
    this.more = false;
    this.loadedOnce = false;
    this.lastError = undefined;
    this.emit([]);
  }

  /** Fetches again as many batches as are loaded (at least one page). Resolves to the error
   *  message when the fetch failed; the list then stays as it was. */
  refresh(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const wanted = Math.max(this.pageSize, this.batches.length);
      const fetched: Batch[] = [];
      let hasMore = true;
      while (hasMore && fetched.length < wanted) {
        const page = await source.list(fetched.at(-1)?.id, Math.min(MAX_PAGE, Math.max(this.pageSize, wanted - fetched.length)));
        fetched.push(...page.batches);
        hasMore = page.hasMore && page.batches.length > 0;
      }
      if (!isCurrent()) return;
      this.replace(fetched, hasMore);
    });
  }

  /** Fetches the next page after the last loaded batch. */
  loadMore(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const page = await source.list(this.batches.at(-1)?.id, this.pageSize);
      if (!isCurrent()) return;
      const known = new Set(this.batches.map((b) => b.id));
      const next = [...this.batches, ...page.batches.filter((b) => !known.has(b.id))];
      this.replace(next, page.hasMore && page.batches.length > 0);
    });
  }

  /** What auto-refresh does: the first page (new batches, recent changes) plus each unfinished
   *  batch beyond it, fetched by id; the loaded pages stay loaded. */
  poll(source: BatchSource): Promise<string | undefined> {
    return this.run(source, async (isCurrent) => {
      const page = await source.list(undefined, this.pageSize);
      const onPage = new Set(page.batches.map((b) => b.id));
      const stale = this.batches.filter((b) => !onPage.has(b.id) && !isFinished(b)).slice(0, MAX_RETRIEVES_PER_POLL);
      const retrieved = await Promise.all(stale.map((b) => source.retrieve(b.id)));
      if (!isCurrent()) return;
      const fresh = new Map([...page.batches, ...retrieved].map((b) => [b.id, b]));
      const rest = this.batches.filter((b) => !onPage.has(b.id)).map((b) => fresh.get(b.id) ?? b);
      const hasMore = this.batches.length <= page.batches.length ? page.hasMore : this.more;
      this.replace([...page.batches, ...rest].sort(byNewest), hasMore);
    });
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
        const message = source.describe(error).message;
        if (isCurrent()) {
          this.lastError = message;
          this.emit([]);
        }
        return message;
      }
    });
    this.queue = result;
    return result;
  }

  /** `fetched`: the list came from the API (a fetch succeeded), not from one local update. */
  private replace(fetchedOrUpdated: Batch[], hasMore: boolean, fetched = true): void {
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
    this.emit(statusChanges);
  }

  private emit(statusChanges: StatusChange[]): void {
    for (const listener of this.listeners) listener({ statusChanges });
  }
}
