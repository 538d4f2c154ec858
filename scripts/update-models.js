#!/usr/bin/env node
// Writes schemas/models.json, the models completion and hover offer per batch endpoint, from the
// vendored official OpenAPI spec (test/spec/openai-openapi.yaml): the enum values of each
// endpoint's request schema's `model`, and the spec's example (else default) as the model a new
// request starts with. Run it after updating the spec; test/unit/models.test.ts checks that the
// file still agrees with the spec.
'use strict';
const fs = require('fs');
const path = require('path');
const { load } = require('js-yaml');

const root = path.resolve(__dirname, '..');
const specFile = path.join(root, 'test/spec/openai-openapi.yaml');
const outFile = path.join(root, 'schemas/models.json');

/** The spec's request schema of each batch endpoint (as test/unit/schemas.test.ts maps them). */
const REQUEST_SCHEMAS = {
  '/v1/responses': 'CreateResponse',
  '/v1/chat/completions': 'CreateChatCompletionRequest',
  '/v1/embeddings': 'CreateEmbeddingRequest',
  '/v1/completions': 'CreateCompletionRequest',
  '/v1/moderations': 'CreateModerationRequest',
  '/v1/images/generations': 'CreateImageRequest',
  '/v1/images/edits': 'EditImageBodyJsonParam',
  '/v1/videos': 'CreateVideoJsonBody',
};

function main() {
  const text = fs.readFileSync(specFile, 'utf8');
  const spec = load(text);
  const schemas = spec.components.schemas;
  const deref = (node) => (node && node.$ref ? schemas[node.$ref.split('/').pop()] : node);

  /** The `model` property of a request schema, following $ref and allOf. */
  function modelProperty(node) {
    node = deref(node);
    if (!node) return undefined;
    if (node.properties && node.properties.model) return node.properties.model;
    for (const part of node.allOf || []) {
      const found = modelProperty(part);
      if (found) return found;
    }
    return undefined;
  }

  /** Every enum value under a schema, in the spec's order, and its first example or default. */
  function collect(node, found = { models: [], example: undefined, fallback: undefined }) {
    const target = deref(node);
    for (const candidate of [node, target]) {
      if (!candidate) continue;
      if (found.example === undefined && typeof candidate.example === 'string') found.example = candidate.example;
      if (found.fallback === undefined && typeof candidate.default === 'string') found.fallback = candidate.default;
    }
    if (!target) return found;
    for (const value of target.enum || []) if (typeof value === 'string' && !found.models.includes(value)) found.models.push(value);
    for (const branch of [...(target.anyOf || []), ...(target.oneOf || [])]) collect(branch, found);
    return found;
  }

  const endpoints = {};
  for (const [endpoint, schemaName] of Object.entries(REQUEST_SCHEMAS)) {
    const property = modelProperty(schemas[schemaName]);
    if (!property) throw new Error(`${schemaName} has no model property`);
    const { models, example, fallback } = collect(property);
    const suggested = [example, fallback, models[0]].find((name) => name !== undefined && models.includes(name));
    endpoints[endpoint] = { schema: schemaName, suggested, models };
  }

  const data = {
    description:
      "The models each Batch API endpoint names in OpenAI's API description, for Batch Studio's completion and hover. A hint, not a check: other models (fine-tunes, deployments, newer models) are never reported. The batchStudio.models setting adds names.",
    source: `test/spec/openai-openapi.yaml (openai/openai-openapi, info.version ${spec.info.version}): the enum values of each endpoint's request schema's model property; "suggested" is the spec's example (else default). Written by scripts/update-models.js.`,
    specVersion: spec.info.version,
    updated: new Date().toISOString().slice(0, 10),
    endpoints,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(data, null, 2)}\n`);
  console.log(
    `wrote ${path.relative(root, outFile)}: ${Object.values(endpoints).reduce((n, e) => n + e.models.length, 0)} model names for ${Object.keys(endpoints).length} endpoints`,
  );
}

main();
