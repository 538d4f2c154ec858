#!/usr/bin/env node
// Keeps examples/ truthful: lints every example with the built CLI (server/out/cli.js, so run
// `npm run build` first) and checks that each file reports exactly the problems examples/README.md
// says it shows, line by line. Exit status 1 when any file differs.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const examples = path.join(root, 'examples');
const cli = path.join(root, 'server', 'out', 'cli.js');

/** `line:code` per diagnostic (1-based lines), as expected from each example. */
const EXPECTED = {
  'chat-completions.jsonl': [],
  'completions.jsonl': [],
  'embeddings.jsonl': [],
  'moderations.jsonl': [],
  'responses.jsonl': [],
  'finetune-dataset.jsonl': [], // not a batch file: Batch Studio leaves it alone
  'empty-batch.jsonl': ['1:empty_file'],
  'broken-json.jsonl': ['2:invalid_json_line', '3:invalid_json_line', '4:blank_line', '5:invalid_json_line', '6:invalid_json_line'],
  'broken-schema.jsonl': [
    '2:missing_required_parameter',
    '3:missing_required_parameter',
    '4:invalid_type',
    '5:invalid_type',
    '6:invalid_value',
    '7:invalid_value',
    '8:invalid_value',
    '9:unknown_parameter',
    '10:unknown_parameter',
  ],
  'broken-duplicates.jsonl': ['4:duplicate_custom_id', '5:duplicate_custom_id'],
  'broken-mixed-models.jsonl': ['3:mismatched_model'],
  'broken-streaming.jsonl': ['1:streaming_unsupported', '3:streaming_unsupported'],
  'broken-urls.jsonl': ['3:unsupported_url', '4:unsupported_url', '5:invalid_url'],
  'broken-embedding-inputs.jsonl': ['2:too_many_embedding_inputs'],
};

if (!fs.existsSync(cli)) {
  console.error(`${path.relative(root, cli)} is missing: run npm run build first`);
  process.exit(2);
}

// Downloads and retry files the explorer writes during the npm start demo are not examples.
const written = /\.(output|errors|retry)\.jsonl$/;
const files = fs
  .readdirSync(examples)
  .filter((name) => name.endsWith('.jsonl') && !written.test(name))
  .sort();
const unlisted = files.filter((name) => !(name in EXPECTED));
const missing = Object.keys(EXPECTED).filter((name) => !files.includes(name));

// `auto` detection, as in the editor: files that are not batch files are skipped.
const result = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', '--detection', 'auto', ...files], {
  cwd: examples,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (result.status === 2 || !result.stdout) {
  console.error(result.stderr || `the CLI exited with ${result.status}`);
  process.exit(2);
}

let failures = 0;
for (const { file, diagnostics } of JSON.parse(result.stdout)) {
  const name = path.basename(file);
  if (!(name in EXPECTED)) continue;
  const actual = diagnostics.map((d) => `${d.line}:${d.code}`).sort(compareLineCode);
  const expected = [...EXPECTED[name]].sort(compareLineCode);
  if (JSON.stringify(actual) === JSON.stringify(expected)) {
    console.log(`ok    ${name}${expected.length ? `  (${[...new Set(expected.map((e) => e.split(':')[1]))].join(', ')})` : ''}`);
  } else {
    failures++;
    console.log(`FAIL  ${name}\n      expected ${JSON.stringify(expected)}\n      actual   ${JSON.stringify(actual)}`);
  }
}
for (const name of unlisted) {
  failures++;
  console.log(`FAIL  ${name}: not listed in scripts/check-examples.js`);
}
for (const name of missing) {
  failures++;
  console.log(`FAIL  ${name}: listed but missing from examples/`);
}
console.log(failures ? `${failures} example file(s) differ` : `all ${files.length} example files report what they should`);
process.exit(failures ? 1 : 0);

function compareLineCode(a, b) {
  const [lineA, codeA] = a.split(':');
  const [lineB, codeB] = b.split(':');
  return Number(lineA) - Number(lineB) || codeA.localeCompare(codeB);
}
