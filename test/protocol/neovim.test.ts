import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER } from '../helpers/lspClient';

const root = path.resolve(__dirname, '../../..');
const hasNeovim = spawnSync('nvim', ['--version']).status === 0;

/** An editor that is not VS Code: Neovim's built-in LSP client, which only takes pushed diagnostics. */
describe('Neovim as the client', () => {
  before(() => {
    // Installed by `npm test`'s set-up (scripts/e2e/setup.sh); a missing client is a failure, not a skip.
    assert.ok(
      hasNeovim,
      "Neovim (nvim) is not installed: run `bash scripts/e2e/setup.sh` (it installs Debian's neovim) or `apt-get install neovim`",
    );
  });

  it('receives the diagnostics of a broken batch file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-nvim-')), 'result.json');
    const result = spawnSync(
      'nvim',
      ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(root, 'test/protocol/neovim-probe.lua')}`],
      {
        env: {
          ...process.env,
          BATCH_STUDIO_SERVER: SERVER,
          BATCH_STUDIO_FILE: path.join(root, 'test/fixtures/broken.jsonl'),
          BATCH_STUDIO_OUT: out,
        },
        timeout: 30_000,
        encoding: 'utf8',
      },
    );
    assert.ok(fs.existsSync(out), `Neovim wrote no result: ${result.stderr}`);
    const { received, diagnostics } = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      received: boolean;
      diagnostics: { line: number; col: number; end_col: number; code: string; severity: number }[];
    };
    assert.equal(received, true);
    const seen = diagnostics.map((d) => [d.line, d.code]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(seen, [
      [1, 'duplicate_custom_id'],
      [2, 'mismatched_model'],
      [3, 'invalid_json_line'],
      [4, 'unknown_parameter'],
    ]);
    const duplicate = diagnostics.find((d) => d.code === 'duplicate_custom_id')!;
    assert.deepEqual([duplicate.col, duplicate.end_col], [13, 17]);
  });
});
