import { findNodeAtOffset, parse, parseTree } from 'jsonc-parser';
import type { LineSpan } from './diagnostic';
import type { JsonPath } from './locate';
import { bodyRoot, resolve, schemaAt } from './schemaLookup';
import { schemaRegistry, type SchemaNode } from './schemaRegistry';

export interface HoverInfo extends LineSpan {
  markdown: string;
}

/** What the key or value under the cursor means, from the schema's own descriptions. */
export function hoverAt(text: string, offset: number): HoverInfo | undefined {
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
  return {
    start: node.offset,
    end: node.offset + node.length,
    markdown: `**${name}**${facts ? ` · ${facts}` : ''}\n\n${schema.description}`,
  };
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
function describeSchema(schema: SchemaNode): string {
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(`one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
  else if (schema.const !== undefined) parts.push(`always ${JSON.stringify(schema.const)}`);
  else if (schema.type) parts.push([schema.type].flat().join(' or '));
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') parts.push(`from ${schema.minimum} to ${schema.maximum}`);
  else if (typeof schema.minimum === 'number') parts.push(`at least ${schema.minimum}`);
  else if (typeof schema.maximum === 'number') parts.push(`at most ${schema.maximum}`);
  return parts.join(', ');
}
