/** What to tell the user when a batch's status changes: the message, how serious, and the next
 *  steps to offer (download, retry file, show the batch). Pure: statusNotifier.ts shows it. */
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
  const name = `Batch '${label}'`;
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
        message: `${name} completed: ${summary}`,
        actions: [...downloads, ...(failed ? (['createRetryFile'] as const) : [])],
      };
    case 'failed': {
      const errors = batch.errors?.data ?? [];
      const first = errors[0];
      const detail = first
        ? `: ${first.line !== undefined && first.line !== null ? `line ${formatCount(first.line, locale)}: ` : ''}${first.message ?? first.code ?? ''}`
        : '';
      const more = errors.length > 1 ? ` (and ${plural(errors.length - 1, 'more error', undefined, locale)})` : '';
      return { severity: 'error', message: `${name} failed${detail}${more}`, actions: ['showBatch'] };
    }
    case 'expired':
      return { severity: 'warning', message: `${name} expired: ${summary}`, actions: [...downloads, ...retry] };
    case 'cancelled':
      return { severity: 'info', message: `${name} cancelled: ${summary}`, actions: [...downloads, ...retry] };
    case 'in_progress':
      return { severity: 'info', message: `${name} is in progress: ${summary}`, actions: [] };
    case 'finalizing':
      return { severity: 'info', message: `${name} is finalizing: ${summary}`, actions: [] };
    default:
      return undefined;
  }
}
