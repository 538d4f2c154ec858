/** The CLI's `--provider`: an Azure OpenAI file passes under azure and fails under the default,
 *  openai; another provider's batch file gets one problem either way. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');
const fixture = (name: string) => path.join('test/fixtures', name);

function lint(args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
  file: string;
  diagnostics: { line: number; column: number; severity: string; code: string; message: string }[];
}

describe('command-line linter: --provider', () => {
  it('passes an Azure OpenAI file (url /chat/completions, a deployment as model) with --provider azure', () => {
    for (const args of [
      ['--provider', 'azure'],
      ['--provider=azure', '--detection', 'auto'],
    ]) {
      const { code, stdout } = lint([...args, fixture('azure-chat.jsonl')]);
      assert.equal(stdout.trim(), '0 errors, 0 warnings in 1 file');
      assert.equal(code, 0);
    }
  });

  it('reports unsupported_url on each line of that file by default (openai), with the /v1 endpoint to use', () => {
    for (const args of [[], ['--provider', 'openai']]) {
      const { code, stdout } = lint(['--format', 'json', ...args, fixture('azure-chat.jsonl')]);
      assert.equal(code, 1);
      const [report] = JSON.parse(stdout) as Report[];
      assert.deepEqual(
        report.diagnostics.map((d) => `${d.line}:${d.code}`),
        ['1:unsupported_url', '2:unsupported_url', '3:unsupported_url'],
      );
      assert.match(
        report.diagnostics[0].message,
        /"\/chat\/completions" is how Azure OpenAI names this endpoint; the OpenAI Batch API needs "\/v1\/chat\/completions"/,
      );
    }
  });

  it("gives another provider's batch file one error, under either provider", () => {
    for (const provider of ['openai', 'azure']) {
      const { code, stdout } = lint([
        '--format',
        'json',
        '--detection',
        'auto',
        '--provider',
        provider,
        fixture('anthropic-batch.jsonl'),
        fixture('gemini-batch.jsonl'),
      ]);
      assert.equal(code, 1);
      const reports = JSON.parse(stdout) as Report[];
      assert.deepEqual(
        reports.map((r) => r.diagnostics.map((d) => `${d.line}:${d.severity}:${d.code}`)),
        [['1:error:other_provider_format'], ['1:error:other_provider_format']],
      );
      assert.match(reports[0].diagnostics[0].message, /^This looks like an Anthropic Message Batches file/);
      assert.match(reports[1].diagnostics[0].message, /^This looks like a Gemini batch file/);
    }
  });

  it('refuses a provider it does not know, with the usage', () => {
    const { code, stderr } = lint(['--provider', 'bedrock', fixture('azure-chat.jsonl')]);
    assert.equal(code, 2);
    assert.match(stderr, /--provider must be openai or azure, not "bedrock"/);
    assert.match(stderr, /\[--provider openai\|azure\]/);
  });
});
