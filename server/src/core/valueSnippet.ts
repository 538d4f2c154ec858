/** A value a schema describes, as a snippet to insert after its key: the value itself when the
 *  schema allows only one, a choice among its enum values or true/false, else an empty value of its
 *  type with the cursor inside. */
import { resolve } from './schemaLookup';
import type { SchemaNode } from './schemaRegistry';
import { choice, literal, placeholder } from './snippet';

/** Numbers the tab stops of one snippet, in the order they appear. */
export class TabStops {
  private last = 0;
  next(): number {
    return ++this.last;
  }
}

export function valueSnippet(schema: SchemaNode, root: SchemaNode, stops: TabStops): string {
  const node = resolve(schema, root);
  if (node.const !== undefined) return literal(JSON.stringify(node.const));
  if (Array.isArray(node.enum)) {
    const values = (node.enum as unknown[]).filter((v) => v !== null).map((v) => JSON.stringify(v));
    const first = node.default !== undefined ? JSON.stringify(node.default) : undefined;
    return values.length === 1 ? literal(values[0]) : choice(stops.next(), orderFirst(values, first));
  }
  const types = [node.type ?? (node.properties ? 'object' : node.items ? 'array' : undefined)].flat().filter((t) => t !== 'null');
  switch (types[0]) {
    case 'string':
      return typeof node.default === 'string'
        ? `"${placeholder(stops.next(), JSON.stringify(node.default).slice(1, -1))}"`
        : `"$${stops.next()}"`;
    case 'number':
    case 'integer':
      return typeof node.default === 'number' ? placeholder(stops.next(), String(node.default)) : `$${stops.next()}`;
    case 'boolean':
      return choice(stops.next(), node.default === false ? ['false', 'true'] : ['true', 'false']);
    case 'array':
      return `[$${stops.next()}]`;
    case 'object':
      return `{$${stops.next()}}`;
    default:
      return `$${stops.next()}`;
  }
}

function orderFirst(values: string[], first: string | undefined): string[] {
  return first !== undefined && values.includes(first) ? [first, ...values.filter((v) => v !== first)] : values;
}
