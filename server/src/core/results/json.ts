/** The JSON that requests and results are read from, taken as it comes: an object or nothing, a
 *  line's value after a byte order mark, a message's content as text. Pure. */

export type Json = Record<string, unknown>;

/** `value` when it is a JSON object (not null, not an array). */
export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A line's JSON value, a leading byte order mark skipped; throws as JSON.parse does. */
export function parseJsonLine(line: string): unknown {
  return JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
}

/** A message's content as text: a string as it is, or the text `partText` finds in each of its
 *  parts, those with none left out, joined by `separator`. */
export function contentText(content: unknown, partText: (part: Json | undefined) => string, separator: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => partText(asObject(part)))
    .filter(Boolean)
    .join(separator);
}
