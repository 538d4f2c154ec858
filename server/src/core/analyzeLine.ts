import { describeValue } from './describe';
import { EMBEDDINGS_ENDPOINT, isBatchEndpoint } from './endpoints';
import { type BatchLimits, DEFAULT_LIMITS } from './limits';
import { findSyntaxError, foreignWhitespaceAt, isJsonBlank, LineLocator, whitespaceName } from './locate';
import { type OtherFormat, otherProviderFormat } from './otherProviderFormat';
import { schemaEndpointOf } from './providers';
import { type LineProblem, schemaProblems } from './schemaProblems';
import { streamRemoval } from './streamRemoval';
import { schemaRegistry, type SchemaRegistry } from './schemaRegistry';
import { unsupportedUrlProblem } from './urlProblem';

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
  /** How many embedding inputs the request sends (0 unless it targets /v1/embeddings or /embeddings). */
  embeddingInputs: number;
  problems: LineProblem[];
  /** The line is in another provider's batch format (Anthropic's, Gemini's). */
  otherFormat?: OtherFormat;
}

const BOM = '\uFEFF';
/** Lines longer than this (in characters) get their first schema fault only. */
const THOROUGH_LINE_LIMIT = 64 * 1024;
const NO_PROBLEMS: LineProblem[] = [];

/** `limits`: only `embeddingInputsPerRequest` is a per-line limit; the model checks the others.
 *  `byteLength`: the line's UTF-8 size when the caller knows it (it read the bytes). */
export function analyzeLine(
  text: string,
  registry: SchemaRegistry = schemaRegistry(),
  limits: Readonly<BatchLimits> = DEFAULT_LIMITS,
  byteLength?: number,
): LineFacts {
  try {
    return analyze(text, registry, limits.embeddingInputsPerRequest, byteLength ?? Buffer.byteLength(text, 'utf8'));
  } catch (error) {
    // A last resort (e.g. a stack overflow in a library): the line is reported, never lost.
    return {
      blank: false,
      byteLength: byteLength ?? Buffer.byteLength(text, 'utf8'),
      looksLikeBatch: /"custom_id"\s*:/.test(text),
      isObject: false,
      embeddingInputs: 0,
      problems: [
        {
          code: 'invalid_json_line',
          param: null,
          start: 0,
          end: text.length,
          message: `This line could not be checked (${error instanceof Error ? error.message : String(error)}); the API is unlikely to accept it either.`,
        },
      ],
    };
  }
}

/** (analyzeLatin1View, below, takes a line only when it passes every check made here: a check
 *  added here needs its counterpart there. test/unit/byteLines.test.ts compares the two.) */
function analyze(text: string, registry: SchemaRegistry, maxEmbeddingInputs: number, byteLength: number): LineFacts {
  // Blank is JSON's whitespace only (space, tab): trim() also strips U+00A0, U+FEFF, \v, ...
  if (isJsonBlank(text))
    return { blank: true, byteLength, looksLikeBatch: false, isObject: false, embeddingInputs: 0, problems: NO_PROBLEMS };
  if (text.trim() === '') {
    const at = foreignWhitespaceAt(text) ?? 0;
    const problem: LineProblem = {
      code: 'invalid_json_line',
      param: null,
      start: at,
      end: at + 1,
      message: `This line looks blank, but it holds ${whitespaceName(text.charCodeAt(at))} at column ${at + 1}, which is not JSON whitespace (JSON allows only space, tab, CR and LF): the API reads the line as a request that is not valid JSON. Delete the line.`,
    };
    return { blank: false, byteLength, looksLikeBatch: false, isObject: false, embeddingInputs: 0, problems: [problem] };
  }

  const problems: LineProblem[] = [];
  let json = text;
  if (text.startsWith(BOM)) {
    problems.push({
      code: 'invalid_json_line',
      param: null,
      start: 0,
      end: 1,
      message:
        'The line starts with a byte order mark (BOM). Save the file as UTF-8 without BOM: the API reads the mark as part of the JSON.',
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
  const otherFormat = otherProviderFormat(request);
  if (otherFormat) facts.otherFormat = otherFormat;

  let locator: LineLocator | undefined;
  const locate = () => (locator ??= new LineLocator(json));

  const thorough = text.length <= THOROUGH_LINE_LIMIT;
  const rowValidator = registry.row(thorough);
  if (!rowValidator(request)) {
    problems.push(
      ...schemaProblems(rowValidator.errors ?? [], {
        root: request,
        prefix: [],
        owner: 'a request line',
        locator: locate(),
        schema: registry.rowSchema(),
      }),
    );
  }

  const url = facts.url;
  // Every provider's url forms are known here (the model reports those the chosen one does not run).
  const endpoint = schemaEndpointOf(url);
  if (url !== undefined && endpoint === undefined) {
    problems.push(unsupportedUrlProblem(url, locate().value(['url'])));
  }

  if (bodyObject && url !== undefined && endpoint !== undefined) {
    const bodyValidator = registry.body(endpoint, thorough);
    if (bodyValidator && !bodyValidator(bodyObject)) {
      problems.push(
        ...schemaProblems(bodyValidator.errors ?? [], {
          root: request,
          prefix: ['body'],
          owner: url,
          locator: locate(),
          schema: registry.bodySchema(endpoint) ?? {},
        }),
      );
    }
    if (bodyObject.stream === true) {
      problems.push({
        code: 'streaming_unsupported',
        param: 'body.stream',
        ...locate().value(['body', 'stream']),
        message: 'Batch requests cannot stream: remove "stream" or set it to false. Results arrive in the output file instead.',
        data: { replacements: ['false'], fixes: streamRemoval(locate()) },
      });
    }
    if (endpoint === EMBEDDINGS_ENDPOINT) {
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

/** A line checked through its Latin-1 view: `view` is the line's bytes read as Latin-1, which the
 *  caller has found to be valid UTF-8 (without U+FFFD). JSON.parse of the view gives the line's
 *  value with the non-ASCII characters written as bytes turned into Latin-1 characters, one per
 *  byte: ASCII and \u escapes are read as in the line; a string is never shorter than in the line,
 *  and is ASCII only when it is in the line. For the schemas the generator proved safe for this
 *  (scripts/generate-validators.js), a view that passes every check is a line that does, unless two
 *  keys of an object became one (a raw "é" and an escaped "\u00c3\u00a9" read alike): so a view
 *  with a key that is not ASCII is not taken, nor one whose custom_id or model is not ASCII (the
 *  line's own would differ). Returns the line's facts, or undefined for a line with anything to
 *  report (or any doubt): the caller then decodes it as UTF-8 and analyses it with analyzeLine, so
 *  every problem is found and described in the real text. Decoding Latin-1 and parsing a one-byte
 *  string costs a fraction of decoding UTF-8. */
export function analyzeLatin1View(
  view: string,
  registry: SchemaRegistry,
  limits: Readonly<BatchLimits>,
  byteLength: number,
): LineFacts | undefined {
  try {
    let row: unknown;
    try {
      row = JSON.parse(view);
    } catch {
      return undefined;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
    const request = row as Record<string, unknown>;
    const url = request.url;
    if (typeof url !== 'string' || !isBatchEndpoint(url) || !registry.latin1Safe(url)) return undefined;
    if (!registry.row(false)(request)) return undefined;
    const body = request.body as Record<string, unknown>; // the row schema requires an object
    const bodyValidator = registry.body(url, false);
    if (bodyValidator && !bodyValidator(body)) return undefined;
    if (body.stream === true) return undefined;
    const embeddingInputs = url === EMBEDDINGS_ENDPOINT ? countEmbeddingInputs(body.input) : 0;
    if (embeddingInputs > limits.embeddingInputsPerRequest) return undefined;
    const customId = request.custom_id as string; // the row schema requires a string
    const model = typeof body.model === 'string' ? body.model : undefined;
    if (NON_ASCII.test(customId) || (model !== undefined && NON_ASCII.test(model)) || hasNonAsciiKey(request)) return undefined;
    return {
      blank: false,
      byteLength,
      looksLikeBatch: looksLikeRequest(request),
      isObject: true,
      customId,
      url,
      model,
      embeddingInputs,
      problems: NO_PROBLEMS,
    };
  } catch {
    return undefined;
  }
}

const NON_ASCII = /[\u0080-\uffff]/;

function hasNonAsciiKey(value: object): boolean {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (item !== null && typeof item === 'object' && hasNonAsciiKey(item)) return true;
    return false;
  }
  for (const key in value) {
    if (NON_ASCII.test(key)) return true;
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object' && hasNonAsciiKey(item)) return true;
  }
  return false;
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
