import { findNodeAtOffset, parse, parseTree } from 'jsonc-parser';
import type { LineSpan } from './diagnostic';
import type { JsonPath } from './locate';
import { knownModels, MODEL_LIST_SOURCE, describeModel } from './models';
import { bodyRoot, resolve, schemaAt } from './schemaLookup';
import { schemaRegistry, type SchemaNode } from './schemaRegistry';
import { type Provider, schemaEndpointOf } from './providers';

export interface HoverInfo extends LineSpan {
  markdown: string;
}

export interface HoverContext {
  /** The endpoint most of the file uses, for a line without its own. */
  fileEndpoint?: string | null;
  /** Model names the user added (`batchStudio.models`). */
  userModels?: readonly string[];
  /** The validation provider: on Azure OpenAI, `model` names a deployment. */
  provider?: Provider;
}

/** How many model names a hover on `model` lists before "and N more". */
const MODELS_SHOWN = 8;

/** What the key or value under the cursor means, from the schema's own descriptions; on `model`,
 *  the models the endpoint accepts, or what the one under the cursor is. */
export function hoverAt(text: string, offset: number, context: HoverContext = {}): HoverInfo | undefined {
  const root = parseTree(text, [], { disallowComments: true });
  const node = root && findNodeAtOffset(root, offset, true);
  if (!node) return undefined;
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const isKey = property?.children?.[0] === node;
  if (!property || (!isKey && !['string', 'number', 'boolean', 'null'].includes(node.type))) return undefined;
  const path = pathOf(property);
  const line = parse(text, [], { disallowComments: true }) as unknown;
  const schema = schemaAt(line, path);
  if (!schema?.description) return undefined;
  const name = String(path[path.length - 1]);
  const registry = schemaRegistry();
  const schemaRoot = path[0] === 'body' ? bodyRoot(line, registry) : registry.rowSchema();
  const facts = schemaRoot ? describeSchema(resolve(schema, schemaRoot)) : '';
  const isModel = path.length === 2 && path[0] === 'body' && path[1] === 'model';
  const models = isModel ? modelNotes(line, isKey ? undefined : node.value, context) : '';
  return {
    start: node.offset,
    end: node.offset + node.length,
    markdown: `**${name}**${facts ? ` · ${facts}` : ''}\n\n${schema.description}${models ? `\n\n${models}` : ''}`,
  };
}

/** On the key: the endpoint's models; on a value: whether Batch Studio knows it. */
function modelNotes(line: unknown, value: unknown, context: HoverContext): string {
  const url = line !== null && typeof line === 'object' ? (line as Record<string, unknown>).url : undefined;
  const endpoint = schemaEndpointOf(url) ?? schemaEndpointOf(context.fileEndpoint);
  if (typeof value === 'string') return describeModel(value, endpoint, context.userModels, context.provider);
  if (context.provider === 'azure') {
    const own = context.userModels?.length
      ? ` Yours (\`batchStudio.models\`): ${context.userModels.map((m) => `\`${m}\``).join(', ')}.`
      : '';
    return `On Azure OpenAI, \`model\` is the name of your batch deployment (Global Batch or Data Zone Batch): any name you gave it, the same on every line.${own}`;
  }
  const known = knownModels(endpoint);
  const names = known.slice(0, MODELS_SHOWN).map((m) => `\`${m}\``);
  const shown = names.join(', ');
  const more = known.length > MODELS_SHOWN ? ` and ${known.length - MODELS_SHOWN} more` : '';
  const own = context.userModels?.length ? ` Yours (\`batchStudio.models\`): ${context.userModels.map((m) => `\`${m}\``).join(', ')}.` : '';
  return `Models ${endpoint ?? 'the batch endpoints'} ${endpoint ? 'accepts' : 'accept'}: ${shown}${more} (${MODEL_LIST_SOURCE}).${own} Others (fine-tunes, deployments) are fine too.`;
}

function pathOf(property: NonNullable<ReturnType<typeof findNodeAtOffset>>): JsonPath {
  const path: JsonPath = [];
  let current: typeof property | undefined = property;
  while (current) {
    const parent: typeof property | undefined = current.parent;
    if (current.type === 'property') path.unshift(String(current.children?.[0]?.value));
    else if (parent?.type === 'array') path.unshift(parent.children?.indexOf(current) ?? 0);
    current = parent;
  }
  return path;
}

/** "number, from 0 to 2" or "one of "low", "high"". */
export function describeSchema(schema: SchemaNode): string {
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(`one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
  else if (schema.const !== undefined) parts.push(`always ${JSON.stringify(schema.const)}`);
  else if (schema.type) parts.push(typeNames(schema.type).join(' or '));
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') parts.push(`from ${schema.minimum} to ${schema.maximum}`);
  else if (typeof schema.minimum === 'number') parts.push(`at least ${schema.minimum}`);
  else if (typeof schema.maximum === 'number') parts.push(`at most ${schema.maximum}`);
  return parts.join(', ');
}

function typeNames(type: unknown): string[] {
  return [type].flat().filter((t): t is string => typeof t === 'string');
}
