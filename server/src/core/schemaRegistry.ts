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

/** Compiles each schema once, on first use, and keeps the validator for the process's life. */
export class SchemaRegistry {
  private readonly ajv = new Ajv({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    allowUnionTypes: true,
    discriminator: true,
    allErrors: true,
    verbose: true,
  });
  private rowValidator: Validator | undefined;
  private readonly bodyValidators = new Map<BatchEndpoint, Validator | null>();

  row(): Validator {
    this.rowValidator ??= this.ajv.compile(batchRowSchema);
    return this.rowValidator;
  }

  /** The body validator of an endpoint, or undefined for endpoints without a schema (videos). */
  body(endpoint: BatchEndpoint): Validator | undefined {
    let validator = this.bodyValidators.get(endpoint);
    if (validator === undefined) {
      const schema = bodySchemas[endpoint];
      validator = schema ? this.ajv.compile(schema) : null;
      this.bodyValidators.set(endpoint, validator);
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
