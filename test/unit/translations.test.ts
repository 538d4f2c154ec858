/** Ready for translation: the manifest's words are in package.nls.json (package.json names them
 *  `%key%`), the client's go through `vscode.l10n.t` (or `@vscode/l10n` in pure modules), and
 *  l10n/bundle.l10n.json, the list translators start from, is what the sources say today. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { manifestTexts, nlsKey, rawManifest, REPO_ROOT } from '../helpers/manifest';

/** Every string of the manifest, with where it is (`contributes.commands[3].title`). */
function strings(value: unknown, at = ''): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => strings(item, at ? `${at}.${key}` : key));
  return [];
}

/** The manifest's fields that people read: the Marketplace, the palette, menus, views, the
 *  walkthrough, the settings editor, the language picker. Each must be a `%key%`. */
const USER_FACING = [
  /^(displayName|description)$/,
  /^capabilities\.\w+\.description$/,
  /^contributes\.configuration\.title$/,
  // A setting's descriptions, also those of its nested values (`batchStudio.prices`' input and output).
  /^contributes\.configuration\.properties\..*\.(description|markdownDescription|deprecationMessage|markdownDeprecationMessage)$/,
  /^contributes\.configuration\.properties\..*\.(enumDescriptions|markdownEnumDescriptions)\[\d+\]$/,
  /^contributes\.languages\[\d+\]\.aliases\[\d+\]$/,
  /^contributes\.commands\[\d+\]\.(title|shortTitle|category)$/,
  /^contributes\.viewsContainers\.\w+\[\d+\]\.title$/,
  /^contributes\.views\.\w+\[\d+\]\.(name|contextualTitle)$/,
  /^contributes\.viewsWelcome\[\d+\]\.contents$/,
  /^contributes\.walkthroughs\[\d+\]\.(title|description)$/,
  /^contributes\.walkthroughs\[\d+\]\.steps\[\d+\]\.(title|description|media\.altText)$/,
];

const CLIENT_SOURCES = path.join(REPO_ROOT, 'client/src');

function clientSources(): string[] {
  return fs
    .readdirSync(CLIENT_SOURCES, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split(path.sep).join('/'));
}

/** Where users read a string: a message, button, dialog title, prompt, tooltip, quick pick item,
 *  progress report, status or tree label. (Log lines stay English, as VS Code's own do; so does
 *  the Show Results view, whose grammar colours its English headings.) */
const SHOWN_AT = [
  /\b(?:notify|modal)\(\s*'(?:info|warning|error)',\s*/g,
  /\bshow(?:Information|Warning|Error)Message\(\s*/g,
  /\b(?:title|prompt|placeHolder|openLabel|tooltip|label|description|detail|message|text)\s*:\s*/g,
  // A batch's metadata is read by the API and other tools, not in the editor: it stays English.
  /(?<!metadata)\.(?:title|tooltip|label|description|detail|message|text)\s*=\s*/g,
  /new vscode\.(?:TreeItem|CodeAction|FileSystemError)\(\s*/g,
  /FileSystemError\.\w+\(\s*/g,
];
/** A string literal, and a template literal's `${…}` (one level of braces inside, as in `{0}`). */
const LITERAL = /^(?:'[^']*'|"[^"]*"|`[^`]*`)/;
const SUBSTITUTION = /\$\{(?:[^{}]|\{[^{}]*\})*\}/g;

/** Words written as a plain string where users read them (two words, so ids, `sk-…` and
 *  `${prefix}: ${message}` pass): they belong in vscode.l10n.t. */
function rawTexts(code: string): string[] {
  return SHOWN_AT.flatMap((at) =>
    [...code.matchAll(at)].flatMap((match) => {
      const literal = LITERAL.exec(code.slice((match.index ?? 0) + match[0].length).replace(SUBSTITUTION, ''))?.[0];
      return literal && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(literal) ? [literal] : [];
    }),
  );
}

describe('translations', () => {
  const manifest = rawManifest();
  const texts = manifestTexts();
  const used = strings(manifest).flatMap(({ at, text }) => {
    const key = nlsKey(text);
    return key === undefined ? [] : [{ at, key }];
  });

  it('package.json names each of its texts by a key that package.nls.json defines', () => {
    assert.ok(used.length > 50, `package.json uses ${used.length} keys`);
    assert.deepEqual(
      used.filter(({ key }) => !Object.hasOwn(texts, key)).map(({ at, key }) => `${at}: %${key}%`),
      [],
      'keys package.nls.json lacks',
    );
  });

  it('package.nls.json holds only texts package.json uses, none empty', () => {
    const keys = new Set(used.map(({ key }) => key));
    assert.deepEqual(
      Object.keys(texts).filter((key) => !keys.has(key)),
      [],
      'unused keys of package.nls.json',
    );
    assert.deepEqual(
      Object.entries(texts)
        .filter(([, text]) => typeof text !== 'string' || !text.trim())
        .map(([key]) => key),
      [],
    );
  });

  it('leaves no user-facing manifest text in package.json itself: each is a %key% of package.nls.json', () => {
    const raw = strings(manifest).filter(({ at, text }) => USER_FACING.some((field) => field.test(at)) && nlsKey(text) === undefined);
    assert.deepEqual(
      raw.map(({ at, text }) => `${at}: ${JSON.stringify(text.slice(0, 60))}`),
      [],
      'move these texts to package.nls.json (e.g. "config.api.organization.description": "…") and write "%key%" in their place',
    );
  });

  it('the settings, commands, views and walkthrough read as before in English', () => {
    assert.equal(texts.displayName, 'Batch Studio');
    assert.equal(texts['command.submitBatch.title'], 'Submit Batch');
    assert.equal(texts['command.category'], 'Batch Studio');
    assert.equal(texts['view.batches.name'], 'Batches');
    assert.match(texts['viewsWelcome.batches.noApiKey'], /\[Set API Key\]\(command:batchStudio\.setApiKey\)/);
  });

  it('translations of the manifest and of the client use only keys the English texts have', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const check = (file: string, english: Record<string, unknown>) => {
      const translated = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(translated).filter((key) => !Object.hasOwn(english, key)),
        [],
        `${file} translates texts that no longer exist`,
      );
    };
    for (const file of fs.readdirSync(REPO_ROOT).filter((name) => /^package\.nls\.[\w-]+\.json$/.test(name))) check(file, texts);
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'l10n')).filter((name) => /^bundle\.l10n\.[\w-]+\.json$/.test(name)))
      check(`l10n/${file}`, bundle);
  });

  it('points VS Code at the client bundles: "l10n": "./l10n"', () => {
    assert.equal(manifest.l10n, './l10n');
  });

  it('l10n/bundle.l10n.json is what the sources say (npm run l10n:export writes it)', async function () {
    this.timeout(60_000);
    const files = clientSources().map((file) => ({
      extension: path.extname(file),
      contents: fs.readFileSync(path.join(CLIENT_SOURCES, file), 'utf8'),
    }));
    const exported = await getL10nJson(files);
    const written = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as unknown;
    assert.ok(Object.keys(exported).length > 200, `${Object.keys(exported).length} strings in the client`);
    assert.deepEqual(written, exported, 'l10n/bundle.l10n.json is out of date: run npm run l10n:export');
    assert.ok(
      Object.hasOwn(exported, 'Submit Anyway') && Object.hasOwn(exported, 'Batch file: {0}'),
      'both vscode.l10n and @vscode/l10n calls',
    );
  });

  it('finds words written as plain strings where users read them', () => {
    assert.deepEqual(rawTexts("ctx.ui.notify('info', `Batch '${label}' has no results yet.`);"), ["`Batch '' has no results yet.`"]);
    assert.deepEqual(rawTexts("item.tooltip = 'x'; const a = { title:\n 'Open Settings', run };"), ["'Open Settings'"]);
    assert.deepEqual(rawTexts("ctx.ui.notify('error', `${prefix}: ${described.message}`);"), []);
    assert.deepEqual(rawTexts("throw new vscode.FileSystemError(`${reason} ${vscode.l10n.t('Not {0} written.', name)}`);"), []);
    assert.deepEqual(rawTexts("ctx.ui.input({ title: vscode.l10n.t('New Batch File'), placeHolder: 'sk-…' });"), []);
    assert.deepEqual(rawTexts("pick([{ label: 'Use Default', detail: 'gpt-4o' }]); status.text = `${n} requests open`;"), [
      "'Use Default'",
      '` requests open`',
    ]);
    assert.deepEqual(rawTexts("item.description = 'not yet'; metadata.description = `${d} (part ${i} of ${n})`;"), ["'not yet'"]);
  });

  it('the client shows no user-facing text outside vscode.l10n.t / l10n.t', () => {
    const offending = clientSources().flatMap((file) =>
      rawTexts(fs.readFileSync(path.join(CLIENT_SOURCES, file), 'utf8')).map((text) => `${file}: ${text}`),
    );
    assert.deepEqual(offending, []);
  });

  it('pure modules translate through @vscode/l10n, never vscode (unit tests run them without an editor)', () => {
    for (const file of clientSources()) {
      const text = fs.readFileSync(path.join(CLIENT_SOURCES, file), 'utf8');
      if (!/^\/\*\*[\s\S]*?\b(Pure|No editor types)\b[\s\S]*?\*\//.test(text.slice(0, 800))) continue;
      assert.doesNotMatch(text, /^import (?!type )[^;]*from 'vscode'/m, `${file} is pure but imports vscode`);
    }
  });
});
