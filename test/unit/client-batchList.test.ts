import * as assert from 'node:assert/strict';
import type { Batch } from 'openai/resources/batches';
import { nextDelayMs, MAX_DELAY_MS } from '../../client/src/explorer/autoRefresh';
import { BatchList, type BatchSource, type ListChange } from '../../client/src/explorer/batchList';
import { batch } from '../helpers/clientBatches';

/** An account's batches, newest first, served with the API's cursor rules. */
class FakeSource implements BatchSource {
  failing: Error | undefined;
  calls: string[] = [];
  constructor(public batches: Batch[]) {}

  list(after: string | undefined, limit: number): Promise<{ batches: Batch[]; hasMore: boolean }> {
    this.calls.push(`list ${after ?? '-'} ${limit}`);
    if (this.failing) return Promise.reject(this.failing);
    const start = after ? this.batches.findIndex((b) => b.id === after) + 1 : 0;
    const page = this.batches.slice(start, start + limit);
    return Promise.resolve({ batches: page, hasMore: start + limit < this.batches.length });
  }
  /** Batches whose own fetch fails with this error (a 404 when its message says `not found`). */
  failingRetrieves = new Map<string, Error>();
  retrieve(id: string): Promise<Batch> {
    this.calls.push(`retrieve ${id}`);
    if (this.failing) return Promise.reject(this.failing);
    const failing = this.failingRetrieves.get(id);
    if (failing) return Promise.reject(failing);
    return Promise.resolve(this.batches.find((b) => b.id === id)!);
  }
  describe(error: unknown) {
    const message = (error as Error).message;
    return { message: `described: ${message}`, ...(/not found/.test(message) ? { kind: 'notFound' } : {}) };
  }
  update(id: string, change: Partial<Batch>) {
    this.batches = this.batches.map((b) => (b.id === id ? { ...b, ...change } : b));
  }
}

/** n batches, newest first. */
function account(n: number, status: Batch['status'] = 'completed'): Batch[] {
  return Array.from({ length: n }, () => batch({ status })).sort((a, b) => b.created_at - a.created_at);
}

describe('client: the batch list', () => {
  it('loads the first page, then more with the cursor', async () => {
    const source = new FakeSource(account(5));
    const list = new BatchList(2);
    assert.equal(await list.refresh(source), undefined);
    assert.deepEqual(
      list.items.map((b) => b.id),
      source.batches.slice(0, 2).map((b) => b.id),
    );
    assert.equal(list.hasMore, true);
    await list.loadMore(source);
    await list.loadMore(source);
    assert.deepEqual(
      list.items.map((b) => b.id),
      source.batches.map((b) => b.id),
    );
    assert.equal(list.hasMore, false);
    assert.deepEqual(source.calls, ['list - 2', `list ${source.batches[1].id} 2`, `list ${source.batches[3].id} 2`]);
  });

  it('keeps a batch opened by id beyond the loaded pages, and pages on from the last paged batch', async () => {
    const source = new FakeSource(account(6, 'in_progress'));
    const list = new BatchList(2);
    await list.refresh(source);
    const old = source.batches[5];
    list.open(old);
    assert.deepEqual(
      list.items.map((b) => b.id),
      [source.batches[0].id, source.batches[1].id, old.id],
      'shown after the loaded page, where its date puts it',
    );
    source.calls = [];
    source.update(old.id, { status: 'completed' });
    await list.refresh(source);
    assert.deepEqual(source.calls, ['list - 2', `retrieve ${old.id}`], 'refreshed with the page, by id');
    assert.equal(list.get(old.id)?.status, 'completed');
    source.calls = [];
    await list.loadMore(source);
    assert.deepEqual(source.calls, [`list ${source.batches[1].id} 2`], 'the cursor is the last paged batch, not the opened one');
    assert.deepEqual(
      list.items.map((b) => b.id),
      [0, 1, 2, 3, 5].map((i) => source.batches[i].id),
    );
    list.reset();
    assert.equal(list.items.length, 0, 'another account: the opened batch goes too');
  });

  it('drops a batch opened by id that is gone (404), saying so once; another failed fetch keeps its last state', async () => {
    const source = new FakeSource(account(6, 'in_progress'));
    const list = new BatchList(2);
    await list.refresh(source);
    const [gone, unreachable] = [source.batches[4], source.batches[5]];
    list.open(gone);
    list.open(unreachable);
    const changes: ListChange[] = [];
    list.onDidChange((change) => changes.push(change));
    source.failingRetrieves.set(gone.id, new Error(`No batch found with id '${gone.id}' (not found)`));
    source.failingRetrieves.set(unreachable.id, new Error('connection reset'));
    source.update(source.batches[0].id, { status: 'completed' });

    assert.equal(await list.refresh(source), undefined, 'the list itself was fetched: the refresh succeeded');
    assert.equal(list.error, undefined);
    assert.equal(list.get(source.batches[0].id)?.status, 'completed', 'the page was refreshed');
    assert.equal(list.get(gone.id), undefined, 'the gone batch left the list');
    assert.deepEqual(list.get(unreachable.id), unreachable, 'the unreachable one keeps its last known state');
    assert.deepEqual(
      changes.flatMap((c) => c.gone ?? []).map((b) => b.id),
      [gone.id],
    );

    // Unpinned: not fetched again, and not said again; the other is tried again.
    source.calls = [];
    changes.length = 0;
    await list.refresh(source);
    assert.deepEqual(source.calls, ['list - 2', `retrieve ${unreachable.id}`]);
    assert.deepEqual(
      changes.flatMap((c) => c.gone ?? []),
      [],
    );
    // Auto-refresh likewise: a failed fetch by id fails neither the poll nor the list.
    source.failingRetrieves.delete(unreachable.id);
    source.update(unreachable.id, { status: 'completed' });
    assert.equal(await list.poll(source), undefined);
    assert.equal(list.get(unreachable.id)?.status, 'completed');
  });

  it('refreshes as many batches as are loaded', async () => {
    const source = new FakeSource(account(5));
    const list = new BatchList(2);
    await list.refresh(source);
    await list.loadMore(source);
    source.calls = [];
    await list.refresh(source);
    assert.equal(list.items.length, 4);
    assert.deepEqual(source.calls, ['list - 4']);
  });

  it('keeps the last good list when a fetch fails, and clears the error on success', async () => {
    const source = new FakeSource(account(3));
    const list = new BatchList();
    await list.refresh(source);
    source.failing = new Error('connection refused');
    assert.equal(await list.refresh(source), 'described: connection refused');
    assert.equal(list.items.length, 3);
    assert.equal(list.error, 'described: connection refused');
    source.failing = undefined;
    await list.refresh(source);
    assert.equal(list.error, undefined);
  });

  it('is not loaded after a failed first fetch', async () => {
    const source = new FakeSource(account(1));
    source.failing = new Error('401');
    const list = new BatchList();
    await list.refresh(source);
    assert.equal(list.loaded, false);
    assert.equal(list.error, 'described: 401');
  });

  it('polls the first page plus unfinished batches beyond it, and reports status changes', async () => {
    const source = new FakeSource(account(4, 'in_progress'));
    const list = new BatchList(2);
    await list.refresh(source);
    await list.loadMore(source);
    const changes: ListChange[] = [];
    list.onDidChange((c) => changes.push(c));
    const [first, , third] = source.batches;
    source.update(first.id, { status: 'completed' });
    source.update(third.id, { status: 'failed' });
    const newest = batch({ status: 'validating', created_at: 1_800_000_000 });
    source.batches = [newest, ...source.batches];
    source.calls = [];
    await list.poll(source);
    // First page: newest + first; the other three are unfinished and fetched one by one.
    assert.deepEqual(source.calls.slice(0, 1), ['list - 2']);
    assert.equal(source.calls.filter((c) => c.startsWith('retrieve')).length, 3);
    assert.equal(list.items[0].id, newest.id);
    assert.equal(list.items.length, 5);
    const statusChanges = changes.flatMap((c) => c.statusChanges).map((c) => [c.batch.id, c.previous, c.batch.status]);
    assert.deepEqual(statusChanges, [
      [first.id, 'in_progress', 'completed'],
      [third.id, 'in_progress', 'failed'],
    ]);
  });

  it('shows a batch added locally without counting as loaded', () => {
    const list = new BatchList();
    const b = batch({ status: 'validating' });
    list.upsert(b);
    assert.deepEqual(list.items, [b]);
    assert.equal(list.loaded, false);
    assert.equal(list.hasUnfinished(), true);
  });

  it('keeps a local update when a fetch that started before it returns an older state', async () => {
    const source = new FakeSource(account(1, 'in_progress'));
    const list = new BatchList();
    await list.refresh(source);
    const changes: string[] = [];
    list.onDidChange((change) => changes.push(...change.statusChanges.map((c) => c.batch.status)));
    const pending = list.refresh(source); // the API still says in_progress
    list.upsert({ ...source.batches[0], status: 'cancelling' });
    await pending;
    assert.equal(list.items[0].status, 'cancelling');
    assert.deepEqual(changes, ['cancelling'], 'no spurious step back to in_progress');
  });

  it('puts a batch submitted in the same second as another first', () => {
    const list = new BatchList();
    const older = batch({ status: 'completed' });
    const newer = { ...batch({ status: 'validating' }), created_at: older.created_at };
    list.upsert(older);
    list.upsert(newer);
    assert.deepEqual(
      list.items.map((b) => b.id),
      [newer.id, older.id],
    );
  });

  it('ignores a fetch that finishes after a reset (the key or connection changed)', async () => {
    const source = new FakeSource(account(2));
    const list = new BatchList();
    const pending = list.refresh(source);
    list.reset();
    await pending;
    assert.equal(list.items.length, 0);
    assert.equal(list.loaded, false);
  });
});

describe('client: auto-refresh back-off', () => {
  it('doubles the interval per failure, up to a cap', () => {
    assert.equal(nextDelayMs(10, 0), 10_000);
    assert.equal(nextDelayMs(10, 1), 20_000);
    assert.equal(nextDelayMs(10, 3), 80_000);
    assert.equal(nextDelayMs(10, 50), MAX_DELAY_MS);
    assert.equal(nextDelayMs(600, 2), 600_000);
  });
});
