// Writes the tokenizer encodings the language server and the CLI count tokens with beside their
// bundles: gpt-tokenizer's o200k_base and cl100k_base merge ranks as brotli-compressed JSON,
// server/out/encodings/NAME.json.br, which server/src/tokenizer.ts reads when a count first
// needs one. Packed this way the two take about 1.1 MB of the .vsix (as the package's JavaScript
// modules, deflated, about 1.5 MB). Compressing takes a few seconds, so files newer than the
// installed gpt-tokenizer are kept.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const OUT_DIR = path.join(root, 'server/out/encodings');

/** Returns the files written or kept, with their sizes. */
function writeEncodings() {
  const installed = fs.statSync(require.resolve('gpt-tokenizer/package.json', { paths: [root] })).mtimeMs;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  return ENCODINGS.map((name) => {
    const file = path.join(OUT_DIR, `${name}.json.br`);
    if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < installed) {
      const module = require(require.resolve(`gpt-tokenizer/bpeRanks/${name}`, { paths: [root] }));
      const json = Buffer.from(JSON.stringify(module.default ?? module), 'utf8');
      const packed = zlib.brotliCompressSync(json, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length,
        },
      });
      fs.writeFileSync(file, packed);
    }
    return { file: path.relative(root, file), size: fs.statSync(file).size };
  });
}

module.exports = { writeEncodings, ENCODINGS };
