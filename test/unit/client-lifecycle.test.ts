import * as assert from 'node:assert/strict';
import { canCancel, hasRun, isFinished, isOlderState, isRetryable, mayHaveUnrunRequests } from '../../client/src/batch/lifecycle';
import { batch } from '../helpers/clientBatches';

describe('client: the batch lifecycle', () => {
  it('knows which batches are finished and which can be cancelled', () => {
    for (const status of ['validating', 'in_progress', 'finalizing'] as const) {
      assert.equal(canCancel(batch({ status })), true, status);
      assert.equal(isFinished(batch({ status })), false, status);
    }
    assert.equal(canCancel(batch({ status: 'cancelling' })), false);
    for (const status of ['completed', 'failed', 'expired', 'cancelled'] as const) {
      assert.equal(canCancel(batch({ status })), false, status);
      assert.equal(isFinished(batch({ status })), true, status);
    }
  });

  it('knows which finished batches ran their requests, and which may have left some unrun', () => {
    for (const status of ['completed', 'expired', 'cancelled'] as const) assert.equal(hasRun(batch({ status })), true, status);
    for (const status of ['failed', 'validating', 'in_progress', 'finalizing', 'cancelling'] as const)
      assert.equal(hasRun(batch({ status })), false, status);
    for (const status of ['expired', 'cancelled'] as const) assert.equal(mayHaveUnrunRequests(batch({ status })), true, status);
    for (const status of ['completed', 'failed', 'in_progress', 'cancelling'] as const)
      assert.equal(mayHaveUnrunRequests(batch({ status })), false, status);
  });

  it('offers a retry file when requests failed or never ran', () => {
    assert.equal(isRetryable(batch({ status: 'completed', request_counts: { total: 2, completed: 1, failed: 1 } })), true);
    assert.equal(
      isRetryable(batch({ status: 'completed', error_file_id: 'file-err', request_counts: { total: 2, completed: 2, failed: 0 } })),
      true,
    );
    assert.equal(
      isRetryable(batch({ status: 'completed', output_file_id: 'f', request_counts: { total: 2, completed: 2, failed: 0 } })),
      false,
    );
    assert.equal(isRetryable(batch({ status: 'expired' })), true);
    assert.equal(isRetryable(batch({ status: 'cancelled' })), true);
    assert.equal(isRetryable(batch({ status: 'failed' })), false, 'refused at validation: fix the file instead');
    assert.equal(
      isRetryable(batch({ status: 'in_progress', request_counts: { total: 2, completed: 0, failed: 1 } })),
      false,
      'not finished yet',
    );
  });

  it('orders statuses so that a status never steps back', () => {
    const order = ['validating', 'in_progress', 'finalizing', 'cancelling'] as const;
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        assert.equal(isOlderState(batch({ status: order[i] }), batch({ status: order[j] })), i < j, `${order[i]} after ${order[j]}`);
      }
    }
    for (const final of ['completed', 'failed', 'expired', 'cancelled'] as const) {
      for (const earlier of order) {
        assert.equal(isOlderState(batch({ status: earlier }), batch({ status: final })), true, `${earlier} after ${final}`);
        assert.equal(isOlderState(batch({ status: final }), batch({ status: earlier })), false, `${final} after ${earlier}`);
      }
      assert.equal(
        isOlderState(batch({ status: 'completed' }), batch({ status: final })),
        false,
        'the final statuses are all as far as it goes',
      );
    }
  });
});
