/** `batch-studio split`: a file over a batch's limits written as parts that each pass `lint`, at the
 *  real limits (50,000 requests; 200 MB, streamed within a 64 MB heap), with its output, its
 *  refusals and its exit codes. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chatLineOfSize, requestLine, seededRandom, validBatchFile } from '../helpers/requests';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');

function run(args: string[], cwd: string, nodeOptions: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeOptions, cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
  file: string;
  outcome: string;
  parts: { file: string; requests: number; bytes: number; embeddingInputs: number }[];
  removed: string[];
  message?: string;
}

const customIds = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { custom_id: string }).custom_id);

describe('command-line split', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-split-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits 50,001 requests into 50,000 and 1, each part clean by lint, the requests in order', function () {
    this.timeout(60_000);
    const text = validBatchFile('/v1/chat/completions', 50_001, 9);
    fs.writeFileSync(path.join(dir, 'run.jsonl'), text);
    const lint = run(['lint', '--max-problems', '1', 'run.jsonl'], dir);
    assert.equal(lint.code, 1);
    assert.match(
      lint.stdout,
      /run\.jsonl:50001:1 {2}error {2}The file has 50,001 requests; a batch may hold at most 50,000\..*too_many_requests/,
    );

    const { code, stdout, stderr } = run(['split', 'run.jsonl'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^Split run\.jsonl \(50,001 requests, [\d.]+ MB\) into 2 parts of at most 50,000 requests and 200 MB:$/);
    assert.match(lines[1], /^ {2}run\.part-001\.jsonl {2}50,000 requests +[\d.]+ MB$/);
    assert.match(lines[2], /^ {2}run\.part-002\.jsonl {8}1 request +\d+ bytes$/);
    assert.equal(lines.length, 3);

    const parts = ['run.part-001.jsonl', 'run.part-002.jsonl'];
    assert.deepEqual(fs.readdirSync(dir).sort(), ['run.jsonl', ...parts]);
    const partTexts = parts.map((part) => fs.readFileSync(path.join(dir, part), 'utf8'));
    assert.equal(partTexts.join(''), text, 'the parts together are the file, byte for byte');
    const ids = partTexts.flatMap(customIds);
    assert.deepEqual(ids, customIds(text));
    assert.equal(new Set(ids).size, ids.length, 'custom_ids unique across the parts');
    const clean = run(['lint', ...parts], dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.equal(clean.stdout.trim(), '0 errors, 0 warnings in 2 files');
  });

  it('splits a file over 200 MB at 200 MB exactly, streamed within a 64 MB heap', function () {
    this.timeout(180_000);
    const file = path.join(dir, 'big.jsonl');
    const random = seededRandom(5);
    const out = fs.openSync(file, 'w');
    const count = 45_000;
    let lines: string[] = [];
    for (let i = 0; i < count; i++) {
      lines.push(chatLineOfSize(`r${i}`, 5_000, random));
      if (lines.length === 1000) {
        fs.writeSync(out, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    fs.closeSync(out);
    const size = fs.statSync(file).size;
    const limit = 200 * 1024 * 1024;
    assert.ok(size > limit, `the file is over 200 MB (${size})`);

    const { code, stdout, stderr } = run(['split', '--format', 'json', 'big.jsonl'], dir, ['--max-old-space-size=64']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as Report;
    assert.equal(report.outcome, 'written');
    assert.equal(report.parts.length, 2);
    const [first, second] = report.parts.map((part) => ({ ...part, size: fs.statSync(path.join(dir, part.file)).size }));
    assert.equal(first.size, first.bytes);
    assert.ok(first.size <= limit, 'the first part is within 200 MB');
    // As full as it can be: the second part's first line would have taken it over.
    const nextLine = fs.readFileSync(path.join(dir, second.file), 'utf8').split('\n')[0];
    assert.ok(first.size + Buffer.byteLength(nextLine) + 1 > limit, 'the first part is as full as 200 MB allows');
    assert.equal(first.requests + second.requests, count);
    assert.equal(first.size + second.size, size);
    const lint = run(['lint', report.parts[0].file, report.parts[1].file], dir);
    assert.equal(lint.code, 0, lint.stdout.slice(0, 2000));
  });

  it('replaces an earlier split only with --force, removing the parts it does not write again', () => {
    fs.writeFileSync(path.join(dir, 'run.jsonl'), validBatchFile('/v1/embeddings', 12));
    assert.equal(run(['split', '--max-requests', '3', 'run.jsonl'], dir).code, 0);
    assert.equal(fs.readdirSync(dir).length, 5);

    const refused = run(['split', '--max-requests', '6', 'run.jsonl'], dir);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.equal(
      refused.stderr,
      'batch-studio: run.jsonl was split before: run.part-001.jsonl, run.part-002.jsonl and 2 more exist already. --force replaces them (and removes those the new split does not write).\n',
    );

    const forced = run(['split', '--max-requests', '6', '--force', '--format', 'json', 'run.jsonl'], dir);
    assert.equal(forced.code, 0, forced.stderr);
    const report = JSON.parse(forced.stdout) as Report;
    assert.deepEqual(
      report.parts.map((p) => [p.file, p.requests]),
      [
        ['run.part-001.jsonl', 6],
        ['run.part-002.jsonl', 6],
      ],
    );
    assert.ok(report.parts.every((p) => p.embeddingInputs > 0));
    assert.deepEqual(report.removed, ['run.part-003.jsonl', 'run.part-004.jsonl']);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['run.jsonl', 'run.part-001.jsonl', 'run.part-002.jsonl']);
  });

  it('refuses a file with errors (exit 1), and says when a file fits (exit 0); writes nothing either way', () => {
    const line = (id: string) =>
      requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    fs.writeFileSync(path.join(dir, 'broken.jsonl'), [line('a'), line('b'), line('a'), line('c')].join('\n') + '\n');
    const broken = run(['split', '--max-requests', '2', 'broken.jsonl'], dir);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /^batch-studio: broken\.jsonl has 1 error besides its size, which every part would still have; fix it first\. line 3: custom_id "a" is already used on line 1\..* \(batch-studio lint broken\.jsonl lists them all\)\n$/,
    );

    fs.writeFileSync(path.join(dir, 'small.jsonl'), [line('a'), line('b')].join('\n') + '\n');
    const small = run(['split', 'small.jsonl'], dir);
    assert.equal(small.code, 0);
    assert.match(
      small.stdout,
      /^small\.jsonl fits in one batch \(2 requests, \d+ bytes; the limits are 50,000 requests and 200 MB\): nothing to split\./,
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['broken.jsonl', 'small.jsonl']);

    const json = JSON.parse(run(['split', '--format', 'json', 'small.jsonl'], dir).stdout) as Report;
    assert.deepEqual({ ...json, message: undefined }, { file: 'small.jsonl', outcome: 'fits', parts: [], removed: [], message: undefined });
  });

  it('takes the limits only lower, and exits 2 on usage and file problems', () => {
    fs.writeFileSync(path.join(dir, 'run.jsonl'), validBatchFile('/v1/chat/completions', 4));
    const cases: [string[], RegExp][] = [
      [['split'], /no file given/],
      [['split', 'a.jsonl', 'b.jsonl'], /split takes one file, not 2/],
      [
        ['split', '--max-requests', '50001', 'run.jsonl'],
        /--max-requests may only lower the limit: the Batch API takes at most 50,000 requests per file, not 50,001/,
      ],
      [['split', '--max-requests', '0', 'run.jsonl'], /--max-requests must be a whole number of at least 1, not "0"/],
      [
        ['split', '--max-bytes', '201MB', 'run.jsonl'],
        /--max-bytes may only lower the limit: the Batch API takes at most 209,715,200 bytes per file/,
      ],
      [
        ['split', '--max-bytes', 'lots', 'run.jsonl'],
        /--max-bytes must be a number of bytes of at least 1, e.g. 1000, 512KB or 100MB; not "lots"/,
      ],
      [['split', '--provider', 'gemini', 'run.jsonl'], /--provider must be openai or azure, not "gemini"/],
      [['split', 'missing.jsonl'], /cannot split missing\.jsonl: no such file/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = run(args, dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message, args.join(' '));
    }
    // Azure OpenAI's 100,000 requests may be lowered to anything below.
    assert.equal(run(['split', '--provider', 'azure', '--max-requests', '60000', 'run.jsonl'], dir).code, 0);
    // --max-bytes takes KB: about 2 requests a part.
    const parts = JSON.parse(run(['split', '--max-bytes', '1KB', '--format', 'json', 'run.jsonl'], dir).stdout) as Report;
    assert.ok(parts.parts.length >= 2 && parts.parts.every((p) => p.bytes <= 1024));
  });
});
