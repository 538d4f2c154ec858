/** A batch's lifecycle, the one place its rules live: `validating → in_progress → finalizing →
 *  completed`, or off to `failed` (refused at validation), `expired` (not done within its window)
 *  or `cancelling → cancelled`. What can be done with a batch follows from where it is. Pure. */
import type { Batch } from 'openai/resources/batches';

export type BatchStatus = Batch['status'];

type WithStatus = Pick<Batch, 'status'>;

/** How far along the lifecycle each status is; the final statuses are all as far as it goes. */
const STAGE: Record<BatchStatus, number> = {
  validating: 0,
  in_progress: 1,
  finalizing: 2,
  cancelling: 3,
  completed: 4,
  failed: 4,
  expired: 4,
  cancelled: 4,
};

/** A status the API may add later counts as the start, so it never hides a known one. */
function stage(batch: WithStatus): number {
  return STAGE[batch.status] ?? 0;
}

const FINAL: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['completed', 'failed', 'expired', 'cancelled']);

/** Nothing will change any more: no polling, no cancel; the result files are final. */
export function isFinished(batch: WithStatus): boolean {
  return FINAL.has(batch.status);
}

/** The API cancels a batch only while it is validating, in progress or finalizing. */
export function canCancel(batch: WithStatus): boolean {
  return batch.status === 'validating' || batch.status === 'in_progress' || batch.status === 'finalizing';
}

/** Finished after its requests ran. A `failed` batch was refused at validation: none ran. */
export function hasRun(batch: WithStatus): boolean {
  return isFinished(batch) && batch.status !== 'failed';
}

/** Stopped before reaching every request (expired or cancelled): some may never have run. */
export function mayHaveUnrunRequests(batch: WithStatus): boolean {
  return batch.status === 'expired' || batch.status === 'cancelled';
}

/** A retry file can hold something: requests failed, or never ran. */
export function isRetryable(batch: Pick<Batch, 'status' | 'error_file_id' | 'request_counts'>): boolean {
  if (mayHaveUnrunRequests(batch)) return true;
  return batch.status === 'completed' && (Boolean(batch.error_file_id) || (batch.request_counts?.failed ?? 0) > 0);
}

/** True when `next` is an earlier stage than `known`: a status never steps back, so `next` is an
 *  older copy (a fetch that started before a local update such as a cancel). */
export function isOlderState(next: WithStatus, known: WithStatus): boolean {
  return stage(next) < stage(known);
}
