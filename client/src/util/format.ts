/** How numbers, times and sizes read in the editor: in the user's locale (the caller passes it:
 *  `vscode.env.language`, see display.ts), thousands grouped, one format everywhere. Pure. */
import { formatCount, plural } from '../../../common/src/plural';

export { formatCount, plural };

function safely<T>(make: (locale: string) => T, locale: string): T {
  try {
    return make(locale);
  } catch {
    return make('en-US');
  }
}

const dateTimes = new Map<string, Intl.DateTimeFormat>();
const relatives = new Map<string, Intl.RelativeTimeFormat>();

/** `Mar 4, 2025, 2:05 PM` (en), `04.03.2025, 14:05` (de), in the local time zone. */
export function localTime(unixSeconds: number, locale: string): string {
  let format = dateTimes.get(locale);
  if (!format) {
    format = safely((l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }), locale);
    dateTimes.set(locale, format);
  }
  return format.format(new Date(unixSeconds * 1000));
}

/** `now`, `3 minutes ago`, `in 5 hours`, `2 days ago`, `3 months ago` (en); `vor 3 Minuten` (de). */
export function relativeTime(unixSeconds: number, locale: string, nowMs: number = Date.now()): string {
  let format = relatives.get(locale);
  if (!format) {
    format = safely((l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }), locale);
    relatives.set(locale, format);
  }
  const seconds = Math.round((unixSeconds * 1000 - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 90 * 60) return format.format(Math.sign(seconds) * Math.max(1, Math.round(abs / 60)), 'minute');
  if (abs < 36 * 3600) return format.format(Math.sign(seconds) * Math.round(abs / 3600), 'hour');
  if (abs < 45 * 86400) return format.format(Math.sign(seconds) * Math.round(abs / 86400), 'day');
  if (abs < 365 * 86400) return format.format(Math.sign(seconds) * Math.round(abs / (30.44 * 86400)), 'month');
  return format.format(Math.sign(seconds) * Math.round(abs / (365.25 * 86400)), 'year');
}

/** `Mar 4, 2025, 2:05 PM (3 minutes ago)`. */
export function timestamp(unixSeconds: number, locale: string, nowMs: number = Date.now()): string {
  return `${localTime(unixSeconds, locale)} (${relativeTime(unixSeconds, locale, nowMs)})`;
}

/** `512 B`, `2.0 KB`, `1,536.0 MB`: one decimal above a kilobyte, grouped by `locale`. */
export function bytes(n: number, locale: string): string {
  if (n < 1024) return `${formatCount(n, locale)} B`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'KB'] : [n / (1024 * 1024), 'MB'];
  const format = safely((l) => new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), locale);
  return `${format.format(value)} ${unit}`;
}
