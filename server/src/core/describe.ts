/** Plain-English fragments for messages: what a value is, what a type is, how a parameter is named. */
import type { JsonPath } from './locate';

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  switch (typeof value) {
    case 'string':
      return value.length === 0 ? 'an empty string' : `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A value in double quotes for a message, shortened when long (never splitting a surrogate pair). */
export function quote(value: string, max = 60): string {
  if (value.length <= max) return JSON.stringify(value);
  let cut = max - 3;
  if (/[\uD800-\uDBFF]/.test(value[cut - 1])) cut--;
  return JSON.stringify(`${value.slice(0, cut)}...`);
}

const typeNames: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

export function describeTypes(types: string[]): string {
  const names = [...new Set(types)].map((t) => typeNames[t] ?? t);
  if (names.length <= 1) return names[0] ?? 'another type';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function listValues(values: unknown[], max = 8): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  return values.length > max ? `${shown.join(', ')}, ...` : shown.join(', ');
}

/** `body.messages[0].role`: the API's own notation for `param`. */
export function paramName(path: JsonPath): string {
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name;
}
