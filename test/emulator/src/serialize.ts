/** The Batch object as the API returns it. The spec's Batch schema types the optional fields
 *  (errors, output_file_id, the timestamps...) without null, so by default unset fields are left
 *  out; `nulls` sends them as explicit nulls, as the live API does. */
import type { BatchRecord } from './batches';

const OPTIONAL_FIELDS = [
  'model',
  'errors',
  'output_file_id',
  'error_file_id',
  'in_progress_at',
  'finalizing_at',
  'completed_at',
  'failed_at',
  'expired_at',
  'cancelling_at',
  'cancelled_at',
] as const;

export function batchObject(batch: BatchRecord, nulls: boolean): Record<string, unknown> {
  // Key order follows the spec's examples.
  const out: Record<string, unknown> = {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    model: batch.model,
    errors: batch.errors,
    input_file_id: batch.input_file_id,
    completion_window: batch.completion_window,
    status: batch.status,
    output_file_id: batch.output_file_id,
    error_file_id: batch.error_file_id,
    created_at: batch.created_at,
    in_progress_at: batch.in_progress_at,
    expires_at: batch.expires_at,
    finalizing_at: batch.finalizing_at,
    completed_at: batch.completed_at,
    failed_at: batch.failed_at,
    expired_at: batch.expired_at,
    cancelling_at: batch.cancelling_at,
    cancelled_at: batch.cancelled_at,
    request_counts: { ...batch.request_counts },
    metadata: batch.metadata === null ? null : { ...batch.metadata },
    usage: structuredClone(batch.usage),
  };
  for (const field of OPTIONAL_FIELDS) {
    if (out[field] !== undefined) continue;
    if (nulls) out[field] = null;
    else delete out[field];
  }
  if (out.errors) out.errors = structuredClone(out.errors);
  return out;
}
