/** Split into Batches: where the planner cuts (core/split.ts), at the provider's exact limits, and
 *  splitFile.ts on real files: each part within every limit and valid, the requests unchanged and in
 *  order, custom_ids unique across parts, the parts together exactly the original bytes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { partFileName, partIndexOf, parsePartFileName } from '../../common/src/partFiles';
import {
  AZURE_MAX_REQUESTS_PER_FILE,
  MAX_EMBEDDING_INPUTS_PER_FILE,
  MAX_FILE_BYTES,
  MAX_REQUESTS_PER_FILE,
  validateText,
} from '../../server/src/core';
import { type PartLimits, partLimits, planSplit, type SplitLine, type SplitPlan } from '../../server/src/core/split';
import { refusalMessage, type SplitOutcome, splitFile } from '../../server/src/splitFile';
import { requestLine, seededRandom, validBatchFile } from '../helpers/requests';

const request = (bytes: number, embeddingInputs = 0): SplitLine => ({ bytes, request: true, embeddingInputs });
const blank = (bytes: number): SplitLine => ({ bytes, request: false, embeddingInputs: 0 });
const openai = partLimits('openai') as PartLimits;

/** The plan's invariants: the parts tile the input in order, each holds a request and keeps every limit. */
function assertSound(plan: SplitPlan, lines: readonly SplitLine[], limits: PartLimits): void {
  assert.equal(plan.oversized, undefined);
  let line = 0;
  let offset = 0;
  for (const part of plan.parts) {
    assert.equal(part.firstLine, line, 'parts follow each other line by line');
    assert.equal(part.start, offset, 'and byte by byte');
    const own = lines.slice(part.firstLine, part.endLine);
    assert.equal(
      part.bytes,
      own.reduce((sum, l) => sum + l.bytes, 0),
    );
    assert.equal(part.end - part.start, part.bytes);
    assert.equal(part.requests, own.filter((l) => l.request).length);
    assert.equal(
      part.embeddingInputs,
      own.reduce((sum, l) => sum + l.embeddingInputs, 0),
    );
    assert.ok(part.requests >= 1, 'every part holds a request');
    assert.ok(
      part.requests <= limits.requests && part.bytes <= limits.bytes && part.embeddingInputs <= limits.embeddingInputs,
      'within the limits',
    );
    line = part.endLine;
    offset = part.end;
  }
  assert.equal(line, lines.length, 'every line is in a part');
  assert.equal(offset, plan.bytes);
}

describe('split: the parts and their names', () => {
  it('names the parts beside the input, numbered so that they sort', () => {
    assert.equal(partFileName('run.jsonl', 1, 3), 'run.part-001.jsonl');
    assert.equal(partFileName('my.run.ndjson', 12, 12), 'my.run.part-012.ndjson');
    assert.equal(partFileName('run.jsonl', 7, 1200), 'run.part-0007.jsonl');
    assert.equal(partFileName('requests', 2, 2), 'requests.part-002.jsonl');
    assert.deepEqual(parsePartFileName('run.part-002.jsonl'), { group: 'run.jsonl', index: 2 });
    assert.equal(parsePartFileName('run.jsonl'), undefined);
    assert.equal(parsePartFileName('run.part-02.jsonl'), undefined);
    assert.equal(partIndexOf('run.part-003.jsonl', 'run.jsonl'), 3);
    assert.equal(partIndexOf('run.part-003.jsonl', 'other.jsonl'), undefined);
    assert.equal(partIndexOf('run.part-000.jsonl', 'run.jsonl'), undefined);
    assert.equal(partIndexOf('requests.part-001.jsonl', 'requests'), 1);
  });

  it("takes the provider's limits, which a caller may lower but not raise", () => {
    assert.deepEqual(openai, { requests: MAX_REQUESTS_PER_FILE, bytes: MAX_FILE_BYTES, embeddingInputs: MAX_EMBEDDING_INPUTS_PER_FILE });
    assert.equal((partLimits('azure') as PartLimits).requests, AZURE_MAX_REQUESTS_PER_FILE);
    assert.deepEqual(partLimits('openai', { maxRequests: 10, maxBytes: 1000 }), { requests: 10, bytes: 1000, embeddingInputs: 50_000 });
    assert.match(
      (partLimits('openai', { maxRequests: 50_001 }) as { problem: string }).problem,
      /may only lower the limit: the Batch API takes at most 50,000 requests per file, not 50,001/,
    );
    assert.ok('problem' in partLimits('openai', { maxBytes: MAX_FILE_BYTES + 1 }));
    assert.ok('problem' in partLimits('openai', { maxRequests: 0 }));
    assert.ok('problem' in partLimits('openai', { maxRequests: 2.5 }));
    assert.ok(!('problem' in partLimits('azure', { maxRequests: 100_000 })));
  });
});

describe('split: where the planner cuts', () => {
  it('cuts at exactly 50,000 requests (100,000 for Azure OpenAI)', () => {
    const lines = Array.from({ length: 100_001 }, () => request(120));
    const plan = planSplit(lines, openai);
    assert.deepEqual(
      plan.parts.map((p) => p.requests),
      [50_000, 50_000, 1],
    );
    assertSound(plan, lines, openai);
    const azure = partLimits('azure') as PartLimits;
    assert.deepEqual(
      planSplit(lines, azure).parts.map((p) => p.requests),
      [100_000, 1],
    );
  });

  it('cuts at exactly 200 MB, line breaks counted, with no margin', () => {
    // 1 MB lines, line break included: 200 of them are the limit to the byte.
    const mb = 1024 * 1024;
    const lines = Array.from({ length: 401 }, () => request(mb));
    const plan = planSplit(lines, openai);
    assert.deepEqual(
      plan.parts.map((p) => [p.requests, p.bytes]),
      [
        [200, MAX_FILE_BYTES],
        [200, MAX_FILE_BYTES],
        [1, mb],
      ],
    );
    // One byte more in the first line, and the 200th request no longer fits.
    const larger = [request(mb + 1), ...lines.slice(1, 200)];
    assert.deepEqual(
      planSplit(larger, openai).parts.map((p) => p.requests),
      [199, 1],
    );
  });

  it('cuts an embeddings file at 50,000 inputs in all', () => {
    const lines = Array.from({ length: 25 }, () => request(9000, 2048));
    const plan = planSplit(lines, openai);
    assert.deepEqual(
      plan.parts.map((p) => [p.requests, p.embeddingInputs]),
      [
        [24, 49_152],
        [1, 2048],
      ],
    );
    assertSound(plan, lines, openai);
  });

  it('keeps blank lines with the request before them (the first request for those above it)', () => {
    const limits = { requests: 2, bytes: 1000, embeddingInputs: 0 };
    const lines = [blank(1), request(10), blank(2), request(10), request(10), blank(1), blank(0)];
    const plan = planSplit(lines, limits);
    assert.deepEqual(
      plan.parts.map((p) => [p.firstLine, p.endLine, p.requests]),
      [
        [0, 4, 2],
        [4, 7, 1],
      ],
    );
    assertSound(plan, lines, limits);
  });

  it('fills each part as far as the limits allow, so there are as few parts as can be', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 200; round++) {
      const limits = {
        requests: 1 + Math.floor(random() * 20),
        bytes: 200 + Math.floor(random() * 2000),
        embeddingInputs: 50 + Math.floor(random() * 100),
      };
      const lines = Array.from({ length: Math.floor(random() * 300) }, () =>
        random() < 0.1
          ? blank(Math.floor(random() * 3))
          : request(1 + Math.floor(random() * 200), random() < 0.5 ? Math.floor(random() * 50) : 0),
      );
      if (!lines.some((l) => l.request)) continue;
      const plan = planSplit(lines, limits);
      assertSound(plan, lines, limits);
      // Greedy is optimal: the next part's first request (with its blank lines) never fits the part before.
      for (let i = 0; i + 1 < plan.parts.length; i++) {
        const part = plan.parts[i];
        const next = plan.parts[i + 1];
        let end = next.firstLine + 1;
        while (end < lines.length && !lines[end].request) end++;
        const unit = lines.slice(next.firstLine, end);
        const fits =
          part.requests + 1 <= limits.requests &&
          part.bytes + unit.reduce((s, l) => s + l.bytes, 0) <= limits.bytes &&
          part.embeddingInputs + unit.reduce((s, l) => s + l.embeddingInputs, 0) <= limits.embeddingInputs;
        assert.ok(!fits, `round ${round}: part ${i + 1} could have taken line ${next.firstLine}`);
      }
    }
  });

  it('says which request no part can hold', () => {
    const plan = planSplit([request(10), blank(1), request(500), request(10)], { requests: 10, bytes: 100, embeddingInputs: 10 });
    assert.deepEqual(plan.oversized, { line: 2, bytes: 500, embeddingInputs: 0, limit: 'bytes' });
  });
});

describe('split: files on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-split-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const written = (outcome: SplitOutcome) => {
    assert.equal(outcome.kind, 'written', outcome.kind === 'written' ? '' : refusalMessage(outcome, 'the file'));
    return outcome;
  };
  const ids = (text: string) =>
    text
      .split(/\r\n|\n/)
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);

  for (const [url, eol] of [
    ['/v1/chat/completions', '\n'],
    ['/v1/embeddings', '\r\n'],
    ['/v1/responses', '\n'],
  ] as const) {
    it(`${url} (${JSON.stringify(eol)}): valid parts within the limit, the requests unchanged and in order`, async () => {
      const text = validBatchFile(url, 103, 5, eol);
      const file = write('run.jsonl', text);
      const outcome = written(await splitFile(file, { maxRequests: 25 }));
      assert.deepEqual(
        outcome.parts.map((p) => [path.basename(p.file), p.requests]),
        [
          ['run.part-001.jsonl', 25],
          ['run.part-002.jsonl', 25],
          ['run.part-003.jsonl', 25],
          ['run.part-004.jsonl', 25],
          ['run.part-005.jsonl', 3],
        ],
      );
      const parts = outcome.parts.map((p) => fs.readFileSync(p.file, 'utf8'));
      assert.equal(parts.join(''), text, 'the parts together are the file, byte for byte');
      for (const [i, part] of parts.entries()) {
        assert.equal(Buffer.byteLength(part), outcome.parts[i].bytes, 'the size reported is the size written');
        assert.deepEqual(validateText(part), [], `part ${i + 1} is a valid batch file`);
        assert.ok(part.endsWith(eol), 'each part keeps its line breaks');
      }
      const partIds = parts.flatMap(ids);
      assert.deepEqual(partIds, ids(text), 'every request once, in order');
      assert.equal(new Set(partIds).size, partIds.length, 'custom_ids are unique across the parts');
      assert.deepEqual(
        fs.readdirSync(dir).sort(),
        ['run.jsonl', ...outcome.parts.map((p) => path.basename(p.file))],
        'no temporary file is left',
      );
    });
  }

  it('counts bytes as UTF-8 and keeps each part within --max-bytes', async () => {
    const random = seededRandom(3);
    const lines = Array.from({ length: 60 }, (_, i) =>
      requestLine(`é-${i}`, '/v1/chat/completions', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: '日本語 '.repeat(1 + Math.floor(random() * 40)) }],
      }),
    );
    const text = `${lines.join('\n')}\n`;
    const file = write('utf8.jsonl', text);
    const outcome = written(await splitFile(file, { maxBytes: 2000 }));
    assert.ok(outcome.parts.length > 3);
    for (const part of outcome.parts) assert.ok(fs.statSync(part.file).size <= 2000, `${part.file} is within 2000 bytes`);
    assert.equal(outcome.parts.map((p) => fs.readFileSync(p.file, 'utf8')).join(''), text);
  });

  it('refuses a file with errors besides its size, and writes nothing', async () => {
    const good = validBatchFile('/v1/chat/completions', 30, 2).split('\n');
    good[4] = good[1]; // a duplicate custom_id
    const file = write('broken.jsonl', good.join('\n'));
    const outcome = await splitFile(file, { maxRequests: 10 });
    assert.equal(outcome.kind, 'errors');
    assert.match(
      refusalMessage(outcome, 'broken.jsonl'),
      /^broken\.jsonl has 1 error besides its size, which every part would still have; fix it first\. line 5: /,
    );
    assert.deepEqual(fs.readdirSync(dir), ['broken.jsonl']);
  });

  it('splits a file whose only errors are its limits', async () => {
    // 25 requests of 2,048 inputs: 51,200 in all, over the file's 50,000.
    const lines = Array.from({ length: 25 }, (_, i) =>
      requestLine(`e-${i + 1}`, '/v1/embeddings', { model: 'text-embedding-3-small', input: Array.from({ length: 2048 }, () => 'a') }),
    );
    const text = `${lines.join('\n')}\n`;
    assert.deepEqual(
      validateText(text).map((d) => d.code),
      ['too_many_embedding_inputs'],
    );
    const outcome = written(await splitFile(write('embed.jsonl', text)));
    assert.deepEqual(
      outcome.parts.map((p) => [p.requests, p.embeddingInputs]),
      [
        [24, 49_152],
        [1, 2048],
      ],
    );
    for (const part of outcome.parts) assert.deepEqual(validateText(fs.readFileSync(part.file, 'utf8')), []);
  });

  it('refuses one request with more inputs than a request may carry: no split repairs it', async () => {
    const line = requestLine('big', '/v1/embeddings', { model: 'text-embedding-3-small', input: Array.from({ length: 2049 }, () => 'a') });
    const outcome = await splitFile(write('one.jsonl', `${line}\n${line.replace('"big"', '"small"')}\n`), { maxRequests: 1 });
    assert.equal(outcome.kind, 'errors');
  });

  it('says when the file fits in one batch, or a request fits in no part', async () => {
    const file = write('small.jsonl', validBatchFile('/v1/chat/completions', 5));
    const fits = await splitFile(file);
    assert.equal(fits.kind, 'fits');
    assert.match(refusalMessage(fits, 'small.jsonl'), /^small\.jsonl fits in one batch \(5 requests, /);
    const oversized = await splitFile(file, { maxBytes: 50 });
    assert.equal(oversized.kind, 'oversized');
    assert.match(
      refusalMessage(oversized, 'small.jsonl'),
      /^The request on line 1 of small\.jsonl is \d+ bytes on its own, more than a part may be \(50 bytes\)/,
    );
    assert.deepEqual(fs.readdirSync(dir), ['small.jsonl']);
  });

  it('asks before replacing an earlier split, and then leaves exactly the new parts', async () => {
    const file = write('run.jsonl', validBatchFile('/v1/chat/completions', 30));
    written(await splitFile(file, { maxRequests: 5 }));
    assert.equal(fs.readdirSync(dir).length, 7);
    const again = await splitFile(file, { maxRequests: 10 });
    assert.equal(again.kind, 'partsExist');
    assert.equal(again.existing.length, 6);
    const replaced = written(await splitFile(file, { maxRequests: 10, overwrite: true }));
    assert.equal(replaced.parts.length, 3);
    assert.deepEqual(
      replaced.removed.map((f) => path.basename(f)),
      ['run.part-004.jsonl', 'run.part-005.jsonl', 'run.part-006.jsonl'],
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['run.jsonl', 'run.part-001.jsonl', 'run.part-002.jsonl', 'run.part-003.jsonl']);
  });

  it('refuses bytes that are not UTF-8, even with their problem turned off', async () => {
    const line = (id: string, content: string) =>
      requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
    const file = path.join(dir, 'latin1.jsonl');
    // "café" saved as Latin-1: its é is the byte 0xE9, not UTF-8.
    fs.writeFileSync(file, Buffer.from(`${line('a', 'tea')}\n${line('b', 'caf\u00e9')}\n${line('c', 'milk')}\n`, 'latin1'));
    const outcome = await splitFile(file, {
      maxRequests: 1,
      validation: { severity: { invalid_json_line: 'off', mismatched_model: 'off' } },
    });
    assert.deepEqual(outcome, { kind: 'notUtf8', line: 1 });
  });
});
