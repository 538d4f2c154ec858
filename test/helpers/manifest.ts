/** package.json as VS Code reads it in English: every `%key%` replaced by its text in
 *  package.nls.json. Tests that compare the manifest's words (settings, commands, the README) read
 *  it through here; `rawManifest()` is the file as written, placeholders and all. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the helpers are bundled into test/out/<suite>/. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));

/** `%config.title%` → `config.title`; undefined for any other string. */
export function nlsKey(value: string): string | undefined {
  return /^%([^%\s]+)%$/.exec(value)?.[1];
}

export function rawManifest(): Record<string, unknown> {
  return readJson('package.json') as Record<string, unknown>;
}

/** The English texts of the manifest, by key. */
export function manifestTexts(): Record<string, string> {
  return readJson('package.nls.json') as Record<string, string>;
}

/** A copy of `value` with each `%key%` string replaced by its text; a key without one throws. */
export function localize<T>(value: T, texts: Record<string, string> = manifestTexts()): T {
  if (typeof value === 'string') {
    const key = nlsKey(value);
    if (key === undefined) return value;
    if (!Object.hasOwn(texts, key)) throw new Error(`package.json uses %${key}%, which package.nls.json does not define`);
    return texts[key] as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => localize(item, texts)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, texts)])) as T;
  return value;
}

/** package.json with its texts in English, as users of an English VS Code see them. */
export function manifest<T = Record<string, unknown>>(): T {
  return localize(rawManifest()) as T;
}
