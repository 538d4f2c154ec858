import type { JsonPath } from './locate';
import { schemaEndpointOf } from './providers';
import { type SchemaNode, schemaRegistry, type SchemaRegistry } from './schemaRegistry';

/** Finds the schema that describes a place in a request line, for hovers and completions.
 *  `line` is the line's value as far as it parses (it may be half-typed). */
export function schemaAt(line: unknown, path: JsonPath, registry: SchemaRegistry = schemaRegistry()): SchemaNode | undefined {
  const row = registry.rowSchema();
  if (path.length === 0) return row;
  if (path[0] !== 'body') return path.length === 1 ? row.properties?.[String(path[0])] : undefined;
  const endpoint = schemaEndpointOf(isObject(line) ? line.url : undefined);
  const body = endpoint ? registry.bodySchema(endpoint) : undefined;
  if (!body) return path.length === 1 ? row.properties?.body : undefined;
  let node: SchemaNode | undefined = body;
  let data = isObject(line) ? line.body : undefined;
  for (const segment of path.slice(1)) {
    node = node && childSchema(node, segment, data, body);
    data = isObject(data) || Array.isArray(data) ? (data as Record<string | number, unknown>)[segment] : undefined;
  }
  return node && resolve(node, body);
}

/** The alternatives a value may take under `node`, narrowed by a discriminator when the data has one. */
export function alternatives(node: SchemaNode, data: unknown, root: SchemaNode): SchemaNode[] {
  const resolved = resolve(node, root);
  const discriminator = resolved.discriminator as { propertyName?: string } | undefined;
  const branches = ((resolved.oneOf ?? resolved.anyOf ?? resolved.allOf ?? []) as SchemaNode[]).map((b) => resolve(b, root));
  const tag = discriminator?.propertyName;
  if (tag && isObject(data) && typeof data[tag] === 'string') {
    const chosen = branches.find((b) => b.properties?.[tag]?.const === data[tag]);
    if (chosen) return [chosen];
  }
  return [resolved, ...branches.flatMap((b) => (b.oneOf || b.anyOf ? alternatives(b, data, root) : [b]))];
}

function childSchema(node: SchemaNode, segment: string | number, data: unknown, root: SchemaNode): SchemaNode | undefined {
  for (const candidate of alternatives(node, data, root)) {
    if (typeof segment === 'number') {
      const items = candidate.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) return items as SchemaNode;
    } else {
      const property = candidate.properties?.[segment];
      if (property) return property;
    }
  }
  return undefined;
}

export function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node;
  for (let depth = 0; typeof current.$ref === 'string' && current.$ref.startsWith('#/') && depth < 10; depth++) {
    let target: unknown = root;
    for (const key of current.$ref.slice(2).split('/')) target = isObject(target) ? target[key] : undefined;
    if (!isObject(target)) break;
    current = { ...(target as SchemaNode), description: current.description ?? (target as SchemaNode).description };
  }
  return current;
}

export function bodyRoot(line: unknown, registry: SchemaRegistry = schemaRegistry()): SchemaNode | undefined {
  const endpoint = schemaEndpointOf(isObject(line) ? line.url : undefined);
  return endpoint ? registry.bodySchema(endpoint) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
