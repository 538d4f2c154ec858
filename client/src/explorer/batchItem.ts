/** How a batch's row in the tree looks: its status icon, its tooltip, and the flags its context
 *  menu reads. Pure: the tree turns these into a TreeItem, tests assert them directly. */
import * as l10n from '@vscode/l10n';
import type { Batch } from 'openai/resources/batches';
import { formatCount, plural } from '../../../common/src/plural';
import { statusText } from '../batch/labels';
import { canCancel, isFinished, isRetryable } from '../batch/lifecycle';
import { escapeMarkdown } from '../util/escapeMarkdown';
import { timestamp } from '../util/format';

export interface StatusIcon {
  /** A codicon id, possibly with a modifier (`sync~spin`). */
  id: string;
  /** A theme colour id. */
  color: string;
}

export function statusIcon(batch: Batch): StatusIcon {
  switch (batch.status) {
    case 'validating':
      return { id: 'loading~spin', color: 'charts.yellow' };
    case 'in_progress':
      return { id: 'sync~spin', color: 'charts.blue' };
    case 'finalizing':
      return { id: 'loading~spin', color: 'charts.blue' };
    case 'completed':
      return (batch.request_counts?.failed ?? 0) > 0
        ? { id: 'warning', color: 'list.warningForeground' }
        : { id: 'check', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'expired':
      return { id: 'watch', color: 'list.warningForeground' };
    case 'cancelling':
      return { id: 'circle-slash', color: 'charts.orange' };
    case 'cancelled':
      return { id: 'circle-slash', color: 'disabledForeground' };
    default:
      return { id: 'question', color: 'foreground' };
  }
}

/** Space-separated flags for `viewItem =~ /\bflag\b/` menu clauses (package.json's menus). */
export function batchContextValue(batch: Batch): string {
  const flags = ['batch'];
  if (canCancel(batch)) flags.push('cancellable');
  if (batch.output_file_id) flags.push('hasOutput');
  if (batch.error_file_id) flags.push('hasErrors');
  if (isRetryable(batch)) flags.push('retryable');
  if (isFinished(batch)) flags.push('finished');
  return flags.join(' ');
}

/** The Markdown tooltip: name, status and id, the counts, endpoint and model, when, the input
 *  file, and what the description leaves out. */
export function batchTooltip(
  batch: Batch,
  label: string,
  inputPath: string | undefined,
  locale: string,
  nowMs: number = Date.now(),
): string {
  const n = (value: number) => formatCount(value, locale);
  const lines = [`**${escapeMarkdown(label)}**`, '', `${escapeMarkdown(statusText(batch.status))} · \`${batch.id}\``, ''];
  const counts = batch.request_counts;
  if (counts && counts.total > 0)
    lines.push(
      '- ' +
        (counts.failed > 0
          ? l10n.t('Requests: {0} of {1} completed, {2} failed', n(counts.completed), n(counts.total), n(counts.failed))
          : l10n.t('Requests: {0} of {1} completed', n(counts.completed), n(counts.total))),
    );
  const errors = batch.errors?.data?.length ?? 0;
  if (errors > 0) lines.push(`- ${plural(errors, l10n.t('validation error'), l10n.t('validation errors'), locale)}`);
  const endpoint = `${escapeMarkdown(batch.endpoint)}${batch.model ? ` · ${escapeMarkdown(batch.model)}` : ''}`;
  lines.push(`- ${l10n.t('Endpoint: {0}', endpoint)}`);
  lines.push(`- ${l10n.t('Created: {0}', escapeMarkdown(timestamp(batch.created_at, locale, nowMs)))}`);
  const ended = batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at;
  if (ended) lines.push(`- ${l10n.t('Ended: {0}', escapeMarkdown(timestamp(ended, locale, nowMs)))}`);
  else if (batch.expires_at) lines.push(`- ${l10n.t('Expires: {0}', escapeMarkdown(timestamp(batch.expires_at, locale, nowMs)))}`);
  if (inputPath) lines.push(`- ${l10n.t('Input file: {0}', escapeMarkdown(inputPath))}`);
  const description = batch.metadata?.description;
  if (typeof description === 'string' && description.trim() && description.trim() !== label)
    lines.push(`- ${l10n.t('Description: {0}', escapeMarkdown(description.trim()))}`);
  return lines.join('\n');
}
