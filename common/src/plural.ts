/** `1 request`, `12,000 requests`, `2 entries`: a count with its noun, for every message of the
 *  client and the CLI. Digits are grouped the same (en-US) whatever the machine's locale, so
 *  messages read alike everywhere and tests can match them. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}
