/** What to tell the user when a batch's status changes: the message, how serious, and the next
 *  steps to offer (download, retry file, show the batch). Pure: statusNotifier.ts shows it. */
import * as l10n from '@vscode/l10n';
import type { Batch } from 'openai/resources/batches';
import { formatCount, plural } from '../../../common/src/plural';
import { countsSummary } from '../batch/labels';

export type NoticeAction = 'downloadOutput' | 'downloadErrors' | 'createRetryFile' | 'showBatch';

export interface StatusNotice {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: NoticeAction[];
}

/** The notification for a batch's new status: brief when it starts or finalizes, with the next
 *  steps when it finishes (a retry file too when it stopped before every request ran); none for
 *  validating or cancelling (the Cancel command says so itself). Numbers grouped by `locale`. */
export function statusNotice(batch: Batch, label: string, locale: string): StatusNotice | undefined {
  const counts = batch.request_counts;
  const failed = (counts?.failed ?? 0) > 0;
  // Stopped early (expired, cancelled): requests that never ran, or failed, can be sent again.
  const unrun = !counts || counts.total === 0 || counts.completed + counts.failed < counts.total;
  const retry: NoticeAction[] = failed || unrun ? ['createRetryFile'] : [];
  const summary = countsSummary(batch, locale);
  const downloads: NoticeAction[] = [
    ...(batch.output_file_id ? (['downloadOutput'] as const) : []),
    ...(batch.error_file_id ? (['downloadErrors'] as const) : []),
  ];
  switch (batch.status) {
    case 'completed':
      return {
        severity: failed ? 'warning' : 'info',
        message: l10n.t("Batch '{0}' completed: {1}", label, summary),
        actions: [...downloads, ...(failed ? (['createRetryFile'] as const) : [])],
      };
    case 'failed': {
      const errors = batch.errors?.data ?? [];
      const first = errors[0];
      const reason = first ? (first.message ?? first.code ?? '') : '';
      const detail = !first
        ? ''
        : first.line !== undefined && first.line !== null
          ? l10n.t(': line {0}: {1}', formatCount(first.line, locale), reason)
          : `: ${reason}`;
      const more =
        errors.length > 1 ? ' ' + l10n.t('(and {0})', plural(errors.length - 1, l10n.t('more error'), l10n.t('more errors'), locale)) : '';
      return { severity: 'error', message: l10n.t("Batch '{0}' failed{1}{2}", label, detail, more), actions: ['showBatch'] };
    }
    case 'expired':
      return { severity: 'warning', message: l10n.t("Batch '{0}' expired: {1}", label, summary), actions: [...downloads, ...retry] };
    case 'cancelled':
      return { severity: 'info', message: l10n.t("Batch '{0}' cancelled: {1}", label, summary), actions: [...downloads, ...retry] };
    case 'in_progress':
      return { severity: 'info', message: l10n.t("Batch '{0}' is in progress: {1}", label, summary), actions: [] };
    case 'finalizing':
      return { severity: 'info', message: l10n.t("Batch '{0}' is finalizing: {1}", label, summary), actions: [] };
    default:
      return undefined;
  }
}
