/** The rows under a batch in the tree: what the user came for first (a failed batch's errors and
 *  the next step), then the Batch object's fields that have a value; groups with nothing in them
 *  (no usage yet, no metadata) are left out. Show Batch as JSON has every field. Pure. */
import * as l10n from '@vscode/l10n';
import type { Batch } from 'openai/resources/batches';
import { formatCount, plural } from '../../../common/src/plural';
import { shortCounts, statusText } from '../batch/labels';
import { isRetryable, mayHaveUnrunRequests } from '../batch/lifecycle';
import { timestamp } from '../util/format';

/** A command a row runs when clicked. */
export interface RowCommand {
  command: string;
  title: string;
  arguments: unknown[];
}

/** One row under a batch: a field name (the API's, untranslated) and its value, possibly with rows of its own. */
export interface FieldRow {
  /** Stable within its batch: `status`, `metadata.description`, `errors.2`, `next`. */
  key: string;
  label: string;
  value: string;
  tooltip?: string;
  children?: FieldRow[];
  /** Shown expanded (errors are what a user of a failed batch came for). */
  expanded?: boolean;
  /** A validation error's line in the input file, 1-based as the API reports it. */
  line?: number;
  /** What clicking the row does (the next step). */
  command?: RowCommand;
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

function errorRows(batch: Batch, locale: string): FieldRow | undefined {
  const errors = batch.errors?.data ?? [];
  if (errors.length === 0) return undefined;
  return {
    key: 'errors',
    label: 'errors',
    value: plural(errors.length, l10n.t('error'), l10n.t('errors'), locale),
    expanded: true,
    children: errors.map((error, index) => {
      const code = error.code ?? 'error';
      const line = typeof error.line === 'number' ? error.line : undefined;
      const tooltip = [error.message, error.param ? `param: ${error.param}` : undefined].filter(Boolean).join('\n');
      return {
        key: `errors.${index}`,
        label: line !== undefined ? l10n.t('line {0}: {1}', formatCount(line, locale), code) : code,
        value: error.message ?? '',
        ...(tooltip ? { tooltip } : {}),
        ...(line !== undefined ? { line } : {}),
      };
    }),
  };
}

/** What to do about a batch that did not fully succeed, as a row to click. */
function nextStep(batch: Batch, locale: string): FieldRow | undefined {
  if (batch.status === 'failed') {
    const first = batch.errors?.data?.find((error) => typeof error.line === 'number')?.line ?? undefined;
    const click =
      first !== undefined && first !== null
        ? l10n.t('Click to open the input file at line {0}.', formatCount(first, locale))
        : l10n.t('Click to open the input file.');
    return {
      key: 'next',
      label: l10n.t('next step'),
      value: l10n.t('fix the input file, then submit it again'),
      tooltip: `${l10n.t('None of the requests ran: the Batch API refused the input file.')}\n\n${click}`,
      command: { command: 'batchStudio.openInputLine', title: l10n.t('Open Input File at Line'), arguments: [batch.id, first ?? 1] },
    };
  }
  if (!isRetryable(batch)) return undefined;
  const failed = batch.request_counts?.failed ?? 0;
  const failedOnes =
    failed > 0 ? l10n.t('the {0}', plural(failed, l10n.t('failed request'), l10n.t('failed requests'), locale)) : undefined;
  const unrun = mayHaveUnrunRequests(batch) ? l10n.t('those that never ran') : undefined;
  const what = failedOnes && unrun ? l10n.t('{0} and {1}', failedOnes, unrun) : (failedOnes ?? unrun ?? l10n.t('the failed requests'));
  return {
    key: 'next',
    label: l10n.t('next step'),
    value: l10n.t('Create Retry File: {0}', what),
    tooltip: l10n.t('Click to write the input lines of these requests, unchanged, to a .retry.jsonl file beside the input.'),
    command: { command: 'batchStudio.createRetryFile', title: l10n.t('Create Retry File'), arguments: [batch.id] },
  };
}

/** The rows under a batch: errors and the next step first when it failed, then its fields. */
export function batchRows(batch: Batch, locale: string, nowMs: number = Date.now()): FieldRow[] {
  const rows: FieldRow[] = [];
  const add = (key: string, value: string | null | undefined, tooltip?: string) => {
    if (value === undefined || value === null || value === '') return;
    rows.push({ key, label: key, value, ...(tooltip ? { tooltip } : {}) });
  };
  const errors = errorRows(batch, locale);
  const next = nextStep(batch, locale);
  if (batch.status === 'failed' && errors) rows.push(errors);
  if (next) rows.push(next);

  add('status', statusText(batch.status));
  const counts = batch.request_counts;
  const countsText = shortCounts(counts, locale);
  if (counts && countsText) {
    rows.push({
      key: 'request_counts',
      label: 'request_counts',
      value: countsText,
      children: (['total', 'completed', 'failed'] as const).map((k) => ({
        key: `request_counts.${k}`,
        label: k,
        value: formatCount(counts[k], locale),
      })),
    });
  }
  if (batch.status !== 'failed' && errors) rows.push(errors);

  add('id', batch.id);
  add('endpoint', batch.endpoint);
  add('model', batch.model);
  add('input_file_id', batch.input_file_id);
  add('output_file_id', batch.output_file_id);
  add('error_file_id', batch.error_file_id);
  add('completion_window', batch.completion_window);
  for (const key of TIMESTAMPS) {
    const value = batch[key];
    if (typeof value === 'number') add(key, timestamp(value, locale, nowMs), `${new Date(value * 1000).toISOString()} (${value})`);
  }

  const metadata = Object.entries(batch.metadata ?? {});
  if (metadata.length > 0) {
    rows.push({
      key: 'metadata',
      label: 'metadata',
      value: plural(metadata.length, l10n.t('entry'), l10n.t('entries'), locale),
      children: metadata.map(([k, v]) => ({ key: `metadata.${k}`, label: k, value: v, tooltip: v })),
    });
  }

  const usage = batch.usage;
  if (usage && (usage.total_tokens ?? 0) > 0) {
    const children: FieldRow[] = [];
    const addUsage = (key: string, value: number | undefined) => {
      if (typeof value === 'number' && value > 0) children.push({ key: `usage.${key}`, label: key, value: formatCount(value, locale) });
    };
    addUsage('input_tokens', usage.input_tokens);
    addUsage('cached_tokens', usage.input_tokens_details?.cached_tokens);
    addUsage('output_tokens', usage.output_tokens);
    addUsage('reasoning_tokens', usage.output_tokens_details?.reasoning_tokens);
    addUsage('total_tokens', usage.total_tokens);
    rows.push({ key: 'usage', label: 'usage', value: plural(usage.total_tokens, l10n.t('token'), l10n.t('tokens'), locale), children });
  }
  return rows;
}
