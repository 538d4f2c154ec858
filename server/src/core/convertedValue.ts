/** The one obvious repair of a value of the wrong type: the same value written as the type the
 *  schema wants, when it is plainly that value (`"3"` where a number goes, `4` where a string
 *  goes, `"True"` where a boolean goes). */

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const JSON_INTEGER = /^-?(0|[1-9]\d*)$/;

/** The JSON text to write instead, or undefined when no conversion is obvious. `expected`: the
 *  types the schema accepts (`integer`, `number`, `string`, ...); `written`: the value's own text. */
export function convertedValue(expected: readonly string[], value: unknown, written: string): string | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    if (expected.includes('number') && JSON_NUMBER.test(text)) return text;
    if (expected.includes('integer') && JSON_INTEGER.test(text)) return text;
    if (expected.includes('boolean') && /^(true|false)$/i.test(text)) return text.toLowerCase();
    return undefined;
  }
  // A number keeps its own digits (`1.50` stays "1.50"): a JSON number needs no escaping.
  if (typeof value === 'number' && expected.includes('string') && JSON_NUMBER.test(written)) return `"${written}"`;
  return undefined;
}
