import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import schemaIndex from '../../schemas/index.json';
import { BATCH_ENDPOINTS, isBatchEndpoint } from '../../server/src/core';
import { schemaRegistry } from '../../server/src/core/schemaRegistry';

/** The official OpenAPI spec, vendored with its licence in test/spec (this file runs from test/out/unit). */
const SPEC = path.resolve(__dirname, '../../spec/openai-openapi.yaml');
const SCHEMAS = path.resolve(__dirname, '../../../schemas');

interface SpecSchema {
  $ref?: string;
  allOf?: SpecSchema[];
  properties?: Record<string, unknown>;
  required?: string[];
}

const specRequestSchema: Record<string, string> = {
  '/v1/chat/completions': 'CreateChatCompletionRequest',
  '/v1/embeddings': 'CreateEmbeddingRequest',
  '/v1/responses': 'CreateResponse',
  '/v1/completions': 'CreateCompletionRequest',
  '/v1/moderations': 'CreateModerationRequest',
  '/v1/images/generations': 'CreateImageRequest',
  '/v1/images/edits': 'EditImageBodyJsonParam', // the JSON form, which is what a batch line carries
};

describe('schemas/index.json, the endpoint-to-schema map', () => {
  it('names every body schema in schemas/, and the registry loads exactly those', () => {
    const files = fs.readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json') && name !== 'batch-row.schema.json');
    assert.deepEqual(Object.values(schemaIndex).sort(), files.sort());
    const registry = schemaRegistry();
    for (const endpoint of BATCH_ENDPOINTS) {
      const file = (schemaIndex as Record<string, string>)[endpoint];
      const expected: unknown = file === undefined ? undefined : JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
      assert.deepEqual(registry.bodySchema(endpoint), expected, endpoint);
    }
    assert.ok(Object.keys(schemaIndex).every(isBatchEndpoint));
  });
});

describe('body schemas', () => {
  let spec: Record<string, SpecSchema> | undefined;
  before(() => {
    // The spec is part of the repository: without it these checks must fail, not be skipped.
    spec = (load(fs.readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, SpecSchema> } }).components.schemas;
  });

  /** Every property and required name of a spec schema, following allOf and $ref. */
  function collect(schema: SpecSchema, names = new Set<string>(), required = new Set<string>()) {
    if (schema.$ref) return collect(spec![schema.$ref.split('/').pop()!], names, required);
    for (const part of schema.allOf ?? []) collect(part, names, required);
    for (const name of Object.keys(schema.properties ?? {})) names.add(name);
    for (const name of schema.required ?? []) required.add(name);
    return { names, required };
  }

  for (const [endpoint, specName] of Object.entries(specRequestSchema)) {
    it(`${endpoint} accepts exactly the parameters and requires exactly the fields of ${specName}`, () => {
      const file = (schemaIndex as Record<string, string>)[endpoint];
      const ours = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')) as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      const { names, required } = collect(spec![specName]);
      assert.deepEqual(Object.keys(ours.properties).sort(), [...names].sort());
      assert.deepEqual([...(ours.required ?? [])].sort(), [...required].sort());
    });
  }

  it('covers every batch endpoint the spec lists, except the deprecated videos endpoint', () => {
    const create = spec!.CreateBatchRequest as { properties: { endpoint: { enum: string[] } } };
    assert.deepEqual([...create.properties.endpoint.enum].sort(), [...BATCH_ENDPOINTS].sort());
    assert.deepEqual(Object.keys(schemaIndex).sort(), BATCH_ENDPOINTS.filter((e) => e !== '/v1/videos').sort());
  });
});
