import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import batchRowSchema from '../../../schemas/batch-row.schema.json';
import chatCompletionsSchema from '../../../schemas/chat-completions.schema.json';
import embeddingsSchema from '../../../schemas/embeddings.schema.json';
import responsesSchema from '../../../schemas/responses.schema.json';
import completionsSchema from '../../../schemas/completions.schema.json';
import moderationsSchema from '../../../schemas/moderations.schema.json';
import imagesGenerationsSchema from '../../../schemas/images-generations.schema.json';
import imagesEditsSchema from '../../../schemas/images-edits.schema.json';
import type { BatchEndpoint } from './endpoints';

/** A JSON Schema as the core reads it: only the parts it looks at for messages and suggestions. */
export interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

const bodySchemas: Partial<Record<BatchEndpoint, SchemaNode>> = {
  '/v1/chat/completions': chatCompletionsSchema as SchemaNode,
  '/v1/embeddings': embeddingsSchema as SchemaNode,
  '/v1/responses': responsesSchema as SchemaNode,
  '/v1/completions': completionsSchema as SchemaNode,
  '/v1/moderations': moderationsSchema as SchemaNode,
  '/v1/images/generations': imagesGenerationsSchema as SchemaNode,
  '/v1/images/edits': imagesEditsSchema as SchemaNode,
};

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
