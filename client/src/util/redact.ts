/** Removes the API key from text shown or logged (error messages may echo it back). */

/** Keys shorter than this are not redacted: replacing every `ab` in a message would mangle it and
 *  hide nothing (such a key is not a real one, and the message then names no secret). */
const MIN_KEY_LENGTH = 4;

export function redact(text: string, key: string | undefined): string {
  if (!key || key.length < MIN_KEY_LENGTH) return text;
  return text.split(key).join('***');
}
