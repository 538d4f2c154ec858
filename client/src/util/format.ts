/** How times and sizes read in messages and the explorer. Pure. */
import { plural } from '../../../common/src/plural';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-03-04 14:05:09` in the local time zone. */
export function localTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `3 min ago`, `in 5 h`, `just now`. */
export function relativeTime(unixSeconds: number, nowMs: number = Date.now()): string {
  const seconds = Math.round((nowMs - unixSeconds * 1000) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  let amount: string;
  if (abs < 90 * 60) amount = `${Math.max(1, Math.round(abs / 60))} min`;
  else if (abs < 36 * 3600) amount = `${Math.round(abs / 3600)} h`;
  else amount = plural(Math.round(abs / 86400), 'day');
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** `2025-03-04 14:05:09 (3 min ago)` */
export function timestamp(unixSeconds: number, nowMs: number = Date.now()): string {
  return `${localTime(unixSeconds)} (${relativeTime(unixSeconds, nowMs)})`;
}

/** `512 B`, `2.0 KB`, `5.0 MB`. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
