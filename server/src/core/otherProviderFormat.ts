/** Batch files written for another provider's batch API: Anthropic's Message Batches
 *  (`{"custom_id", "params": {...}}` per line) and Gemini's (`{"key", "request": {"contents": ...}}`,
 *  as the Gemini API and Vertex AI take them). Such a file is not a broken OpenAI file with faults on
 *  every line: it gets one problem that says what it is and what the OpenAI Batch API expects. */

export const OTHER_FORMATS = ['anthropic', 'gemini'] as const;
export type OtherFormat = (typeof OTHER_FORMATS)[number];

/** The key that gives each format away, where its problem is shown. */
export const FORMAT_KEY: Readonly<Record<OtherFormat, string>> = { anthropic: 'params', gemini: 'request' };

/** The other provider's format a line is in, from its keys; undefined for a line with a `url` or a
 *  `body` (an OpenAI request, broken or not) and for anything else. */
export function otherProviderFormat(line: Readonly<Record<string, unknown>>): OtherFormat | undefined {
  if ('url' in line || 'body' in line) return undefined;
  if ('custom_id' in line && isObject(line.params)) return 'anthropic';
  const request = line.request;
  if (isObject(request) && (Array.isArray(request.contents) || 'key' in line)) return 'gemini';
  return undefined;
}

const DESCRIPTIONS: Readonly<Record<OtherFormat, { name: string; conversion: string }>> = {
  anthropic: {
    name: 'an Anthropic Message Batches file (custom_id + params)',
    conversion: 'params becomes body (Anthropic\'s "system" becomes a system message)',
  },
  gemini: {
    name: 'a Gemini batch file (key + request with contents)',
    conversion: 'the key becomes custom_id, and each request becomes a body with model and messages',
  },
};

/** The one problem of a file in another provider's format: what it looks like, and what to write. */
export function otherFormatMessage(format: OtherFormat, lines: number, objectLines: number): string {
  const { name, conversion } = DESCRIPTIONS[format];
  const share = lines < objectLines ? `${lines} of ${objectLines} lines are` : lines === 1 ? 'its line is' : `all ${lines} lines are`;
  return (
    `This looks like ${name}: ${share} in that format. The OpenAI Batch API expects {custom_id, method, url, body} per line, ` +
    `e.g. {"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": ..., "messages": [...]}}: ${conversion}. ` +
    'Other problems are listed once the file is in that form.'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
