import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
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
    if (!isBatchEndpoint(endpoint) || stem === undefined) throw new Error(`schemas/index.json: "${endpoint}": "${file}" is not a batch endpoint and a *.schema.json file`);
    schemas[endpoint] = require(`../../../schemas/${stem}.schema.json`) as SchemaNode; // bundled: a glob import
  }
  return schemas;
}

export type Validator = ValidateFunction & { errors?: ErrorObject[] | null };

const ajvOptions = { strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true, discriminator: true, verbose: true } as const;

/** Compiles each schema once, on first use, and keeps the validator for the process's life.
 *  A thorough validator reports every fault of a line; a quick one stops at the first, for lines
 *  so large that listing every fault would cost more than it helps (ajv gathers errors of array
 *  items in quadratic time). */
export class SchemaRegistry {
  private readonly thorough = new Ajv({ ...ajvOptions, allErrors: true });
  private readonly quick = new Ajv({ ...ajvOptions, allErrors: false });
  private readonly rowValidators = new Map<Ajv, Validator>();
  private readonly bodyValidators = new Map<Ajv, Map<BatchEndpoint, Validator | null>>();

  row(thorough = true): Validator {
    const ajv = thorough ? this.thorough : this.quick;
    let validator = this.rowValidators.get(ajv);
    if (!validator) this.rowValidators.set(ajv, (validator = ajv.compile(batchRowSchema)));
    return validator;
  }

  /** The body validator of an endpoint, or undefined for endpoints without a schema (videos). */
  body(endpoint: BatchEndpoint, thorough = true): Validator | undefined {
    const ajv = thorough ? this.thorough : this.quick;
    let validators = this.bodyValidators.get(ajv);
    if (!validators) this.bodyValidators.set(ajv, (validators = new Map()));
    let validator = validators.get(endpoint);
    if (validator === undefined) {
      const schema = bodySchemas[endpoint];
      validator = schema ? ajv.compile(schema) : null;
      validators.set(endpoint, validator);
    }
    return validator ?? undefined;
  }

  bodySchema(endpoint: BatchEndpoint): SchemaNode | undefined {
    return bodySchemas[endpoint];
  }

  rowSchema(): SchemaNode {
    return batchRowSchema as SchemaNode;
  }
}

let shared: SchemaRegistry | undefined;
export function schemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
