/** common/src is the one source of the settings, the diagnostic codes and the product version:
 *  the manifest, the README and the shared module's own import rules are checked against it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SEVERITY, DIAGNOSTIC_CODES, SEVERITY_SETTINGS } from '../../common/src/diagnosticCodes';
import {
  DEFAULT_VALIDATION_SETTINGS,
  normalizeValidationSettings,
  SETTINGS,
  type SettingSpec,
  validationProvider,
} from '../../common/src/settings';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../common/src/version';
import { DIAGNOSTIC_CODES as CORE_CODES, DEFAULT_SEVERITY as CORE_SEVERITY } from '../../server/src/core';
import { manifest as readManifest } from '../helpers/manifest';

/** This file runs from test/out/unit. */
const root = path.resolve(__dirname, '../../..');
/** In English: its `%key%` texts read from package.nls.json. */
const manifest = readManifest<{
  version: string;
  displayName: string;
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
}>();
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The rows of the first Markdown table after a `## title` heading, as cells. */
function tableAfter(title: string): string[][] {
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${title}\n`));
  assert.ok(section, `README.md has a "## ${title}" section`);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) =>
    row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

describe('common: one source of truth', () => {
  describe("package.json's contributes.configuration", () => {
    const declared = manifest.contributes.configuration.properties;

    it('declares exactly the settings of common/src/settings.ts', () => {
      assert.deepEqual(Object.keys(declared).sort(), Object.keys(SETTINGS).sort());
    });

    for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
      it(`${key}: type, default, allowed values and scope`, () => {
        const setting = declared[key];
        assert.ok(setting, `${key} is declared`);
        assert.equal(setting.type, spec.type);
        assert.deepEqual(setting.default, spec.default);
        assert.equal(setting.scope, spec.scope);
        if (spec.type === 'number') assert.equal(setting.minimum, spec.minimum);
        if (spec.type === 'string') assert.deepEqual(setting.enum, spec.enum ? [...spec.enum] : undefined);
        if (spec.type === 'array') assert.deepEqual(setting.items, { type: spec.items });
        if (spec.type === 'object' && 'propertyNames' in spec) {
          assert.deepEqual((setting.propertyNames as { enum: string[] }).enum, [...spec.propertyNames]);
          assert.deepEqual((setting.additionalProperties as { enum: string[] }).enum, [...spec.values]);
        }
        if (spec.type === 'object' && 'additionalProperties' in spec)
          assert.deepEqual(setting.additionalProperties, spec.additionalProperties);
      });
    }

    it("lists every diagnostic code as the severity setting's property names, and every level", () => {
      const severity = declared['batchStudio.validation.severity'];
      assert.deepEqual((severity.propertyNames as { enum: string[] }).enum, [...DIAGNOSTIC_CODES]);
      assert.deepEqual((severity.additionalProperties as { enum: string[] }).enum, [...SEVERITY_SETTINGS]);
    });
  });

  it("the README's Diagnostic codes table lists exactly the codes, in order, with their default severities", () => {
    const rows = tableAfter('Diagnostic codes').map(([code, severity]) => [code.replace(/`/g, ''), severity]);
    assert.deepEqual(
      rows,
      DIAGNOSTIC_CODES.map((code) => [code, DEFAULT_SEVERITY[code]]),
    );
  });

  it("the README's Settings table gives each setting's default", () => {
    const rows = new Map(tableAfter('Settings').map(([key, value]) => [key.replace(/`/g, ''), value.replace(/`/g, '')]));
    assert.deepEqual([...rows.keys()].sort(), Object.keys(SETTINGS).sort());
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const expected = typeof spec.default === 'string' ? (spec.default === '' ? '""' : spec.default) : JSON.stringify(spec.default);
      assert.equal(rows.get(key), expected, key);
    }
  });

  it('the core re-exports the codes and severities it uses from common', () => {
    assert.equal(CORE_CODES, DIAGNOSTIC_CODES);
    assert.equal(CORE_SEVERITY, DEFAULT_SEVERITY);
  });

  it("takes the product's name and version from package.json", () => {
    assert.equal(PRODUCT_VERSION, manifest.version);
    assert.equal(PRODUCT_NAME, manifest.displayName);
  });

  it('normalizes what a client sends as validation settings, defaulting each bad value', () => {
    assert.deepEqual(normalizeValidationSettings(undefined), DEFAULT_VALIDATION_SETTINGS);
    assert.deepEqual(
      normalizeValidationSettings({ delayMs: -1, maxProblems: 0.5, detection: 'sometimes', severity: 'loud' }),
      DEFAULT_VALIDATION_SETTINGS,
    );
    assert.deepEqual(
      normalizeValidationSettings({ delayMs: 0, maxProblems: 2.7, detection: 'never', severity: { blank_line: 'off' }, provider: 'azure' }),
      {
        delayMs: 0,
        maxProblems: 2,
        detection: 'never',
        severity: { blank_line: 'off' },
        provider: 'azure',
      },
    );
  });

  it('resolves the validation provider: its own value, else (auto) the connection provider, else openai', () => {
    assert.equal(DEFAULT_VALIDATION_SETTINGS.provider, 'openai');
    assert.equal(validationProvider('auto', 'azure'), 'azure');
    assert.equal(validationProvider('auto', 'openai'), 'openai');
    assert.equal(validationProvider('openai', 'azure'), 'openai');
    assert.equal(validationProvider('azure', 'openai'), 'azure');
    assert.equal(validationProvider('bedrock', undefined), 'openai');
    assert.equal(normalizeValidationSettings({ provider: 'auto' }, 'azure').provider, 'azure');
    assert.equal(normalizeValidationSettings(undefined, 'azure').provider, 'azure');
  });

  it('common/src imports no vscode and no LSP runtime: Node, its own files and message types only', () => {
    const dir = path.join(root, 'common/src');
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const imports = [
        ...[...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm)].map(([, typeOnly, from]) => ({
          typeOnly,
          from,
        })),
        ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"`]([^'"`]+)/gm)].map(([, bare, dynamic]) => ({
          typeOnly: undefined,
          from: bare ?? dynamic,
        })),
      ];
      for (const { typeOnly, from } of imports) {
        const allowed =
          from.startsWith('./') ||
          from.startsWith('node:') ||
          from === 'vscode-languageserver-protocol' ||
          from === '../../package.json' ||
          from === '../../package.nls.json' ||
          (typeOnly && from !== 'vscode');
        assert.ok(allowed, `${file} imports "${from}"`);
      }
    }
  });
});
