import { describeValue, quote } from './describe';
import { BATCH_ENDPOINTS, EMBEDDINGS_ENDPOINT, isBatchEndpoint } from './endpoints';
import { type BatchLimits, DEFAULT_LIMITS } from './limits';
import { findSyntaxError, LineLocator } from './locate';
import { type LineProblem, schemaProblems } from './schemaProblems';
import { schemaRegistry, type SchemaRegistry } from './schemaRegistry';
import { closestMatch } from './suggest';

/** Everything the file-level checks need to know about one line. It depends on the line's text
 *  alone, so it is computed once per version of a line and reused while other lines change. */
export interface LineFacts {
  blank: boolean;
  /** UTF-8 size of the line without its line break. */
  byteLength: number;
  /** The line reads as a batch request (it has custom_id, url or method), even if broken. */
  looksLikeBatch: boolean;
  /** The line is a JSON object (of whatever kind). */
  isObject: boolean;
  customId?: string;
  url?: string;
  model?: string;
  /** How many embedding inputs the request sends (0 unless it targets /v1/embeddings). */
  embeddingInputs: number;
  problems: LineProblem[];
}

const BOM = '\uFEFF';
/** Lines longer than this (in characters) get their first schema fault only. */
const THOROUGH_LINE_LIMIT = 64 * 1024;
const NO_PROBLEMS: LineProblem[] = [];

/** `limits`: only `embeddingInputsPerRequest` is a per-line limit; the model checks the others. */
export function analyzeLine(text: string, registry: SchemaRegistry = schemaRegistry(), limits: Readonly<BatchLimits> = DEFAULT_LIMITS): LineFacts {
  try {
    return analyze(text, registry, limits.embeddingInputsPerRequest);
  } catch (error) {
    // A last resort (e.g. a stack overflow in a library): the line is reported, never lost.
    return {
      blank: false,
      byteLength: Buffer.byteLength(text, 'utf8'),
      looksLikeBatch: /"custom_id"\s*:/.test(text),
      isObject: false,
      embeddingInputs: 0,
      problems: [{
        code: 'invalid_json_line',
        param: null,
        start: 0,
        end: text.length,
        message: `This line could not be checked (${error instanceof Error ? error.message : String(error)}); the API is unlikely to accept it either.`,
      }],
    };
  }
}

function analyze(text: string, registry: SchemaRegistry, maxEmbeddingInputs: number): LineFacts {
  const byteLength = Buffer.byteLength(text, 'utf8');
  if (text.trim() === '') return { blank: true, byteLength, looksLikeBatch: false, isObject: false, embeddingInputs: 0, problems: NO_PROBLEMS };

  const problems: LineProblem[] = [];
  let json = text;
  if (text.startsWith(BOM)) {
    problems.push({
      code: 'invalid_json_line',
      param: null,
      start: 0,
      end: 1,
      message: 'The line starts with a byte order mark (BOM). Save the file as UTF-8 without BOM: the API reads the mark as part of the JSON.',
    });
    json = ' ' + text.slice(1); // keep offsets aligned with the text
  }

  let row: unknown;
  try {
    row = JSON.parse(json);
  } catch (error) {
    const syntax = findSyntaxError(json, error instanceof Error ? error.message : '');
    problems.push({
      code: 'invalid_json_line',
      param: null,
      start: syntax.start,
      end: syntax.end,
      message: `This line is not valid JSON: ${syntax.what} at column ${syntax.start + 1}. Each line must be one complete JSON object.`,
    });
    return { blank: false, byteLength, looksLikeBatch: /"custom_id"\s*:/.test(text), isObject: false, embeddingInputs: 0, problems };
  }

  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    const locator = new LineLocator(json);
    problems.push({
      code: 'invalid_json_line',
      param: null,
      ...locator.value([]),
      message: `Each line must be a JSON object with custom_id, method, url and body, but this line is ${describeValue(row)}.`,
    });
    return { blank: false, byteLength, looksLikeBatch: false, isObject: false, embeddingInputs: 0, problems };
  }

  const request = row as Record<string, unknown>;
  const body = request.body;
  const bodyObject = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const facts: LineFacts = {
    blank: false,
    byteLength,
    looksLikeBatch: looksLikeRequest(request),
    isObject: true,
    customId: typeof request.custom_id === 'string' ? request.custom_id : undefined,
    url: typeof request.url === 'string' ? request.url : undefined,
    model: typeof bodyObject?.model === 'string' ? bodyObject.model : undefined,
    embeddingInputs: 0,
    problems,
  };

  let locator: LineLocator | undefined;
  const locate = () => (locator ??= new LineLocator(json));

  const thorough = text.length <= THOROUGH_LINE_LIMIT;
  const rowValidator = registry.row(thorough);
  if (!rowValidator(request)) {
    problems.push(...schemaProblems(rowValidator.errors ?? [], { root: request, prefix: [], owner: 'a request line', locator: locate(), schema: registry.rowSchema() }));
  }

  const url = facts.url;
  if (url !== undefined && !isBatchEndpoint(url)) {
    const suggestion = closestMatch(url, BATCH_ENDPOINTS) ?? closestMatch(url.replace(/^\/?(v1\/)?/, '/v1/'), BATCH_ENDPOINTS);
    problems.push({
      code: 'unsupported_url',
      param: 'url',
      ...locate().value(['url']),
      message: `${quote(url)} is not an endpoint the Batch API can run${suggestion ? `. Did you mean "${suggestion}"?` : `; use one of ${BATCH_ENDPOINTS.join(', ')}.`}`,
      data: { allowed: [...BATCH_ENDPOINTS], replacements: suggestion ? [JSON.stringify(suggestion)] : BATCH_ENDPOINTS.map((e) => JSON.stringify(e)) },
    });
  }

  if (bodyObject && isBatchEndpoint(url)) {
    const bodyValidator = registry.body(url, thorough);
    if (bodyValidator && !bodyValidator(bodyObject)) {
      problems.push(...schemaProblems(bodyValidator.errors ?? [], { root: request, prefix: ['body'], owner: url, locator: locate(), schema: registry.bodySchema(url) ?? {} }));
    }
    if (bodyObject.stream === true) {
      problems.push({
        code: 'streaming_unsupported',
        param: 'body.stream',
        ...locate().value(['body', 'stream']),
        message: 'Batch requests cannot stream: remove "stream" or set it to false. Results arrive in the output file instead.',
        data: { replacements: ['false'] },
      });
    }
    if (url === EMBEDDINGS_ENDPOINT) {
      facts.embeddingInputs = countEmbeddingInputs(bodyObject.input);
      if (facts.embeddingInputs > maxEmbeddingInputs) {
        problems.push({
          code: 'too_many_embedding_inputs',
          param: 'body.input',
          ...locate().value(['body', 'input']),
          message: `This embeddings request has ${facts.embeddingInputs} inputs; one request may carry at most ${maxEmbeddingInputs}. Split it into several lines.`,
        });
      }
    }
  }
  if (problems.length === 0) facts.problems = NO_PROBLEMS;
  return facts;
}

/** A line reads as a batch request when it has a custom_id (unless it is a result from a batch's
 *  output or error file: `{custom_id, response, error}`), or, while the custom_id is still to
 *  come, two of the other request fields in their batch form. One `url` or `body` alone is
 *  common in other JSON Lines data and says nothing. */
function looksLikeRequest(line: Record<string, unknown>): boolean {
  if ('custom_id' in line) return !('response' in line) && !('error' in line);
  const signals = [
    typeof line.method === 'string' && line.method.toUpperCase() === 'POST',
    typeof line.url === 'string' && line.url.startsWith('/'),
    line.body !== null && typeof line.body === 'object' && !Array.isArray(line.body),
  ];
  return signals.filter(Boolean).length >= 2;
}

/** A string or a token array is one input; an array of strings or of token arrays is one per item. */
export function countEmbeddingInputs(input: unknown): number {
  if (!Array.isArray(input)) return input === undefined ? 0 : 1;
  if (input.length > 0 && typeof input[0] === 'number') return 1;
  return input.length;
}
