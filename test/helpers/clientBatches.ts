/** Batch objects for the client's unit tests. */
import type { Batch } from 'openai/resources/batches';

let next = 0;

export function batch(overrides: Partial<Batch> = {}): Batch {
  next++;
  return {
    id: `batch_${String(next).padStart(4, '0')}`,
    object: 'batch',
    endpoint: '/v1/chat/completions',
    input_file_id: `file-in${next}`,
    completion_window: '24h',
    status: 'in_progress',
    created_at: 1_700_000_000 + next,
    request_counts: { total: 12, completed: 3, failed: 0 },
    ...overrides,
  };
}
