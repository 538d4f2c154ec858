// Bundles the extension client, the language server and the CLI with esbuild (`vscode` stays
// external: the editor provides it). `--watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const path = require('path');

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

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

async function main() {
  const started = Date.now();
  if (watch) {
    for (const build of builds) await (await esbuild.context({ ...common, ...build })).watch();
    console.log('watching for changes...');
    return;
  }
  await Promise.all(builds.map((build) => esbuild.build({ ...common, ...build })));
  console.log(`built ${builds.map((b) => b.outfile).join(', ')} in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
