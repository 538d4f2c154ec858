import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import schemaIndex from '../../schemas/index.json';
import { BATCH_ENDPOINTS } from '../../server/src/core';

/** The official OpenAPI spec, vendored with its licence in test/spec. */
const SPEC = path.resolve(__dirname, '../../../spec/openai-openapi.yaml');
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

describe('body schemas', () => {
  let spec: Record<string, SpecSchema> | undefined;
  before(function () {
    if (!fs.existsSync(SPEC)) this.skip();
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
      const ours = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')) as { properties: Record<string, unknown>; required?: string[] };
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
