/** Lines analysed on worker threads give exactly what one thread gives: a file read in ranges by
 *  several threads, a document's lines analysed in batches, and whatever a worker cannot do (it
 *  failed, or a line is too long for its heap) done on the main thread. The workers run the built
 *  CLI bundle (server/out/cli.js), as the CLI's own do. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisPool, analyzeTexts } from '../../server/src/analysisPool';
import {
  analyzeLine,
  BatchDocument,
  bytesLineSource,
  DEFAULT_LIMITS,
  splitLines,
  validateLines,
  type ValidationOptions,
  type ValidationResult,
} from '../../server/src/core';
import { validateFile } from '../../server/src/validateFile';
import { mixedBatchFile } from '../helpers/mixedFile';
import { seededRandom } from '../helpers/requests';

/** This file runs from test/out/unit. */
const root = path.resolve(__dirname, '../../..');
const WORKER_SCRIPT = path.join(root, 'server/out/cli.js');
const dir = path.join(root, 'test/out/tmp/workers');

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const withoutFile = ({ file: _file, ...result }: ValidationResult & { file: string }): ValidationResult => result;

/** The plain way: every line decoded as UTF-8 and analysed by analyzeLine, on this thread. */
async function reference(bytes: Buffer, options: ValidationOptions): Promise<ValidationResult> {
  return validateLines(bytesLineSource('batch.jsonl', bytes), { ...options, onLine: () => undefined });
}

const OPTIONS: ValidationOptions[] = [
  { detection: 'always', maxProblems: Infinity },
  { detection: 'auto', maxProblems: 7, severity: { blank_line: 'off', unknown_parameter: 'error' } },
  // Small limits, so the file-level problems (and the lines they fall on) come up too.
  { detection: 'always', maxProblems: Infinity, limits: { requestsPerFile: 40, fileBytes: 60_000, embeddingInputsPerFile: 3000 } },
];

describe('analysing on worker threads', function () {
  this.timeout(120_000);
  let pool: AnalysisPool;
  before(() => {
    assert.ok(fs.existsSync(WORKER_SCRIPT), 'npm run build first: the workers run server/out/cli.js');
    fs.mkdirSync(dir, { recursive: true });
    pool = new AnalysisPool(WORKER_SCRIPT, { workers: 2, backOff: false });
    return pool.started();
  });
  after(async () => {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives for a file read in ranges by several threads what one thread gives, broken lines and all', async () => {
    const random = seededRandom(41);
    for (let seed = 1; seed <= 6; seed++) {
      const bytes = mixedBatchFile(seed, 150_000 + Math.floor(random() * 150_000));
      const file = path.join(dir, `mixed-${seed}.jsonl`);
      fs.writeFileSync(file, bytes);
      for (const options of OPTIONS) {
        const expected = await reference(bytes, options);
        assert.deepEqual(withoutFile(await validateFile(file, options)), expected, `seed ${seed}, one thread`);
        const rangeBytes = 1 + Math.floor(random() * 20_000);
        const pooled = withoutFile(await validateFile(file, options, { pool, rangeBytes, minPoolBytes: 0 }));
        assert.deepEqual(pooled, expected, `seed ${seed}, ranges of ${rangeBytes} bytes on workers`);
      }
    }
    assert.ok(pool.jobs.done > 20, `the workers did ${pool.jobs.done} ranges`);
    assert.equal(pool.jobs.failed, 0);
  });

  it('does on this thread a range a worker cannot do: a failed worker, a line too long for its heap', async () => {
    const bytes = mixedBatchFile(7, 200_000);
    const file = path.join(dir, 'mixed-7.jsonl');
    fs.writeFileSync(file, bytes);
    const options = OPTIONS[0];
    const expected = await reference(bytes, options);
    const broken = new AnalysisPool(path.join(dir, 'no-such-script.js'), { workers: 1, backOff: false });
    const short = new AnalysisPool(WORKER_SCRIPT, { workers: 1, maxLineBytes: 10_000, oldGenerationMb: 16, backOff: false });
    await Promise.all([broken.started(), short.started()]);
    try {
      assert.deepEqual(
        withoutFile(await validateFile(file, options, { pool: broken, rangeBytes: 10_000, minPoolBytes: 0 })),
        expected,
        'the worker never started',
      );
      assert.equal(broken.jobs.done, 0);
      assert.deepEqual(
        withoutFile(await validateFile(file, options, { pool: short, rangeBytes: 5_000, minPoolBytes: 0 })),
        expected,
        'lines over 10,000 bytes',
      );
      assert.deepEqual([short.jobs.done > 0, short.jobs.failed > 0], [true, true], 'some ranges done by the worker, some handed back');
    } finally {
      await Promise.all([broken.close(), short.close()]);
    }
  });

  it("gives a document's lines the facts analyzeLine gives, in order", async () => {
    const text = new TextDecoder().decode(mixedBatchFile(8, 400_000));
    const texts = splitLines(text).map((line) => line.text);
    // (Facts that crossed threads name their missing fields, as undefined: the same facts.)
    assert.deepEqual(plain(await analyzeTexts(pool, texts, DEFAULT_LIMITS, 10_000)), plain(texts.map((t) => analyzeLine(t))));
    const strict = { ...DEFAULT_LIMITS, embeddingInputsPerRequest: 2 };
    assert.deepEqual(
      plain(await analyzeTexts(pool, texts, strict, 10_000)),
      plain(texts.map((t) => analyzeLine(t, undefined, strict))),
      'with the limits given',
    );
  });

  it('settles a large document analysed elsewhere, lines edited meanwhile analysed again', async () => {
    const text = new TextDecoder().decode(mixedBatchFile(9, 300_000));
    const plain = new BatchDocument(text);
    const deferred = new BatchDocument(text, undefined, { deferAnalysis: true });
    const { records, texts } = deferred.pendingLines();
    assert.equal(records.length, plain.lineCount);
    const facts = await analyzeTexts(pool, texts, deferred.lineLimits, 20_000);
    // An edit arrives while the workers are busy: its lines are not the ones they analysed.
    const edit = { range: { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } }, text: '{"custom_id": "x"}\n\n' };
    deferred.applyEdit(edit);
    plain.applyEdit(edit);
    deferred.settle(records, facts);
    assert.deepEqual(deferred.diagnostics(), plain.diagnostics());
    assert.deepEqual(deferred.model.summary(), plain.model.summary());
  });
});
