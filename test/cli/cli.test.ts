import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chatLineOfSize, seededRandom } from '../helpers/requests';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');
const fixture = (name: string) => path.join('test/fixtures', name);

function lint(args: string[], nodeOptions: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeOptions, cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command-line linter', () => {
  it('prints compiler-style lines and exits 1 when there are errors', () => {
    const { code, stdout } = lint(['lint', fixture('broken.jsonl')]);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.equal(
      lines[0],
      `${fixture('broken.jsonl')}:2:14  error  custom_id "r1" is already used on line 1. Each request needs its own custom_id, or its result cannot be matched to it.  duplicate_custom_id`,
    );
    assert.match(
      stdout,
      /broken\.jsonl:5:\d+ {2}warning {2}Unknown parameter "temprature" in body\. Did you mean "temperature"\? {2}unknown_parameter/,
    );
    assert.equal(lines[lines.length - 1], '3 errors, 1 warning in 1 file');
  });

  it('exits 0 for valid files and for files with warnings only', () => {
    const valid = lint(['lint', fixture('valid-chat.jsonl'), fixture('crlf.jsonl')]);
    assert.equal(valid.code, 0);
    assert.equal(valid.stdout.trim(), '0 errors, 0 warnings in 2 files');
    const warnings = lint(['lint', fixture('warnings-only.jsonl')]);
    assert.equal(warnings.code, 0);
    assert.match(warnings.stdout, /2 warnings/);
  });

  it('prints JSON with 1-based positions', () => {
    const { code, stdout } = lint(['lint', '--format', 'json', fixture('broken.jsonl'), fixture('valid-chat.jsonl')]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { file: string; diagnostics: Record<string, unknown>[] }[];
    assert.deepEqual(
      report.map((r) => [r.file, r.diagnostics.length]),
      [
        [fixture('broken.jsonl'), 4],
        [fixture('valid-chat.jsonl'), 0],
      ],
    );
    const line2 = fs.readFileSync(path.join(root, fixture('broken.jsonl')), 'utf8').split('\n')[1];
    const duplicate = report[0].diagnostics[0];
    assert.deepEqual(
      { ...duplicate, message: undefined },
      {
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 18,
        severity: 'error',
        code: 'duplicate_custom_id',
        param: 'custom_id',
        message: undefined,
      },
    );
    assert.equal(line2.slice(13, 17), '"r1"');
  });

  it('checks every file as a batch file unless told to detect', () => {
    assert.equal(lint(['lint', fixture('fine-tuning.jsonl')]).code, 1);
    const auto = lint(['lint', '--detection=auto', fixture('fine-tuning.jsonl')]);
    assert.equal(auto.code, 0);
    assert.equal(auto.stdout.trim(), '0 errors, 0 warnings in 1 file');
    assert.match(lint(['lint', fixture('empty-batch.jsonl')]).stdout, /empty_file/);
  });

  it('changes or drops codes with --severity, as the severity setting does', () => {
    // broken.jsonl: duplicate_custom_id, mismatched_model, invalid_json_line (errors), unknown_parameter (a warning).
    const { code, stdout } = lint([
      'lint',
      '--format',
      'json',
      '--severity',
      'duplicate_custom_id=warning,mismatched_model=off',
      '--severity=invalid_json_line=info',
      '--severity',
      'unknown_parameter=error',
      fixture('broken.jsonl'),
    ]);
    assert.equal(code, 1, 'unknown_parameter is an error now');
    const [report] = JSON.parse(stdout) as { diagnostics: { line: number; code: string; severity: string }[] }[];
    assert.deepEqual(
      report.diagnostics.map((d) => [d.line, d.code, d.severity]),
      [
        [2, 'duplicate_custom_id', 'warning'],
        [4, 'invalid_json_line', 'info'],
        [5, 'unknown_parameter', 'error'],
      ],
    );
    const relaxed = lint([
      'lint',
      '--severity',
      'duplicate_custom_id=warning',
      '--severity',
      'mismatched_model=warning',
      '--severity',
      'invalid_json_line=off',
      fixture('broken.jsonl'),
    ]);
    assert.equal(relaxed.code, 0, 'warnings only');
    assert.equal(relaxed.stdout.trim().split('\n').pop(), '0 errors, 3 warnings in 1 file');
    const later = lint(['lint', '--severity', 'blank_line=error', '--severity', 'blank_line=off', fixture('warnings-only.jsonl')]);
    assert.doesNotMatch(later.stdout, /blank_line/, 'the last value for a code wins');
    assert.equal(later.stdout.trim().split('\n').pop(), '0 errors, 1 warning in 1 file');
  });

  it('reports at most --max-problems per file, and still counts them all', () => {
    const { code, stdout } = lint(['lint', '--max-problems', '2', fixture('broken.jsonl'), fixture('warnings-only.jsonl')]);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.split('  ').pop()),
      ['duplicate_custom_id', 'mismatched_model', 'unknown_parameter', 'blank_line'],
    );
    assert.equal(lines[lines.length - 1], '3 errors, 3 warnings in 2 files (2 problems not shown: --max-problems)');
    const json = JSON.parse(lint(['lint', '--format', 'json', '--max-problems=1', fixture('broken.jsonl')]).stdout) as {
      diagnostics: { code: string }[];
    }[];
    assert.deepEqual(
      json[0].diagnostics.map((d) => d.code),
      ['duplicate_custom_id'],
    );
    const hiddenErrors = lint(['lint', '--max-problems', '1', '--severity', 'duplicate_custom_id=warning', fixture('broken.jsonl')]);
    assert.equal(hiddenErrors.code, 1, 'errors past the cap still fail the run');
  });

  it('exits 2 with a clear message for usage and I/O problems', () => {
    const missing = lint(['lint', fixture('nope.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read test\/fixtures\/nope\.jsonl: no such file/);
    const usage: [string[], RegExp][] = [
      [[], /missing command/],
      [['lint'], /no files given/],
      [['check', 'x'], /unknown command "check"/],
      [['lint', '--format', 'xml', 'x'], /--format must be pretty or json, not "xml"/],
      [['lint', 'x', '--format'], /--format needs a value/],
      [['lint', '--detection', 'sometimes', 'x'], /--detection must be always, auto or never/],
      [['lint', '--bogus', 'x'], /unknown option "--bogus"/],
      [['lint', '-x', 'x'], /unknown option "-x"/],
      [['lint', '--severity', 'blank_line', 'x'], /--severity takes CODE=LEVEL/],
      [['lint', '--severity', 'blank_lines=off', 'x'], /unknown diagnostic code "blank_lines"/],
      [['lint', '--severity', 'blank_line=quiet', 'x'], /the level of blank_line must be error, warning, info or off, not "quiet"/],
      [['lint', '--max-problems', '0', 'x'], /--max-problems must be a whole number of at least 1, not "0"/],
      [['lint', '--max-problems', 'many', 'x'], /--max-problems must be a whole number/],
    ];
    for (const [args, message] of usage) {
      const result = lint(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /usage: batch-studio lint/);
      if (message) assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
    }
  });

  it('prints the usage asked for with --help on stdout and exits 0', () => {
    const asked: [string[], RegExp][] = [
      [['--help'], /^usage: batch-studio lint/],
      [['lint', '-h', 'x'], /^usage: batch-studio lint/],
      [['stats', '--help'], /^usage: batch-studio stats/],
      [['split', '--help'], /^usage: batch-studio split/],
    ];
    for (const [args, usage] of asked) {
      const result = lint(args);
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.stdout, usage, args.join(' '));
      assert.equal(result.stderr, '', `${args.join(' ')}: no complaint`);
    }
  });

  it('reports bytes that are not UTF-8, and a byte order mark', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-cli-'));
    try {
      const latin1 = path.join(dir, 'latin1.jsonl');
      fs.writeFileSync(
        latin1,
        Buffer.concat([
          Buffer.from('{"custom_id": "caf'),
          Buffer.from([0xe9]),
          Buffer.from('", "method": "POST", "url": "/v1/moderations", "body": {"input": "x"}}\n'),
        ]),
      );
      const bom = path.join(dir, 'bom.jsonl');
      fs.writeFileSync(
        bom,
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from('{"custom_id": "a", "method": "POST", "url": "/v1/moderations", "body": {"input": "x"}}\n'),
        ]),
      );
      const { code, stdout } = lint(['lint', '--format', 'json', latin1, bom]);
      assert.equal(code, 1);
      const [encoding, mark] = JSON.parse(stdout) as { diagnostics: { column: number; code: string; message: string }[] }[];
      assert.deepEqual(
        encoding.diagnostics.map((d) => [d.column, d.code]),
        [[19, 'invalid_json_line']],
      );
      assert.match(encoding.diagnostics[0].message, /not valid UTF-8/);
      assert.match(mark.diagnostics[0].message, /byte order mark/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams a file larger than its heap allows', function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-cli-'));
    const file = path.join(dir, 'big.jsonl');
    try {
      const random = seededRandom(3);
      const out = fs.openSync(file, 'w');
      const lines: string[] = [];
      for (let i = 0; i < 40_000; i++) {
        lines.push(chatLineOfSize(`r${i}`, 3_000, random));
        if (lines.length === 1000) fs.writeSync(out, lines.splice(0).join('\n') + '\n');
      }
      fs.writeSync(out, `${chatLineOfSize('r7', 500, random)}\n`);
      fs.closeSync(out);
      assert.ok(fs.statSync(file).size > 110 * 1024 * 1024);
      // 64 MB of heap cannot hold the 110+ MB text (over 220 MB as a JS string).
      const { code, stdout, stderr } = lint(['lint', '--format', 'json', file], ['--max-old-space-size=64']);
      assert.equal(code, 1, stderr);
      const [report] = JSON.parse(stdout) as { diagnostics: { line: number; code: string }[] }[];
      assert.deepEqual(
        report.diagnostics.map((d) => [d.line, d.code]),
        [[40_001, 'duplicate_custom_id']],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
