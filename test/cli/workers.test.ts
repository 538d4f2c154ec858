/** The CLI's results do not depend on how many threads read a large file: a broken 9 MB file (past
 *  the size where worker threads start) gives the same report with workers, without, and as every
 *  line decoded and analysed in turn on one thread gives it. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bytesLineSource, validateLines } from '../../server/src/core';
import { mixedBatchFile } from '../helpers/mixedFile';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');
const dir = path.join(root, 'test/out/tmp/cli-workers');

function lint(args: string[], workers?: number) {
  const env = { ...process.env };
  if (workers === undefined) delete env.BATCH_STUDIO_WORKERS;
  else env.BATCH_STUDIO_WORKERS = String(workers);
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command-line linter on worker threads', function () {
  this.timeout(120_000);
  let file: string;
  let bytes: Buffer;
  before(() => {
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'mixed.jsonl');
    bytes = mixedBatchFile(51, 9 << 20);
    fs.writeFileSync(file, bytes);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a large broken file the same with workers, without, and as one thread decoding every line does', async () => {
    const one = lint(['--format', 'json', file], 0);
    assert.equal(one.code, 1, one.stderr);
    for (const workers of [undefined, 1, 2]) {
      const many = lint(['--format', 'json', file], workers);
      assert.equal(many.code, one.code, `${workers ?? 'default'} workers: ${many.stderr}`);
      assert.ok(many.stdout === one.stdout, `${workers ?? 'default'} workers: the same JSON report`);
    }
    const pretty = [lint([file], 0), lint([file], 1)];
    assert.ok(pretty[0].stdout === pretty[1].stdout, 'the same pretty report');

    // The plain way, in this process: each line decoded as UTF-8 and analysed in turn.
    const expected = await validateLines(bytesLineSource(file, bytes), {
      detection: 'always',
      maxProblems: Infinity,
      onLine: () => undefined,
    });
    const [report] = JSON.parse(one.stdout) as {
      diagnostics: { line: number; column: number; endColumn: number; code: string; severity: string; message: string }[];
    }[];
    assert.ok(expected.diagnostics.length > 1000, `${expected.diagnostics.length} problems`);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.line, d.column, d.endColumn, d.code, d.severity, d.message]),
      expected.diagnostics.map((d) => [d.line + 1, d.start + 1, d.end + 1, d.code, d.severity, d.message]),
    );
  });
});
