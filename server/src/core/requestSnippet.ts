/** A whole request line, or the body of one, as a snippet: the id, endpoint and model filled in,
 *  and the endpoint's required fields (and its prompt) as tab stops to type over. */
import { schemaRegistry } from './schemaRegistry';
import { schemaEndpointOf } from './providers';
import { choice, jsonStringContent, literal, placeholder } from './snippet';
import { TabStops, valueSnippet } from './valueSnippet';

/** Values for the fields a type alone does not shape well, and the prompt fields an endpoint
 *  needs in practice though its schema does not require them (`input` of /v1/responses). */
const FIELD_VALUES: Record<string, Record<string, (stops: TabStops) => string>> = {
  '/v1/responses': { input: (s) => `"${placeholder(s.next(), 'prompt')}"` },
  '/v1/chat/completions': { messages: (s) => `[{"role": "user", "content": "${placeholder(s.next(), 'prompt')}"}]` },
  '/v1/embeddings': { input: (s) => `"${placeholder(s.next(), 'text to embed')}"` },
  '/v1/completions': { prompt: (s) => `"${placeholder(s.next(), 'prompt')}"` },
  '/v1/moderations': { input: (s) => `"${placeholder(s.next(), 'text to classify')}"` },
  '/v1/images/generations': { prompt: (s) => `"${placeholder(s.next(), 'prompt')}"` },
  '/v1/images/edits': {
    images: (s) => `[{"image_url": "${placeholder(s.next(), 'https://example.com/image.png')}"}]`,
    prompt: (s) => `"${placeholder(s.next(), 'prompt')}"`,
  },
  '/v1/videos': { prompt: (s) => `"${placeholder(s.next(), 'prompt')}"` },
};

export interface RequestSnippetOptions {
  customId: string;
  endpoint: string;
  /** The model, or the names to choose from (the first selected); none: a placeholder. */
  models: readonly string[];
}

/** `{"custom_id": "${1:req-41}", "method": "POST", "url": "/v1/…", "body": {…}}`. */
export function requestSnippet({ customId, endpoint, models }: RequestSnippetOptions): string {
  const stops = new TabStops();
  const id = `"custom_id": "${placeholder(stops.next(), jsonStringContent(customId))}"`;
  return `{${id}, "method": "POST", "url": ${literal(JSON.stringify(endpoint))}, "body": ${bodySnippet(endpoint, models, stops)}}$0`;
}

/** `{"model": …, <required fields>}` for an endpoint (in OpenAI's or Azure's form); a bare `{}` for one
 *  Batch Studio has no schema of. */
export function bodySnippet(endpoint: string, models: readonly string[], stops: TabStops = new TabStops()): string {
  const model =
    models.length === 1
      ? literal(JSON.stringify(models[0]))
      : `"${models.length === 0 ? placeholder(stops.next(), 'model') : choice(stops.next(), models.map(jsonStringContent))}"`;
  const fields = [`"model": ${model}`];
  const bodyEndpoint = schemaEndpointOf(endpoint);
  const schema = bodyEndpoint ? schemaRegistry().bodySchema(bodyEndpoint) : undefined;
  const special = (bodyEndpoint && FIELD_VALUES[bodyEndpoint]) || {};
  const names = [...((schema?.required as string[] | undefined) ?? []), ...Object.keys(special)].filter((name) => name !== 'model');
  for (const name of new Set(names)) {
    const property = schema?.properties?.[name];
    const value = special[name]?.(stops) ?? (property && schema ? valueSnippet(property, schema, stops) : `$${stops.next()}`);
    fields.push(`${literal(JSON.stringify(name))}: ${value}`);
  }
  return `{${fields.join(', ')}}`;
}
