import { getLocation, parse } from 'jsonc-parser';
import { valueAtPath } from './locate';
import type { LineSpan } from './diagnostic';
import { BATCH_ENDPOINTS } from './endpoints';
import { alternatives, bodyRoot, resolve, schemaAt } from './schemaLookup';
import { type SchemaNode, schemaRegistry } from './schemaRegistry';

export interface CompletionSuggestion {
  label: string;
  kind: 'property' | 'value';
  insertText: string;
  /** The part of the line the suggestion replaces (the half-typed key or value). */
  replace: LineSpan;
  documentation?: string;
}

export interface CompletionContext {
  /** The model most of the file uses, offered first for `body.model`. */
  fileModel?: string | null;
  /** The endpoint most of the file uses, offered first for `url`. */
  fileEndpoint?: string | null;
}

/** Keys an object may still take, and the values a field accepts, at `offset` in one line. */
export function completionsAt(text: string, offset: number, context: CompletionContext = {}): CompletionSuggestion[] {
  const location = getLocation(text, offset);
  const line = parse(text, [], { disallowComments: true, allowTrailingComma: true }) as unknown;
  const previous = location.previousNode;
  const replace: LineSpan =
    previous && previous.offset <= offset && offset <= previous.offset + previous.length
      ? { start: previous.offset, end: previous.offset + previous.length }
      : { start: offset, end: offset };

  if (location.isAtPropertyKey) {
    const parentPath = location.path.slice(0, -1);
    const parent = schemaAt(line, parentPath);
    if (!parent) return [];
    const data = valueAtPath(line, parentPath);
    const present = data && typeof data === 'object' ? new Set(Object.keys(data)) : new Set<string>();
    const root = parentPath[0] === 'body' ? bodyRoot(line) : schemaRegistry().rowSchema();
    const seen = new Set<string>();
    const suggestions: CompletionSuggestion[] = [];
    for (const candidate of root ? alternatives(parent, data, root) : [parent]) {
      for (const [name, schema] of Object.entries(candidate.properties ?? {})) {
        if (seen.has(name) || (present.has(name) && name !== location.path[location.path.length - 1])) continue;
        seen.add(name);
        const colon = previous?.colonOffset !== undefined ? '' : ': ';
        suggestions.push({ label: name, kind: 'property', insertText: `${JSON.stringify(name)}${colon}`, replace, documentation: schema.description });
      }
    }
    return suggestions;
  }

  const path = location.path;
  const values: unknown[] = [];
  const last = path.length === 1 ? path[0] : undefined;
  if (last === 'url') values.push(...orderFirst(BATCH_ENDPOINTS, context.fileEndpoint));
  if (path.length === 2 && path[0] === 'body' && path[1] === 'model' && context.fileModel) values.push(context.fileModel);
  const root = path[0] === 'body' ? bodyRoot(line) : schemaRegistry().rowSchema();
  for (const schema of root ? valueSchemas(line, path, root) : []) {
    if (Array.isArray(schema.enum)) values.push(...(schema.enum as unknown[]));
    if (schema.const !== undefined) values.push(schema.const);
    if ([schema.type].flat().includes('boolean')) values.push(true, false);
  }
  return [...new Set(values.map((v) => JSON.stringify(v)))].map((json) => ({ label: json, kind: 'value', insertText: json, replace }));
}

/** Every schema the value at `path` may follow. A key's alternatives are taken from all branches
 *  of its parent, so a discriminator such as a message's `role` offers every role. */
function valueSchemas(line: unknown, path: (string | number)[], root: SchemaNode): SchemaNode[] {
  const key = path[path.length - 1];
  const parent = typeof key === 'string' ? schemaAt(line, path.slice(0, -1)) : undefined;
  const direct = schemaAt(line, path);
  const owners = parent ? alternatives(parent, undefined, root) : [];
  const found = owners.map((owner) => owner.properties?.[key as string]).filter((s): s is SchemaNode => s !== undefined);
  if (found.length === 0 && direct) found.push(direct);
  return found.flatMap((schema) => alternatives(resolve(schema, root), undefined, root));
}

function orderFirst(values: readonly string[], first: string | null | undefined): string[] {
  return first && values.includes(first) ? [first, ...values.filter((v) => v !== first)] : [...values];
}
