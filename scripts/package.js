// `npm run package`: builds the production bundles (vsce runs `vscode:prepublish`) and writes
// batch-studio-<version>.vsix in the repository root with @vscode/vsce, then lists what is inside
// and its size. Fails when vsce warns, when a file the extension needs is missing, when something
// that must stay out got in (source maps, the CLI, schemas/, node_modules/, sources), when the
// packaged README still has a relative image, or when the package is over its budget: 512 KB for
// the extension itself, 1.5 MB for the tokenizer's encodings.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
// Two budgets, so that the large, fixed part cannot hide growth of the rest: the extension itself
// (bundles, manifest, translations, README; about 400 KB packed) and the tokenizer's two encodings
// (o200k_base and cl100k_base, brotli-compressed by scripts/encodings.js, about 1.1 MB that cannot
// be packed further).
const EXTENSION_BUDGET = 512 * 1024;
const ENCODINGS_BUDGET = 1.5 * 1024 * 1024;
const isEncoding = (name) => /\/encodings\/[^/]+\.br$/.test(name);
const REQUIRED = [
  'package.json',
  'package.nls.json',
  'l10n/bundle.l10n.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'client/out/extension.js',
  'server/out/server.js',
  'server/out/encodings/o200k_base.json.br',
  'server/out/encodings/cl100k_base.json.br',
  'syntaxes/batch-keys.injection.tmLanguage.json',
  'syntaxes/batch-results.tmLanguage.json',
  'media/icon.png',
  'media/batch-studio.svg',
];
const FORBIDDEN = [/\.map$/, /(^|\/)cli\.js$/, /^schemas\//, /(^|\/)node_modules\//, /\.ts$/, /^(test|examples|docs|scripts)\//];

/** The entries of a zip file, from its central directory: name, compressed and full size. */
function zipEntries(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, method, compressed, size, local });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The contents of one entry (stored or deflated). */
function readEntry(buffer, entry) {
  const start = entry.local + 30 + buffer.readUInt16LE(entry.local + 26) + buffer.readUInt16LE(entry.local + 28);
  const data = buffer.subarray(start, start + entry.compressed);
  return entry.method === 8 ? zlib.inflateRawSync(data) : data;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  fs.rmSync(vsix, { force: true });

  // Any warning from vsce fails the run (after packaging, so all of them are seen at once).
  const warnings = [];
  const vsceLog = require('@vscode/vsce/out/util').log;
  const warn = vsceLog.warn;
  vsceLog.warn = (message, ...rest) => {
    warnings.push(String(message));
    return warn(message, ...rest);
  };
  const { createVSIX } = require('@vscode/vsce');
  await createVSIX({ cwd: root, packagePath: vsix });

  const buffer = fs.readFileSync(vsix);
  const entries = zipEntries(buffer);
  const files = entries.filter((e) => e.name.startsWith('extension/')).map((e) => ({ ...e, path: e.name.slice('extension/'.length) }));
  const problems = warnings.map((w) => `vsce warned: ${w}`);
  for (const file of REQUIRED) if (!files.some((f) => f.path === file)) problems.push(`missing from the package: ${file}`);
  for (const file of files)
    if (FORBIDDEN.some((pattern) => pattern.test(file.path))) problems.push(`must not be in the package: ${file.path}`);
  const readme = files.find((f) => f.path === 'readme.md');
  if (readme) {
    const text = readEntry(buffer, readme).toString('utf8');
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    for (const image of images)
      if (!/^https:\/\//.test(image)) problems.push(`the packaged README has an image the Marketplace cannot load: ${image}`);
  }
  // Each entry's packed size plus its share of the zip's own headers, counted with the extension.
  const encodingsBytes = entries.filter((e) => isEncoding(e.name)).reduce((sum, e) => sum + e.compressed, 0);
  const extensionBytes = buffer.length - encodingsBytes;
  if (extensionBytes >= EXTENSION_BUDGET)
    problems.push(`the extension is ${kb(extensionBytes)} packed (without the encodings), over its ${kb(EXTENSION_BUDGET)} budget`);
  if (encodingsBytes >= ENCODINGS_BUDGET)
    problems.push(`the tokenizer's encodings are ${kb(encodingsBytes)}, over their ${kb(ENCODINGS_BUDGET)} budget`);

  console.log(`\n${path.basename(vsix)}:`);
  const width = Math.max(...entries.map((e) => e.name.length));
  for (const entry of entries)
    console.log(`  ${entry.name.padEnd(width)}  ${kb(entry.size).padStart(9)}  (${kb(entry.compressed)} packed)`);
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  console.log(
    `\n${path.relative(root, vsix)}: ${kb(buffer.length)} (${buffer.length} bytes; the extension ${kb(extensionBytes)} of ${kb(EXTENSION_BUDGET)}, the encodings ${kb(encodingsBytes)}); ${entries.length} files (${files.length} of them the extension's), ${kb(unpacked)} unpacked.`,
  );
  console.log(`Install it with: code --install-extension ${path.basename(vsix)}`);
  if (problems.length > 0) {
    console.error(`\nThe package is not right:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
