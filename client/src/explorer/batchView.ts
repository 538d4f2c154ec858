/** How a batch looks in the explorer: label, description, icon, tooltip and the rows under it.
 *  Pure: the tree turns these into TreeItems, tests assert them directly. */
import type { Batch } from 'openai/resources/batches';
import { count, timestamp } from './format';

export type BatchStatus = Batch['status'];

const FINISHED: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['completed', 'failed', 'expired', 'cancelled']);
const CANCELLABLE: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['validating', 'in_progress', 'finalizing']);

/** Nothing will change any more: no polling, no cancel. */
export function isFinished(batch: Pick<Batch, 'status'>): boolean {
  return FINISHED.has(batch.status);
}

export function canCancel(batch: Pick<Batch, 'status'>): boolean {
  return CANCELLABLE.has(batch.status);
}

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

/** metadata.description, else the input file's name (metadata.input_file_name, or the name
 *  fetched from the Files API), else the id. */
export function batchLabel(batch: Batch, fetchedFileName?: string): string {
  return metadataValue(batch, 'description') ?? metadataValue(batch, 'input_file_name') ?? (fetchedFileName?.trim() || batch.id);
}

/** `in progress · 10/12 · 2 failed`; just the status while there are no requests counted yet. */
export function batchDescription(batch: Batch): string {
  const counts = batch.request_counts;
  const parts = [statusText(batch.status)];
  if (counts && counts.total > 0) {
    parts.push(`${counts.completed}/${counts.total}`);
    if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  }
  return parts.join(' · ');
}

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
      return (batch.request_counts?.failed ?? 0) > 0 ? { id: 'warning', color: 'list.warningForeground' } : { id: 'check', color: 'testing.iconPassed' };
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

/** A retry file can hold something: requests failed, or never ran (expired, cancelled). */
export function isRetryable(batch: Batch): boolean {
  if (batch.status === 'expired' || batch.status === 'cancelled') return true;
  return batch.status === 'completed' && (Boolean(batch.error_file_id) || (batch.request_counts?.failed ?? 0) > 0);
}

/** Space-separated flags for `viewItem =~ /\bflag\b/` menu clauses. */
export function batchContextValue(batch: Batch): string {
  const flags = ['batch'];
  if (canCancel(batch)) flags.push('cancellable');
  if (batch.output_file_id) flags.push('hasOutput');
  if (batch.error_file_id) flags.push('hasErrors');
  if (isRetryable(batch)) flags.push('retryable');
  if (isFinished(batch)) flags.push('finished');
  return flags.join(' ');
}

/** Escapes text for a Markdown tooltip. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

export function batchTooltip(batch: Batch, label: string, inputPath: string | undefined, nowMs: number = Date.now()): string {
  const lines = [`**${escapeMarkdown(label)}**`, '', `\`${batch.id}\` — ${escapeMarkdown(statusText(batch.status))}`, ''];
  lines.push(`- Endpoint: ${escapeMarkdown(batch.endpoint)}${batch.model ? ` · ${escapeMarkdown(batch.model)}` : ''}`);
  const counts = batch.request_counts;
  if (counts) lines.push(`- Requests: ${counts.completed} completed, ${counts.failed} failed, ${counts.total} total`);
  lines.push(`- Created: ${escapeMarkdown(timestamp(batch.created_at, nowMs))}`);
  const ended = batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at;
  if (ended) lines.push(`- Ended: ${escapeMarkdown(timestamp(ended, nowMs))}`);
  else if (batch.expires_at) lines.push(`- Expires: ${escapeMarkdown(timestamp(batch.expires_at, nowMs))}`);
  const errors = batch.errors?.data?.length ?? 0;
  if (errors > 0) lines.push(`- ${count(errors, 'validation error')}`);
  if (inputPath) lines.push(`- Input file: ${escapeMarkdown(inputPath)}`);
  return lines.join('\n');
}

/** One row under a batch: a field name and its value, possibly with rows of its own. */
export interface FieldRow {
  /** Stable within its batch: `status`, `metadata.description`, `errors.2`. */
  key: string;
  label: string;
  value: string;
  tooltip?: string;
  children?: FieldRow[];
  /** Shown expanded (errors are what a user of a failed batch came for). */
  expanded?: boolean;
  /** A validation error's line in the input file, 1-based as the API reports it. */
  line?: number;
}

const TIMESTAMPS = ['created_at', 'in_progress_at', 'finalizing_at', 'completed_at', 'failed_at', 'expired_at', 'cancelling_at', 'cancelled_at', 'expires_at'] as const;

/** Shown for a field of the Batch object that has no value (yet): every field stays visible. */
export const UNSET = '—';

/** Every field of the Batch object, in the API's order of importance; unset ones show `—`. */
export function batchRows(batch: Batch, nowMs: number = Date.now()): FieldRow[] {
  const rows: FieldRow[] = [];
  const add = (key: string, value: string | null | undefined, tooltip?: string) => {
    const shown = value !== undefined && value !== null && value !== '' ? value : UNSET;
    rows.push({ key, label: key, value: shown, ...(tooltip ? { tooltip } : {}) });
  };
  add('id', batch.id);
  add('status', batch.status);
  add('endpoint', batch.endpoint);
  add('model', batch.model);
  add('input_file_id', batch.input_file_id);
  add('output_file_id', batch.output_file_id);
  add('error_file_id', batch.error_file_id);
  add('completion_window', batch.completion_window);
  for (const key of TIMESTAMPS) {
    const value = batch[key];
    if (typeof value === 'number') add(key, timestamp(value, nowMs), `${new Date(value * 1000).toISOString()} (${value})`);
    else add(key, undefined);
  }

  const counts = batch.request_counts;
  if (counts) {
    rows.push({
      key: 'request_counts',
      label: 'request_counts',
      value: `${counts.completed} completed · ${counts.failed} failed · ${counts.total} total`,
      children: (['total', 'completed', 'failed'] as const).map((k) => ({ key: `request_counts.${k}`, label: k, value: String(counts[k]) })),
    });
  }

  const metadata = Object.entries(batch.metadata ?? {});
  if (metadata.length === 0) add('metadata', undefined);
  else {
    rows.push({
      key: 'metadata',
      label: 'metadata',
      value: count(metadata.length, 'entry', 'entries'),
      expanded: true,
      children: metadata.map(([k, v]) => ({ key: `metadata.${k}`, label: k, value: String(v), tooltip: String(v) })),
    });
  }

  const usage = batch.usage;
  if (usage) {
    const children: FieldRow[] = [];
    const addUsage = (key: string, value: number | undefined) => {
      if (typeof value === 'number') children.push({ key: `usage.${key}`, label: key, value: value.toLocaleString('en-US') });
    };
    addUsage('input_tokens', usage.input_tokens);
    addUsage('cached_tokens', usage.input_tokens_details?.cached_tokens);
    addUsage('output_tokens', usage.output_tokens);
    addUsage('reasoning_tokens', usage.output_tokens_details?.reasoning_tokens);
    addUsage('total_tokens', usage.total_tokens);
    rows.push({ key: 'usage', label: 'usage', value: count(usage.total_tokens ?? 0, 'token'), children });
  }

  const errors = batch.errors?.data ?? [];
  if (errors.length === 0) add('errors', undefined);
  else {
    rows.push({
      key: 'errors',
      label: 'errors',
      value: String(errors.length),
      expanded: true,
      children: errors.map((error, index) => {
        const code = error.code ?? 'error';
        const line = typeof error.line === 'number' ? error.line : undefined;
        const tooltip = [error.message, error.param ? `param: ${error.param}` : undefined].filter(Boolean).join('\n');
        return {
          key: `errors.${index}`,
          label: line !== undefined ? `line ${line}: ${code}` : code,
          value: error.message ?? '',
          ...(tooltip ? { tooltip } : {}),
          ...(line !== undefined ? { line } : {}),
        };
      }),
    });
  }
  return rows;
}

/** Human summary of the counts: `12/12 requests`, `10/12 requests, 2 failed`. */
export function countsSummary(batch: Batch): string {
  const counts = batch.request_counts;
  if (!counts || counts.total === 0) return 'no requests';
  return `${counts.completed}/${counts.total} requests${counts.failed > 0 ? `, ${counts.failed} failed` : ''}`;
}

export type NoticeAction = 'downloadOutput' | 'downloadErrors' | 'createRetryFile' | 'showBatch';

export interface StatusNotice {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: NoticeAction[];
}

/** The notification for a batch that reached a final status, or undefined for other changes. */
export function statusNotice(batch: Batch, label: string): StatusNotice | undefined {
  const name = `Batch '${label}'`;
  const failed = (batch.request_counts?.failed ?? 0) > 0;
  const downloads: NoticeAction[] = [...(batch.output_file_id ? (['downloadOutput'] as const) : []), ...(batch.error_file_id ? (['downloadErrors'] as const) : [])];
  switch (batch.status) {
    case 'completed':
      return { severity: failed ? 'warning' : 'info', message: `${name} completed: ${countsSummary(batch)}`, actions: [...downloads, ...(failed ? (['createRetryFile'] as const) : [])] };
    case 'failed': {
      const errors = batch.errors?.data ?? [];
      const first = errors[0];
      const detail = first ? `: ${first.line !== undefined && first.line !== null ? `line ${first.line}: ` : ''}${first.message ?? first.code ?? ''}` : '';
      const more = errors.length > 1 ? ` (and ${count(errors.length - 1, 'more error')})` : '';
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
