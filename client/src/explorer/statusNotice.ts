/** What to tell the user when a batch's status changes: the message, how serious, and the next
 *  steps to offer (download, retry file, show the batch). Pure: statusNotifier.ts shows it. */
import type { Batch } from 'openai/resources/batches';
import { plural } from '../../../common/src/plural';
import { countsSummary } from '../batch/labels';

export type NoticeAction = 'downloadOutput' | 'downloadErrors' | 'createRetryFile' | 'showBatch';

export interface StatusNotice {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: NoticeAction[];
}

/** The notification for a batch's new status: brief when it starts or finalizes, with the next
 *  steps when it finishes; none for validating or cancelling (the Cancel command says so itself). */
export function statusNotice(batch: Batch, label: string): StatusNotice | undefined {
  const name = `Batch '${label}'`;
  const failed = (batch.request_counts?.failed ?? 0) > 0;
  const downloads: NoticeAction[] = [
    ...(batch.output_file_id ? (['downloadOutput'] as const) : []),
    ...(batch.error_file_id ? (['downloadErrors'] as const) : []),
  ];
  switch (batch.status) {
    case 'completed':
      return {
        severity: failed ? 'warning' : 'info',
        message: `${name} completed: ${countsSummary(batch)}`,
        actions: [...downloads, ...(failed ? (['createRetryFile'] as const) : [])],
      };
    case 'failed': {
      const errors = batch.errors?.data ?? [];
      const first = errors[0];
      const detail = first
        ? `: ${first.line !== undefined && first.line !== null ? `line ${first.line}: ` : ''}${first.message ?? first.code ?? ''}`
        : '';
      const more = errors.length > 1 ? ` (and ${plural(errors.length - 1, 'more error')})` : '';
      return { severity: 'error', message: `${name} failed${detail}${more}`, actions: ['showBatch'] };
    }
    case 'expired':
      return { severity: 'warning', message: `${name} expired: ${countsSummary(batch)}`, actions: [...downloads, 'createRetryFile'] };
    case 'cancelled':
      return { severity: 'info', message: `${name} cancelled: ${countsSummary(batch)}`, actions: downloads };
    case 'in_progress':
      return { severity: 'info', message: `${name} is in progress: ${countsSummary(batch)}`, actions: [] };
    case 'finalizing':
      return { severity: 'info', message: `${name} is finalizing: ${countsSummary(batch)}`, actions: [] };
    default:
      return undefined;
  }
}
