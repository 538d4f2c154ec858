// Bundles the batch emulator (test/emulator/src/main.ts → test/out/emulator/main.js, the
// validation core and packages included) and, unless called with --main-only, its tests
// (test/emulator/test/*.test.ts → test/out/emulator/*.test.js, packages left to Node).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const outdir = path.join(root, 'test/out/emulator');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
};

async function build({ mainOnly = false } = {}) {
  // The emulator bundles the validation core, which loads the generated validators.
  require('../../scripts/generate-validators').generate();
  const builds = [
    esbuild.build({ ...common, entryPoints: ['test/emulator/src/main.ts'], outfile: path.join(outdir, 'main.js'), sourcemap: true }),
  ];
  if (!mainOnly) {
    const tests = fs
      .readdirSync(path.join(root, 'test/emulator/test'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/emulator/test/${f}`);
    // Drop compiled tests whose source is gone, so mocha never runs a stale one.
    for (const old of fs.existsSync(outdir) ? fs.readdirSync(outdir) : []) {
      if (old.endsWith('.test.js') && !tests.includes(`test/emulator/test/${old.replace(/\.js$/, '.ts')}`))
        fs.rmSync(path.join(outdir, old));
    }
    builds.push(esbuild.build({ ...common, entryPoints: tests, outdir, packages: 'external', sourcemap: 'inline' }));
  }
  await Promise.all(builds);
  return path.join(outdir, 'main.js');
}

module.exports = { build };

if (require.main === module) {
  const started = Date.now();
  build({ mainOnly: process.argv.includes('--main-only') })
    .then(() => console.log(`built the emulator and its tests in ${Date.now() - started} ms`))
    .catch(() => process.exit(1));
}
