/** schemas/models.json, the models completion and hover offer, agrees with the vendored spec it
 *  was derived from (scripts/update-models.js writes it). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import modelData from '../../schemas/models.json';
import { BATCH_ENDPOINTS } from '../../server/src/core';

/** This file runs from test/out/unit. */
const SPEC = path.resolve(__dirname, '../../spec/openai-openapi.yaml');

interface SpecNode {
  $ref?: string;
  allOf?: SpecNode[];
  anyOf?: SpecNode[];
  oneOf?: SpecNode[];
  enum?: unknown[];
  properties?: Record<string, SpecNode>;
}

describe('schemas/models.json', () => {
  let spec: { info: { version: string }; components: { schemas: Record<string, SpecNode> } };
  before(() => {
    spec = load(fs.readFileSync(SPEC, 'utf8')) as typeof spec;
  });

  const deref = (node: SpecNode | undefined): SpecNode | undefined =>
    node?.$ref ? spec.components.schemas[node.$ref.split('/').pop()!] : node;

  function modelProperty(node: SpecNode | undefined): SpecNode | undefined {
    const target = deref(node);
    return target?.properties?.model ?? target?.allOf?.map(modelProperty).find((found) => found !== undefined);
  }

  function enumValues(node: SpecNode | undefined, into = new Set<string>()): Set<string> {
    const target = deref(node);
    for (const value of target?.enum ?? []) if (typeof value === 'string') into.add(value);
    for (const branch of [...(target?.anyOf ?? []), ...(target?.oneOf ?? [])]) enumValues(branch, into);
    return into;
  }

  it('says where it comes from and when', () => {
    assert.equal(modelData.specVersion, spec.info.version);
    assert.match(modelData.source, /test\/spec\/openai-openapi\.yaml/);
    assert.match(modelData.updated, /^\d{4}-\d\d-\d\d$/);
  });

  it("lists, per batch endpoint, exactly the model names of its request schema's model enums", () => {
    const endpoints = modelData.endpoints as Record<string, { schema: string; suggested: string; models: string[] }>;
    assert.deepEqual(Object.keys(endpoints).sort(), [...BATCH_ENDPOINTS].sort());
    for (const [endpoint, entry] of Object.entries(endpoints)) {
      const expected = enumValues(modelProperty(spec.components.schemas[entry.schema]));
      assert.ok(expected.size > 0, `${entry.schema} names models`);
      assert.deepEqual(new Set(entry.models), expected, endpoint);
      assert.ok(entry.models.includes(entry.suggested), `${endpoint}: the suggested model ${entry.suggested} is one of them`);
    }
  });
});
