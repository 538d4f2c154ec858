/** Batches of one split file side by side: the parts that Submit All Parts sends
 *  (`reviews.part-001.jsonl`, `reviews.part-002.jsonl`, …) are shown under their common name
 *  (`reviews.jsonl`) with their combined counts. Pure. */
import * as l10n from '@vscode/l10n';
import type { Batch } from 'openai/resources/batches';
import { GROUP_METADATA_KEY, parsePartFileName } from '../../../common/src/partFiles';
import { formatCount, plural } from '../../../common/src/plural';
import { shortCounts, statusText } from '../batch/labels';
import { isFinished } from '../batch/lifecycle';
import type { StatusIcon } from './batchItem';

/** A batch of `reviews.part-002.jsonl` → `{ name: 'reviews.jsonl', part: 2 }` (the group Submit
 *  All Parts wrote in its metadata, else the one its file name says); undefined for other files. */
export function partOf(batch: Batch, fileName: string | undefined): { name: string; part: number } | undefined {
  const parsed = fileName ? parsePartFileName(fileName) : undefined;
  if (!parsed) return undefined;
  const group = batch.metadata?.[GROUP_METADATA_KEY];
  return { name: typeof group === 'string' && group.trim() ? group.trim() : parsed.group, part: parsed.index };
}

export type Entry = { kind: 'batch'; batch: Batch } | { kind: 'group'; name: string; batches: Batch[] };

/** The list's batches (newest first) with the parts of a file gathered into one group, where the
 *  newest of them is, their parts in order. One part alone stays a batch of its own. */
export function groupBatches(batches: readonly Batch[], fileNameOf: (batch: Batch) => string | undefined): Entry[] {
  const members = new Map<string, { batch: Batch; part: number }[]>();
  for (const batch of batches) {
    const part = partOf(batch, fileNameOf(batch));
    if (part) members.set(part.name, [...(members.get(part.name) ?? []), { batch, part: part.part }]);
  }
  const entries: Entry[] = [];
  const placed = new Set<string>();
  for (const batch of batches) {
    const name = partOf(batch, fileNameOf(batch))?.name;
    const group = name ? members.get(name) : undefined;
    if (!name || !group || group.length < 2) entries.push({ kind: 'batch', batch });
    else if (!placed.has(name)) {
      placed.add(name);
      const ordered = [...group].sort((a, b) => a.part - b.part || b.batch.created_at - a.batch.created_at);
      entries.push({ kind: 'group', name, batches: ordered.map((m) => m.batch) });
    }
  }
  return entries;
}

function combinedCounts(batches: readonly Batch[]): { total: number; completed: number; failed: number } {
  const sum = { total: 0, completed: 0, failed: 0 };
  for (const batch of batches) {
    sum.total += batch.request_counts?.total ?? 0;
    sum.completed += batch.request_counts?.completed ?? 0;
    sum.failed += batch.request_counts?.failed ?? 0;
  }
  return sum;
}

/** How many parts are in each status, most advanced first: `2 completed, 1 in progress`. */
function statusCounts(batches: readonly Batch[], locale: string): string {
  const byStatus = new Map<string, number>();
  for (const batch of batches) byStatus.set(batch.status, (byStatus.get(batch.status) ?? 0) + 1);
  return [...byStatus].map(([status, n]) => l10n.t('{0} {1}', formatCount(n, locale), statusText(status))).join(', ');
}

const partCount = (n: number, locale: string): string => plural(n, l10n.t('part'), l10n.t('parts'), locale);

/** `1,234/1,250 · 2 failed · 3 parts`: the combined counts first, as a batch's. */
export function groupDescription(batches: readonly Batch[], locale: string): string {
  const counts = shortCounts(combinedCounts(batches), locale);
  const parts = partCount(batches.length, locale);
  const running = batches.filter((b) => !isFinished(b)).length;
  const tail = running > 0 ? l10n.t('{0}, {1} running', parts, formatCount(running, locale)) : parts;
  return counts ? `${counts} · ${tail}` : tail;
}

export function groupTooltip(name: string, batches: readonly Batch[], labelOf: (batch: Batch) => string, locale: string): string {
  const counts = combinedCounts(batches);
  const n = (value: number) => formatCount(value, locale);
  const lines = [`**${name}**`, '', `${partCount(batches.length, locale)}: ${statusCounts(batches, locale)}`, ''];
  if (counts.total > 0)
    lines.push(
      '- ' +
        (counts.failed > 0
          ? l10n.t('Requests: {0} of {1} completed, {2} failed', n(counts.completed), n(counts.total), n(counts.failed))
          : l10n.t('Requests: {0} of {1} completed', n(counts.completed), n(counts.total))),
    );
  for (const batch of batches) lines.push(`- ${labelOf(batch)}: ${statusText(batch.status)}`);
  return lines.join('\n');
}

export function groupAccessibilityLabel(name: string, batches: readonly Batch[], locale: string): string {
  const counts = combinedCounts(batches);
  const parts = [name, partCount(batches.length, locale), statusCounts(batches, locale)];
  if (counts.total > 0)
    parts.push(
      l10n.t('{0} of {1} done', formatCount(counts.completed, locale), plural(counts.total, l10n.t('request'), l10n.t('requests'), locale)),
    );
  if (counts.failed > 0) parts.push(l10n.t('{0} failed', formatCount(counts.failed, locale)));
  return parts.join(', ');
}

/** The most pressing of the parts' states: running, then failed, then partly failed, else done. */
export function groupIcon(batches: readonly Batch[]): StatusIcon {
  if (batches.some((b) => !isFinished(b))) return { id: 'sync~spin', color: 'charts.blue' };
  if (batches.some((b) => b.status === 'failed')) return { id: 'error', color: 'testing.iconFailed' };
  if (batches.some((b) => b.status !== 'completed' || (b.request_counts?.failed ?? 0) > 0))
    return { id: 'warning', color: 'list.warningForeground' };
  return { id: 'check', color: 'testing.iconPassed' };
}
