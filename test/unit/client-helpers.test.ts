/** The client's shared helpers (client/src/util, common/src/plural.ts) and the explorer's
 *  bounded look-ups of input file names. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputFileNames, MAX_LOOKUPS } from '../../client/src/explorer/inputFileNames';
import { partialPath, writeAtomically } from '../../client/src/util/atomicWrite';
import { fileExists } from '../../client/src/util/fileExists';
import { limitConcurrency } from '../../client/src/util/limitConcurrency';
import { redact } from '../../client/src/util/redact';

/** A promise with its resolve and reject at hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (a few turns of the microtask queue and one macrotask). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('client: shared helpers', () => {
  describe('redact', () => {
    it('replaces every occurrence of the key', () => {
      assert.equal(redact('a sk-1234 b sk-1234', 'sk-1234'), 'a *** b ***');
      assert.equal(redact('key: a.b*c', 'a.b*c'), 'key: ***', 'the key is text, not a pattern');
    });
    it('leaves text alone without a key, or with one too short to mean anything', () => {
      assert.equal(redact('short', 'ab'), 'short');
      assert.equal(redact('abc abcd', 'abc'), 'abc abcd');
      assert.equal(redact('abcd', 'abcd'), '***', 'four characters are enough');
      assert.equal(redact('text', ''), 'text', 'an empty key would put *** between every character');
      assert.equal(redact('text', undefined), 'text');
    });
  });

  describe('files', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-helpers-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('fileExists: true for a file, false for a folder or nothing', async () => {
      fs.writeFileSync(path.join(dir, 'run.jsonl'), '');
      assert.equal(await fileExists(path.join(dir, 'run.jsonl')), true);
      assert.equal(await fileExists(dir), false);
      assert.equal(await fileExists(path.join(dir, 'missing.jsonl')), false);
    });

    it('writeAtomically: the target appears only when the write is done, through a .part file beside it', async () => {
      const target = path.join(dir, 'run.output.jsonl');
      assert.equal(partialPath(target), path.join(dir, `.run.output.jsonl.${process.pid}.part`));
      const result = await writeAtomically(target, (partial) => {
        fs.writeFileSync(partial, 'new\n');
        assert.equal(fs.existsSync(target), false, 'nothing at the target while writing');
        return Promise.resolve(4);
      });
      assert.equal(result, 4);
      assert.equal(fs.readFileSync(target, 'utf8'), 'new\n');
      assert.deepEqual(fs.readdirSync(dir), ['run.output.jsonl']);
    });

    it('writeAtomically: a failed write keeps the earlier file and leaves nothing behind', async () => {
      const target = path.join(dir, 'run.output.jsonl');
      fs.writeFileSync(target, 'good\n');
      await assert.rejects(
        writeAtomically(target, (partial) => {
          fs.writeFileSync(partial, 'half');
          return Promise.reject(new Error('connection reset'));
        }),
        /connection reset/,
      );
      assert.equal(fs.readFileSync(target, 'utf8'), 'good\n');
      assert.deepEqual(fs.readdirSync(dir), ['run.output.jsonl']);
    });

    it('writeAtomically: writes no file when `keep` says the result is not worth one', async () => {
      const target = path.join(dir, 'run.retry.jsonl');
      const kept = await writeAtomically(
        target,
        (partial) => {
          fs.writeFileSync(partial, '');
          return Promise.resolve(0);
        },
        (lines) => lines > 0,
      );
      assert.equal(kept, 0);
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  });

  describe('limitConcurrency', () => {
    it('runs at most `max` tasks at once, the others in order as slots free up', async () => {
      const limit = limitConcurrency(2);
      const gates = Array.from({ length: 5 }, () => deferred<number>());
      const started: number[] = [];
      let running = 0;
      let most = 0;
      const results = gates.map((gate, i) =>
        limit(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          try {
            return await gate.promise;
          } finally {
            running--;
          }
        }),
      );
      const firstFails = assert.rejects(results[0], /failed/);
      await settle();
      assert.deepEqual(started, [0, 1]);
      gates[1].resolve(1);
      await settle();
      assert.deepEqual(started, [0, 1, 2]);
      gates[0].reject(new Error('failed'));
      await settle();
      assert.deepEqual(started, [0, 1, 2, 3], 'a failed task frees its slot too');
      for (const [i, gate] of gates.entries()) gate.resolve(i);
      await firstFails;
      assert.deepEqual(await Promise.all(results.slice(1)), [1, 2, 3, 4]);
      assert.equal(most, 2);
    });

    it('takes only a whole number of at least 1', () => {
      assert.throws(() => limitConcurrency(0), RangeError);
      assert.throws(() => limitConcurrency(1.5), RangeError);
    });
  });
});

describe("client: the input files' names", () => {
  /** A Files API whose answers the test releases one by one. */
  class SlowFiles {
    readonly pending = new Map<string, ReturnType<typeof deferred<string>>>();
    most = 0;
    fileName(fileId: string): Promise<string> {
      const answer = deferred<string>();
      this.pending.set(fileId, answer);
      this.most = Math.max(this.most, this.pending.size);
      return answer.promise.finally(() => this.pending.delete(fileId));
    }
  }

  it(`looks up at most ${MAX_LOOKUPS} names at a time, each file once`, async () => {
    const files = new SlowFiles();
    const names = new InputFileNames(() => Promise.resolve(files));
    const resolved: string[] = [];
    names.onDidResolve((fileId) => resolved.push(fileId));
    const ids = Array.from({ length: 10 }, (_, i) => `file-${i}`);
    for (const id of ids) assert.equal(names.request(id), undefined);
    for (const id of ids) assert.equal(names.request(id), undefined, 'asked again while fetching: no second request');
    await settle();
    assert.equal(files.pending.size, MAX_LOOKUPS);
    while (files.pending.size > 0) {
      for (const [id, answer] of files.pending) answer.resolve(`${id}.jsonl`);
      await settle();
    }
    assert.equal(files.most, MAX_LOOKUPS);
    assert.deepEqual(resolved, ids);
    assert.equal(names.request('file-3'), 'file-3.jsonl');
    assert.equal(names.known('file-9'), 'file-9.jsonl');
  });

  it('keeps the id as the label when a name cannot be fetched, and forgets names on clear', async () => {
    const files = new SlowFiles();
    const names = new InputFileNames(() => Promise.resolve(files));
    names.request('file-a');
    names.request('file-b');
    await settle();
    files.pending.get('file-a')!.reject(new Error('404'));
    files.pending.get('file-b')!.resolve('b.jsonl');
    await settle();
    assert.equal(names.known('file-a'), undefined);
    assert.equal(names.request('file-a'), undefined);
    await settle();
    assert.equal(files.pending.size, 0, 'a failed look-up is not repeated');
    names.clear();
    assert.equal(names.known('file-b'), undefined);
  });

  it('drops look-ups still queued when the names are cleared (another account)', async () => {
    const files = new SlowFiles();
    const names = new InputFileNames(() => Promise.resolve(files));
    for (let i = 0; i < MAX_LOOKUPS + 2; i++) names.request(`old-${i}`);
    await settle();
    names.clear();
    for (const answer of files.pending.values()) answer.resolve('old.jsonl');
    await settle();
    assert.equal(files.pending.size, 0, 'the queued ones never asked');
    assert.equal(names.known('old-0'), undefined, 'an answer for the old account is not kept');
  });
});
