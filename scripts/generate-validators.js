// Compiles the JSON Schemas in schemas/ to validation code once, at build time, with ajv's
// standalone code generation, so no process compiles a schema when it starts (the CLI on a small
// file then costs about Node's own start-up). Writes, into the gitignored
// server/src/core/generated/:
//   thorough.js  every fault of a value (allErrors), the validators the core uses for most lines
//   quick.js     the first fault only, for lines too large to list every fault (loaded on demand)
// each exporting `row` (schemas/batch-row.schema.json) and one validator per endpoint of
// schemas/index.json, keyed by the endpoint. The options are the ones the core always compiled
// with; server/src/core/schemaRegistry.ts loads the result. `npm run build` runs this first (as do
// the test and emulator builds, which bundle the core too); it rewrites nothing that is up to date.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const schemasDir = path.join(root, 'schemas');
const outDir = path.join(root, 'server/src/core/generated');

/** The options every validator is compiled with; only allErrors differs between the two sets. */
const AJV_OPTIONS = { strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true, discriminator: true, verbose: true };
const SETS = { thorough: { allErrors: true }, quick: { allErrors: false } };

function inputs() {
  const ajvPackage = require.resolve('ajv/package.json', { paths: [root] });
  const schemaFiles = fs
    .readdirSync(schemasDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(schemasDir, f));
  return [__filename, ajvPackage, ...schemaFiles];
}

function upToDate() {
  const outputs = Object.keys(SETS).map((name) => path.join(outDir, `${name}.js`));
  if (!outputs.every((file) => fs.existsSync(file))) return false;
  const oldestOutput = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  return inputs().every((file) => fs.statSync(file).mtimeMs <= oldestOutput);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'));
}

// --- Which validators may check a line's Latin-1 view -------------------------------------
//
// The core decodes a line that is not ASCII as Latin-1 (one character per byte, many times faster
// than UTF-8) and checks that view first, when the line's bytes are valid UTF-8: JSON.parse of the
// view gives the line's value with each string s replaced by M(s), where the characters s has as
// raw UTF-8 bytes become those bytes as Latin-1 characters, and ASCII and \u escapes stay as they
// are. So M(s) is never shorter than s (in code points), is ASCII exactly when s is, and equals an
// ASCII string exactly when s does. When the view has no problem at all, the core takes it (unless
// a key, the custom_id or the model is not ASCII); otherwise it decodes the line as UTF-8 and checks
// it again. That is only right if "M(value) passes ⇒ value passes" for each schema, which holds
// when every keyword that looks at a string's content is
//   exact  (the same answer for s and M(s)): enum/const/property names that are ASCII, minLength
//          of at most 1, a pattern whose every atom matches ASCII only (no . \ [^ or non-ASCII), or
//   monotone (maxLength), and then only where passing more cannot fail the whole: not under
//          `not`, an `if` condition, or a oneOf without a discriminator.
// (Keys are left to the core: two keys of an object may read alike in the view, so a view with a
// key that is not ASCII is never taken.) Anything else, an unknown keyword included, marks the
// schema unsafe, and its lines always take the UTF-8 route. Tests compare the two routes.
const ANNOTATIONS = new Set([
  '$id',
  '$schema',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'definitions',
  '$defs',
]);
const CONTENT_FREE = new Set([
  'type',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'nullable',
]);

const isAscii = (value) => !/[\u0080-\uffff]|\\u/.test(JSON.stringify(value));
const asciiOnlyPattern = (pattern) => /^[\x20-\x7e]*$/.test(pattern) && !/[\\.]|\[\^/.test(pattern);

function latin1Problems(root) {
  const problems = [];
  const seen = new Map(); // schema -> the contexts it was walked in
  const resolve = (ref) => {
    if (!ref.startsWith('#/')) return undefined;
    return ref
      .slice(2)
      .split('/')
      .reduce((node, part) => (node === undefined ? undefined : node[part.replace(/~1/g, '/').replace(/~0/g, '~')]), root);
  };
  const walk = (schema, at, strict) => {
    if (typeof schema === 'boolean') return;
    if (!schema || typeof schema !== 'object') return void problems.push(`${at}: not a schema`);
    const key = `${strict}`;
    const marks = seen.has(schema) ? seen.get(schema) : new Set();
    if (marks.has(key)) return;
    marks.add(key);
    seen.set(schema, marks);
    for (const [keyword, value] of Object.entries(schema)) {
      const here = `${at}/${keyword}`;
      if (ANNOTATIONS.has(keyword) || CONTENT_FREE.has(keyword) || keyword === 'propertyName') continue;
      switch (keyword) {
        case '$ref': {
          const target = resolve(value);
          if (target === undefined) problems.push(`${here}: ${value} is not a local reference`);
          else walk(target, value, strict);
          break;
        }
        case 'enum':
        case 'const':
          if (!isAscii(value)) problems.push(`${here}: not ASCII`);
          break;
        case 'required':
          if (!isAscii(value)) problems.push(`${here}: not ASCII`);
          break;
        case 'minLength':
          if (value > 1) problems.push(`${here}: ${value} > 1`);
          break;
        case 'maxLength':
          if (strict) problems.push(`${here}: under not, if or oneOf`);
          break;
        case 'pattern':
          if (!asciiOnlyPattern(value)) problems.push(`${here}: may match non-ASCII`);
          break;
        case 'properties':
          for (const [name, sub] of Object.entries(value)) {
            if (!isAscii(name)) problems.push(`${here}: "${name}" is not ASCII`);
            walk(sub, `${here}/${name}`, strict);
          }
          break;
        case 'additionalProperties':
        case 'propertyNames':
        case 'items':
        case 'additionalItems':
        case 'then':
        case 'else':
          for (const [i, sub] of (Array.isArray(value) ? value : [value]).entries())
            walk(sub, Array.isArray(value) ? `${here}/${i}` : here, strict);
          break;
        case 'allOf':
        case 'anyOf':
          value.forEach((sub, i) => walk(sub, `${here}/${i}`, strict));
          break;
        case 'oneOf':
          // With a discriminator, ajv checks only the branch the (ASCII) tag selects.
          value.forEach((sub, i) => walk(sub, `${here}/${i}`, strict || !schema.discriminator));
          break;
        case 'discriminator':
          if (!isAscii(value)) problems.push(`${here}: not ASCII`);
          break;
        case 'if':
        case 'not':
          walk(value, here, true);
          break;
        default:
          problems.push(`${here}: keyword not known to be safe`);
      }
    }
  };
  walk(root, '#', false);
  return problems;
}

function generateSet(allErrors) {
  const Ajv = require(require.resolve('ajv', { paths: [root] })).default;
  const standaloneCode = require(require.resolve('ajv/dist/standalone', { paths: [root] })).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, allErrors, code: { source: true } });
  const exports = {};
  const row = readJson('batch-row.schema.json');
  ajv.addSchema(row, 'row');
  exports.row = 'row';
  const safety = { row: latin1Problems(row) };
  const index = readJson('index.json');
  for (const [endpoint, file] of Object.entries(index)) {
    if (!/^[a-z0-9-]+\.schema\.json$/.test(file))
      throw new Error(`schemas/index.json: "${endpoint}": "${file}" is not a *.schema.json file`);
    const schema = readJson(file);
    ajv.addSchema(schema, endpoint);
    exports[endpoint] = endpoint;
    safety[endpoint] = latin1Problems(schema);
  }
  const latin1Safe = Object.fromEntries(Object.entries(safety).map(([name, problems]) => [name, problems.length === 0]));
  const reasons = Object.entries(safety).flatMap(([name, problems]) => problems.map((p) => `//   ${name} ${p}`));
  const note = reasons.length > 0 ? `\n// Not safe to check through a line's Latin-1 view:\n${reasons.join('\n')}` : '';
  // Which validators may check a line's Latin-1 view (see latin1Problems in the generator).
  return `${standaloneCode(ajv, exports)}\nexports.latin1Safe = ${JSON.stringify(latin1Safe)};${note}`;
}

/** Writes the validators unless they are newer than the schemas, ajv and this script. */
function generate({ force = false } = {}) {
  if (!force && upToDate()) return false;
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, { allErrors }] of Object.entries(SETS)) {
    const header = `// Generated by scripts/generate-validators.js from schemas/ (ajv ${require(require.resolve('ajv/package.json', { paths: [root] })).version}, allErrors: ${allErrors}). Do not edit.\n`;
    const code = header + generateSet(allErrors) + '\n';
    const file = path.join(outDir, `${name}.js`);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== code) fs.writeFileSync(file, code);
    else fs.utimesSync(file, new Date(), new Date());
  }
  return true;
}

module.exports = { generate, latin1Problems, AJV_OPTIONS };

if (require.main === module) {
  const started = Date.now();
  const wrote = generate({ force: process.argv.includes('--force') });
  console.log(wrote ? `generated server/src/core/generated/ in ${Date.now() - started} ms` : 'server/src/core/generated/ is up to date');
}
