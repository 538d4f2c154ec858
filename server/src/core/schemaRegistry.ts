import type { ErrorObject } from 'ajv';
import batchRowSchema from '../../../schemas/batch-row.schema.json';
import schemaIndex from '../../../schemas/index.json';
import { type BatchEndpoint, isBatchEndpoint } from './endpoints';

/** A JSON Schema as the core reads it: only the parts it looks at for messages and suggestions. */
export interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

/** The body schema of each endpoint, as schemas/index.json maps them: that file is the one list
 *  (the schema tests read it too). The bundler (esbuild) includes every schemas/*.schema.json for
 *  the template-literal require below, so a new endpoint needs only its file and its index entry. */
const bodySchemas: Partial<Record<BatchEndpoint, SchemaNode>> = loadBodySchemas(schemaIndex);

function loadBodySchemas(index: Record<string, string>): Partial<Record<BatchEndpoint, SchemaNode>> {
  const schemas: Partial<Record<BatchEndpoint, SchemaNode>> = {};
  for (const [endpoint, file] of Object.entries(index)) {
    const stem = /^([a-z0-9-]+)\.schema\.json$/.exec(file)?.[1];
    if (!isBatchEndpoint(endpoint) || stem === undefined)
      throw new Error(`schemas/index.json: "${endpoint}": "${file}" is not a batch endpoint and a *.schema.json file`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file named at run time, which no static import can express; esbuild bundles it as a glob
    schemas[endpoint] = require(`../../../schemas/${stem}.schema.json`) as SchemaNode;
  }
  return schemas;
}

/** A validator as ajv generates it: true when the value is valid, else false with `errors` set. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The validators of one set (see scripts/generate-validators.js): `row`, and one per endpoint;
 *  and which of them may check a line's Latin-1 view (see analyzeLatin1View). */
type ValidatorSet = Partial<Record<'row' | BatchEndpoint, Validator>> & { latin1Safe?: Partial<Record<'row' | BatchEndpoint, boolean>> };

/** The validators are compiled at build time (scripts/generate-validators.js, run by `npm run
 *  build`), not when a process starts: each set is a generated module of plain functions. A
 *  thorough validator reports every fault of a line; a quick one stops at the first, for lines so
 *  large that listing every fault would cost more than it helps (ajv gathers errors of array items
 *  in quadratic time), and is loaded only when such a line comes. */
let thoroughSet: ValidatorSet | undefined;
let quickSet: ValidatorSet | undefined;

function validators(thorough: boolean): ValidatorSet {
  // Plain requires of the generated CommonJS modules: the bundler includes them, and the type
  // checker does not need them to exist (they are generated, and gitignored).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated at build time, not there to import statically
  if (thorough) return (thoroughSet ??= require('./generated/thorough.js') as ValidatorSet);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated at build time, not there to import statically
  return (quickSet ??= require('./generated/quick.js') as ValidatorSet);
}

export class SchemaRegistry {
  row(thorough = true): Validator {
    const validator = validators(thorough).row;
    if (!validator) throw new Error('the generated validators have no row validator: run npm run build');
    return validator;
  }

  /** The body validator of an endpoint, or undefined for endpoints without a schema (videos). */
  body(endpoint: BatchEndpoint, thorough = true): Validator | undefined {
    return bodySchemas[endpoint] ? validators(thorough)[endpoint] : undefined;
  }

  /** True when a line's Latin-1 view may be checked with the row validator and this endpoint's
   *  body validator: the generator proved that a view that passes means a line that passes. */
  latin1Safe(endpoint: BatchEndpoint): boolean {
    const safe = validators(true).latin1Safe;
    return safe?.row === true && (bodySchemas[endpoint] === undefined || safe[endpoint] === true);
  }

  bodySchema(endpoint: BatchEndpoint): SchemaNode | undefined {
    return bodySchemas[endpoint];
  }

  rowSchema(): SchemaNode {
    return batchRowSchema;
  }
}

let shared: SchemaRegistry | undefined;
export function schemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
