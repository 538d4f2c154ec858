// Which way imports go: the client (and the end-to-end suite, which runs inside the editor) never
// import the server's sources, so the validation core, ajv and the schemas are bundled once, in
// the server. What the client needs to know about a file it asks the server
// (batchStudio/validateFile in common/src/protocol.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map((file) => path.join(dir, String(file)))
    .filter((file) => file.endsWith('.ts'));
}

/** Every module a file names: static imports and re-exports, side-effect imports, require() and import(). */
function specifiers(text: string): string[] {
  return [
    ...[...text.matchAll(/^\s*(?:import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"`]([^'"`]+)/gm)].map((m) => m[1] ?? m[2]),
  ];
}

describe('layering', () => {
  for (const dir of ['client/src', 'test/e2e/suite']) {
    it(`${dir} imports nothing from server/`, () => {
      const files = sources(dir);
      assert.ok(files.length > 0, `no sources found in ${dir}`);
      const offending: string[] = [];
      for (const file of files) {
        for (const from of specifiers(fs.readFileSync(path.join(root, file), 'utf8'))) {
          if (!from.startsWith('.')) continue;
          const target = path
            .relative(root, path.resolve(root, path.dirname(file), from))
            .split(path.sep)
            .join('/');
          if (target === 'server' || target.startsWith('server/')) offending.push(`${file} imports ${from}`);
        }
      }
      assert.deepEqual(offending, []);
    });
  }
});
