// Compiles the unit and protocol tests and the benchmark to test/out/ (one file per test, the
// code under test bundled in, packages left to Node) so mocha runs plain JavaScript.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

// The tests bundle the validation core, which loads the generated validators.
require('./generate-validators').generate();

function find(dir, pattern) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true })
    .map((file) => path.join(dir, String(file)))
    .filter((file) => pattern.test(file));
}

// Compiled files of deleted tests would otherwise keep running: start each folder afresh.
for (const dir of ['unit', 'protocol', 'cli', 'bench']) fs.rmSync(path.join(root, 'test/out', dir), { recursive: true, force: true });

const entryPoints = [
  ...find('test/unit', /\.test\.ts$/),
  ...find('test/protocol', /\.test\.ts$/),
  ...find('test/cli', /\.test\.ts$/),
  ...find('test/bench', /bench\.ts$/),
];

esbuild
  .build({
    entryPoints,
    outdir: path.join(root, 'test/out'),
    outbase: path.join(root, 'test'),
    absWorkingDir: root,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  })
  .then(() => console.log(`built ${entryPoints.length} test files`))
  .catch(() => process.exit(1));
