/** The words for a batch wherever it is named: the tree, quick picks, notifications and the
 *  commands' messages. Pure. */
import type { Batch } from 'openai/resources/batches';

/** `in_progress` → `in progress`. */
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

/** Human summary of the counts: `12/12 requests`, `10/12 requests, 2 failed`. */
export function countsSummary(batch: Batch): string {
  const counts = batch.request_counts;
  if (!counts || counts.total === 0) return 'no requests';
  return `${counts.completed}/${counts.total} requests${counts.failed > 0 ? `, ${counts.failed} failed` : ''}`;
}
