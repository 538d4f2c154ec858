/** The words for a batch wherever it is named: the tree, quick picks, notifications and the
 *  commands' messages. Numbers are grouped by `locale` (the user's). Pure. */
import * as l10n from '@vscode/l10n';
import type { Batch } from 'openai/resources/batches';
import { formatCount, plural } from '../../../common/src/plural';

/** The statuses the Batch API documents, as the user reads them. */
const STATUS_TEXT: Record<string, () => string> = {
  validating: () => l10n.t('validating'),
  failed: () => l10n.t('failed'),
  in_progress: () => l10n.t('in progress'),
  finalizing: () => l10n.t('finalizing'),
  completed: () => l10n.t('completed'),
  expired: () => l10n.t('expired'),
  cancelling: () => l10n.t('cancelling'),
  cancelled: () => l10n.t('cancelled'),
};

/** `in_progress` → `in progress`; a status the API adds later reads as it is, underscores spaced. */
export function statusText(status: string): string {
  return Object.hasOwn(STATUS_TEXT, status) ? STATUS_TEXT[status]() : status.replace(/_/g, ' ');
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
  return counts.failed > 0 ? `${done} · ${l10n.t('{0} failed', formatCount(counts.failed, locale))}` : done;
}

/** The tree item's description, counts first so a narrow side bar still shows them:
 *  `21/200 · in progress`, `3/5 · 2 failed` (completed: the icon says so), `1 error · failed`,
 *  `validating`. The rest is in the tooltip. */
export function batchDescription(batch: Batch, locale: string): string {
  const errors = batch.errors?.data?.length ?? 0;
  const counts =
    shortCounts(batch.request_counts, locale) ?? (errors > 0 ? plural(errors, l10n.t('error'), l10n.t('errors'), locale) : undefined);
  if (!counts) return statusText(batch.status);
  return batch.status === 'completed' ? counts : `${counts} · ${statusText(batch.status)}`;
}

/** Human summary of the counts: `12/12 requests`, `10/12 requests, 2 failed`. */
export function countsSummary(batch: Batch, locale: string): string {
  const counts = batch.request_counts;
  if (!counts || counts.total === 0) return l10n.t('no requests');
  const done = `${formatCount(counts.completed, locale)}/${plural(counts.total, l10n.t('request'), l10n.t('requests'), locale)}`;
  return counts.failed > 0 ? `${done}, ${l10n.t('{0} failed', formatCount(counts.failed, locale))}` : done;
}

/** What a screen reader says for a batch's row: `Nightly run, in progress, 21 of 200 requests
 *  done, 2 failed`. */
export function batchAccessibilityLabel(batch: Batch, label: string, locale: string): string {
  const parts = [label, statusText(batch.status)];
  const counts = batch.request_counts;
  if (counts && counts.total > 0) {
    parts.push(
      l10n.t('{0} of {1} done', formatCount(counts.completed, locale), plural(counts.total, l10n.t('request'), l10n.t('requests'), locale)),
    );
    if (counts.failed > 0) parts.push(l10n.t('{0} failed', formatCount(counts.failed, locale)));
  }
  const errors = batch.errors?.data?.length ?? 0;
  if (errors > 0) parts.push(plural(errors, l10n.t('validation error'), l10n.t('validation errors'), locale));
  return parts.join(', ');
}

/** A batch among others to pick from, with no icon beside it: `in progress · 21/200`. */
export function pickDescription(batch: Batch, locale: string): string {
  return [statusText(batch.status), shortCounts(batch.request_counts, locale)].filter(Boolean).join(' · ');
}
