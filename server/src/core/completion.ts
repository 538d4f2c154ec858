import { getLocation, parse } from 'jsonc-parser';
import { valueAtPath } from './locate';
import type { LineSpan } from './diagnostic';
import { ENDPOINT_DESCRIPTIONS } from './endpointDescriptions';
import { BATCH_ENDPOINTS } from './endpoints';
import { type Provider, schemaEndpointOf } from './providers';
import { describeSchema } from './hover';
import { describeModel, modelChoices, suggestedModel } from './models';
import { FIRST_CUSTOM_ID } from './nextCustomId';
import { bodySnippet, requestSnippet } from './requestSnippet';
import { alternatives, bodyRoot, resolve, schemaAt } from './schemaLookup';
import { type SchemaNode, schemaRegistry } from './schemaRegistry';
import { choice, jsonStringContent, literal, placeholder, snippetText } from './snippet';
import { TabStops, valueSnippet } from './valueSnippet';

export interface CompletionSuggestion {
  label: string;
  /** `request`: a whole request line. */
  kind: 'property' | 'value' | 'request';
  insertText: string;
  /** True when `insertText` is a snippet with tab stops (see snippet.ts). */
  snippet?: boolean;
  /** The part of the line the suggestion replaces (the half-typed key or value). */
  replace: LineSpan;
  /** One line beside the label: a type, an endpoint's purpose, where a model name comes from. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What the editor matches typed text against, when not the label. */
  filterText?: string;
}

export interface CompletionContext {
  /** The model most of the file uses, offered first for `body.model`. */
  fileModel?: string | null;
  /** The endpoint most of the file uses, offered first for `url`. */
  fileEndpoint?: string | null;
  /** Model names the user added (`batchStudio.models`). */
  userModels?: readonly string[];
  /** The validation provider: on Azure OpenAI, `model` names a deployment. */
  provider?: Provider;
  /** The custom_id a new request gets; asked only when a suggestion needs it. */
  nextCustomId?: () => string;
  /** Whether a blank line is offered whole requests: the file is, or may become, a batch file. */
  offerRequests?: boolean;
}

/** Whole requests on a blank line; keys an object may still take, with their values; and the
 *  values a field accepts, at `offset` in one line. */
export function completionsAt(text: string, offset: number, context: CompletionContext = {}): CompletionSuggestion[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '{' || trimmed === '{}') {
    const requests = context.offerRequests ? requestSuggestions({ start: 0, end: text.length }, context) : [];
    if (trimmed === '') return requests;
    return [...requests, ...keyAndValueSuggestions(text, offset, context)];
  }
  return keyAndValueSuggestions(text, offset, context);
}

/** The next request in the file's numbering, endpoint and model; in a file without an endpoint,
 *  a first request for each endpoint. */
function requestSuggestions(replace: LineSpan, context: CompletionContext): CompletionSuggestion[] {
  const customId = context.nextCustomId?.() ?? FIRST_CUSTOM_ID;
  const endpoint = context.fileEndpoint;
  const request = (url: string, models: readonly string[], label: string, documentation: string): CompletionSuggestion => {
    const insertText = requestSnippet({ customId, endpoint: url, models });
    return { label, kind: 'request', insertText, snippet: true, replace, detail: url, documentation, filterText: snippetText(insertText) };
  };
  if (endpoint && schemaEndpointOf(endpoint)) {
    const models = context.fileModel ? [context.fileModel] : firstModels(endpoint, context);
    return [
      request(
        endpoint,
        models,
        `New request ${customId}`,
        `A request like the others in this file: ${endpoint}${context.fileModel ? `, ${context.fileModel}` : ''}, with the next custom_id.`,
      ),
    ];
  }
  return BATCH_ENDPOINTS.filter((url) => schemaRegistry().bodySchema(url)).map((url) =>
    request(url, firstModels(url, context), `New ${url} request`, ENDPOINT_DESCRIPTIONS[url]),
  );
}

/** The models a new request offers to choose from: the user's, then the suggested one, then a few more. */
function firstModels(endpoint: string, context: CompletionContext): string[] {
  const suggested = suggestedModel(endpoint);
  const names = modelChoices(endpoint, null, context.userModels).map((c) => c.name);
  const ordered = [...(context.userModels ?? []), ...(suggested ? [suggested] : []), ...names];
  return [...new Set(ordered)].slice(0, 12);
}

function keyAndValueSuggestions(text: string, offset: number, context: CompletionContext): CompletionSuggestion[] {
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
    // A key that already has its colon (and perhaps a value) is renamed; otherwise the value comes too.
    const withValue = !/^\s*:/.test(text.slice(replace.end));
    const seen = new Set<string>();
    const suggestions: CompletionSuggestion[] = [];
    for (const candidate of root ? alternatives(parent, data, root) : [parent]) {
      for (const [name, schema] of Object.entries(candidate.properties ?? {})) {
        if (seen.has(name) || (present.has(name) && name !== location.path[location.path.length - 1])) continue;
        seen.add(name);
        const key = literal(JSON.stringify(name));
        const value = withValue ? keyValue([...parentPath, name], schema, root, line, context) : undefined;
        suggestions.push({
          label: name,
          kind: 'property',
          insertText: value === undefined ? `${key}${withValue ? ': ' : ''}` : `${key}: ${value}`,
          snippet: true,
          replace,
          detail: root ? describeSchema(resolve(schema, root)) || undefined : undefined,
          documentation: schema.description,
        });
      }
    }
    return suggestions;
  }

  const path = location.path;
  const suggestions: CompletionSuggestion[] = [];
  const add = (json: string, extra: Partial<CompletionSuggestion> = {}) => {
    if (!suggestions.some((s) => s.label === json)) suggestions.push({ label: json, kind: 'value', insertText: json, replace, ...extra });
  };
  const endpoint = lineEndpoint(line, context);
  if (path.length === 1 && path[0] === 'url') {
    for (const url of orderFirst(BATCH_ENDPOINTS, context.fileEndpoint)) add(JSON.stringify(url), { detail: ENDPOINT_DESCRIPTIONS[url] });
  }
  if (path.length === 1 && path[0] === 'custom_id' && context.nextCustomId && replace.start === replace.end) {
    add(JSON.stringify(context.nextCustomId()), { detail: "the next id in the file's numbering" });
  }
  if (path.length === 1 && path[0] === 'body' && endpoint) {
    const insertText = bodySnippet(endpoint, modelsFor(endpoint, context));
    add('{…}', {
      insertText,
      snippet: true,
      filterText: snippetText(insertText),
      detail: `the body of a ${endpoint} request, with its required fields`,
    });
  }
  if (path.length === 2 && path[0] === 'body' && path[1] === 'model') {
    for (const { name, origin } of modelChoices(endpoint, context.fileModel, context.userModels)) {
      add(JSON.stringify(name), {
        detail: origin === 'file' ? "the file's model" : origin === 'setting' ? 'batchStudio.models' : `a ${endpoint ?? 'batch'} model`,
        documentation: describeModel(name, endpoint, context.userModels, context.provider),
      });
    }
  }
  const root = path[0] === 'body' ? bodyRoot(line) : schemaRegistry().rowSchema();
  for (const { schema, documentation } of root ? valueSchemas(line, path, root) : []) {
    const values: unknown[] = [];
    if (Array.isArray(schema.enum)) values.push(...(schema.enum as unknown[]));
    if (schema.const !== undefined) values.push(schema.const);
    if ([schema.type].flat().includes('boolean')) values.push(true, false);
    for (const value of values) add(JSON.stringify(value), { documentation });
    const types = [schema.type].flat();
    if (types.includes('object')) add('{}', { insertText: '{$1}', snippet: true, documentation });
    if (types.includes('array')) add('[]', { insertText: '[$1]', snippet: true, documentation });
  }
  return suggestions;
}

/** The value that comes with a key, as a snippet; undefined when nothing useful is known. */
function keyValue(
  path: (string | number)[],
  schema: SchemaNode,
  root: SchemaNode | undefined,
  line: unknown,
  context: CompletionContext,
): string | undefined {
  const stops = new TabStops();
  const key = path.join('.');
  if (key === 'custom_id') return `"${placeholder(stops.next(), jsonStringContent(context.nextCustomId?.() ?? FIRST_CUSTOM_ID))}"`;
  if (key === 'url') {
    const endpoint = context.fileEndpoint;
    return endpoint && schemaEndpointOf(endpoint)
      ? literal(JSON.stringify(endpoint))
      : `"${choice(stops.next(), orderFirst(BATCH_ENDPOINTS, null))}"`;
  }
  const endpoint = lineEndpoint(line, context);
  if (key === 'body') return endpoint ? bodySnippet(endpoint, modelsFor(endpoint, context), stops) : `{$${stops.next()}}`;
  if (key === 'body.model') {
    const models = modelsFor(endpoint, context);
    return `"${models.length === 1 ? literal(jsonStringContent(models[0])) : choice(stops.next(), models.map(jsonStringContent))}"`;
  }
  // Batches do not stream: the only stream a batch line may carry is false.
  if (key === 'body.stream') return 'false';
  return root ? valueSnippet(schema, root, stops) : undefined;
}

/** The file's model, else the names to choose from. */
function modelsFor(endpoint: string | undefined, context: CompletionContext): string[] {
  if (context.fileModel) return [context.fileModel];
  return endpoint ? firstModels(endpoint, context) : [];
}

/** The line's own endpoint, else the file's. */
function lineEndpoint(line: unknown, context: CompletionContext): string | undefined {
  const url = line !== null && typeof line === 'object' && !Array.isArray(line) ? (line as Record<string, unknown>).url : undefined;
  return schemaEndpointOf(url) ?? schemaEndpointOf(context.fileEndpoint);
}

/** Every schema the value at `path` may follow, with its documentation. A key's alternatives are
 *  taken from all branches of its parent, so a discriminator such as a message's `role` offers
 *  every role, each documented by its branch (what a "developer" message is). */
function valueSchemas(line: unknown, path: (string | number)[], root: SchemaNode): { schema: SchemaNode; documentation?: string }[] {
  const key = path[path.length - 1];
  const parent = typeof key === 'string' ? schemaAt(line, path.slice(0, -1)) : undefined;
  const direct = schemaAt(line, path);
  const owners = parent ? alternatives(parent, undefined, root) : [];
  const found = owners
    .map((owner) => ({ owner, schema: owner.properties?.[key as string] }))
    .filter((entry): entry is { owner: SchemaNode; schema: SchemaNode } => entry.schema !== undefined)
    .map(({ owner, schema }) => ({
      schema,
      documentation: schema.const !== undefined && owner.description ? owner.description : schema.description,
    }));
  if (found.length === 0 && direct) found.push({ schema: direct, documentation: direct.description });
  return found.flatMap(({ schema, documentation }) =>
    alternatives(resolve(schema, root), undefined, root).map((s) => ({ schema: s, documentation })),
  );
}

function orderFirst<T extends string>(values: readonly T[], first: string | null | undefined): T[] {
  return first && (values as readonly string[]).includes(first) ? [first as T, ...values.filter((v) => v !== first)] : [...values];
}
