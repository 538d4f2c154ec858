/** Counts as people read them: `1 request`, `12,000 requests`, `2 entries`. The one plural
 *  helper of the client and the CLI. Digits are grouped by `locale`: the editor passes the
 *  user's display language, the CLI and the server's messages keep en-US so that their output
 *  reads alike on every machine and scripts can match it. */

const formats = new Map<string, Intl.NumberFormat>();

/** `locale` if the runtime knows it, else en-US: a bad display-language tag never throws. */
export function numberFormat(locale = 'en-US'): Intl.NumberFormat {
  let format = formats.get(locale);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    } catch {
      format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    }
    formats.set(locale, format);
  }
  return format;
}

/** `12,000` (en), `12.000` (de): a whole number with its thousands grouped. */
export function formatCount(count: number, locale = 'en-US'): string {
  return numberFormat(locale).format(count);
}

/** `1 request`, `12,000 requests`; `pluralNoun` where adding an s is wrong (`entries`). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`, locale = 'en-US'): string {
  return `${formatCount(count, locale)} ${count === 1 ? noun : pluralNoun}`;
}
