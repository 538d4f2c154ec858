/** The words for a batch wherever it is named: the tree, quick picks, notifications and the
 *  commands' messages. Numbers are grouped by `locale` (the user's). Pure. */
import type { Batch } from 'openai/resources/batches';
import { formatCount, plural } from '../../../common/src/plural';

/** `in_progress` → `in progress`. */
export function statusText(status: string): string {
  return status.replace(/_/g, ' ');
}

function metadataValue(batch: Batch, key: string): string | undefined {
  const value = batch.metadata?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** True when the label would fall back to the id unless the input file's name is fetched. */
export function needsFileName(batch: Batch): boolean {
  return !metadataValue(batch, 'description') && !metadataValue(batch, 'input_file_name');
}

/** The input file's name as the batch knows it (metadata.input_file_name, set by Submit), else
 *  the name fetched from the Files API. */
export function inputFileName(batch: Batch, fetchedFileName?: string): string | undefined {
  return metadataValue(batch, 'input_file_name') ?? (fetchedFileName?.trim() || undefined);
}

/** metadata.description, else the input file's name (metadata.input_file_name, or the name
 *  fetched from the Files API), else the id. */
export function batchLabel(batch: Batch, fetchedFileName?: string): string {
  return metadataValue(batch, 'description') ?? inputFileName(batch, fetchedFileName) ?? batch.id;
}

type Counts = NonNullable<Batch['request_counts']>;

/** `1,234/1,250 · 2 failed`: done of all, and the failures; undefined before any is counted. */
export function shortCounts(counts: Counts | null | undefined, locale: string): string | undefined {
  if (!counts || counts.total === 0) return undefined;
  const done = `${formatCount(counts.completed, locale)}/${formatCount(counts.total, locale)}`;
  return counts.failed > 0 ? `${done} · ${formatCount(counts.failed, locale)} failed` : done;
}

/** The tree item's description, counts first so a narrow side bar still shows them:
 *  `21/200 · in progress`, `3/5 · 2 failed` (completed: the icon says so), `1 error · failed`,
 *  `validating`. The rest is in the tooltip. */
export function batchDescription(batch: Batch, locale: string): string {
  const errors = batch.errors?.data?.length ?? 0;
  const counts = shortCounts(batch.request_counts, locale) ?? (errors > 0 ? plural(errors, 'error', undefined, locale) : undefined);
  if (!counts) return statusText(batch.status);
  return batch.status === 'completed' ? counts : `${counts} · ${statusText(batch.status)}`;
}

/** Human summary of the counts: `12/12 requests`, `10/12 requests, 2 failed`. */
export function countsSummary(batch: Batch, locale: string): string {
  const counts = batch.request_counts;
  if (!counts || counts.total === 0) return 'no requests';
  const done = `${formatCount(counts.completed, locale)}/${plural(counts.total, 'request', undefined, locale)}`;
  return counts.failed > 0 ? `${done}, ${formatCount(counts.failed, locale)} failed` : done;
}

/** What a screen reader says for a batch's row: `Nightly run, in progress, 21 of 200 requests
 *  done, 2 failed`. */
export function batchAccessibilityLabel(batch: Batch, label: string, locale: string): string {
  const parts = [label, statusText(batch.status)];
  const counts = batch.request_counts;
  if (counts && counts.total > 0) {
    parts.push(`${formatCount(counts.completed, locale)} of ${plural(counts.total, 'request', undefined, locale)} done`);
    if (counts.failed > 0) parts.push(`${formatCount(counts.failed, locale)} failed`);
  }
  const errors = batch.errors?.data?.length ?? 0;
  if (errors > 0) parts.push(plural(errors, 'validation error', undefined, locale));
  return parts.join(', ');
}

/** A batch among others to pick from, with no icon beside it: `in progress · 21/200`. */
export function pickDescription(batch: Batch, locale: string): string {
  return [statusText(batch.status), shortCounts(batch.request_counts, locale)].filter(Boolean).join(' · ');
}
