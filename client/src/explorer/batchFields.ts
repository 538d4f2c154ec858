/** The rows under a batch in the tree: every field of the Batch object, unset ones included, with
 *  validation errors as `line N: code` rows that open the input file there. Pure. */
import type { Batch } from 'openai/resources/batches';
import { plural } from '../../../common/src/plural';
import { timestamp } from '../util/format';

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

const TIMESTAMPS = [
  'created_at',
  'in_progress_at',
  'finalizing_at',
  'completed_at',
  'failed_at',
  'expired_at',
  'cancelling_at',
  'cancelled_at',
  'expires_at',
] as const;

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
      children: (['total', 'completed', 'failed'] as const).map((k) => ({
        key: `request_counts.${k}`,
        label: k,
        value: String(counts[k]),
      })),
    });
  }

  const metadata = Object.entries(batch.metadata ?? {});
  if (metadata.length === 0) add('metadata', undefined);
  else {
    rows.push({
      key: 'metadata',
      label: 'metadata',
      value: plural(metadata.length, 'entry', 'entries'),
      expanded: true,
      children: metadata.map(([k, v]) => ({ key: `metadata.${k}`, label: k, value: v, tooltip: v })),
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
    rows.push({ key: 'usage', label: 'usage', value: plural(usage.total_tokens ?? 0, 'token'), children });
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
