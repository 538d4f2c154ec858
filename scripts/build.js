// Bundles the extension client, the language server and the CLI with esbuild (`vscode` stays
// external: the editor provides it). `--watch` rebuilds on change.
//
// `--production` builds what the packaged extension runs, and only that: the client and the
// server, minified, without source maps (stale maps beside them are removed). The CLI is not part
// of the extension and is left as it is. `npm run package` (through `vscode:prepublish`) uses it;
// `npm run build` (the development build the tests use) bundles all three with source maps.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { writeEncodings } = require('./encodings');
const { generate: generateValidators } = require('./generate-validators');

const root = path.resolve(__dirname, '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
};

const extension = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
];
const cli = { entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } };
const builds = production ? extension : [...extension, cli];

async function main() {
  const started = Date.now();
  // The JSON Schemas as ajv validator code, which the server and the CLI bundle (see scripts/generate-validators.js).
  generateValidators();
  // The tokenizer's encodings, beside the server and the CLI (see scripts/encodings.js).
  const encodings = writeEncodings();
  if (watch) {
    for (const build of builds) await (await esbuild.context({ ...common, ...build })).watch();
    console.log('watching for changes...');
    return;
  }
  await Promise.all(builds.map((build) => esbuild.build({ ...common, ...build })));
  if (production) {
    for (const { outfile } of builds) fs.rmSync(path.join(root, `${outfile}.map`), { force: true });
  }
  // Each bundle's size (source maps aside), so a change that pulls the validation core or ajv
  // into the client shows at once.
  const sizes = builds.map(({ outfile }) => `${outfile} (${Math.round(fs.statSync(path.join(root, outfile)).size / 1024)} KB)`);
  sizes.push(...encodings.map(({ file, size }) => `${file} (${Math.round(size / 1024)} KB)`));
  console.log(`built ${production ? 'for production ' : ''}${sizes.join(', ')} in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
