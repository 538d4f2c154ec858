import * as assert from 'node:assert/strict';
import { statusNotice } from '../../client/src/explorer/statusNotice';
import { batch } from '../helpers/clientBatches';

describe('client: notices of status changes', () => {
  it('announces completion with the counts and a download button', () => {
    const notice = statusNotice(
      batch({ status: 'completed', output_file_id: 'file-out', request_counts: { total: 12, completed: 12, failed: 0 } }),
      'x',
      'en',
    );
    assert.deepEqual(notice, { severity: 'info', message: "Batch 'x' completed: 12/12 requests", actions: ['downloadOutput'] });
  });
  it('groups thousands in the user locale', () => {
    const counts = { total: 40000, completed: 39999, failed: 1 };
    assert.equal(
      statusNotice(batch({ status: 'completed', request_counts: counts }), 'x', 'en')!.message,
      "Batch 'x' completed: 39,999/40,000 requests, 1 failed",
    );
    assert.equal(
      statusNotice(batch({ status: 'completed', request_counts: counts }), 'x', 'de')!.message,
      "Batch 'x' completed: 39.999/40.000 requests, 1 failed",
    );
  });
  it('offers errors and a retry file when requests failed', () => {
    const notice = statusNotice(
      batch({ status: 'completed', output_file_id: 'o', error_file_id: 'e', request_counts: { total: 12, completed: 10, failed: 2 } }),
      'x',
      'en',
    )!;
    assert.equal(notice.severity, 'warning');
    assert.equal(notice.message, "Batch 'x' completed: 10/12 requests, 2 failed");
    assert.deepEqual(notice.actions, ['downloadOutput', 'downloadErrors', 'createRetryFile']);
  });
  it('offers a retry file for the requests a cancelled or expired batch never ran', () => {
    const cancelled = statusNotice(
      batch({ status: 'cancelled', output_file_id: 'o', request_counts: { total: 60, completed: 12, failed: 0 } }),
      'x',
      'en',
    )!;
    assert.equal(cancelled.message, "Batch 'x' cancelled: 12/60 requests");
    assert.deepEqual(cancelled.actions, ['downloadOutput', 'createRetryFile']);
    const expired = statusNotice(batch({ status: 'expired', request_counts: { total: 60, completed: 50, failed: 0 } }), 'x', 'en')!;
    assert.deepEqual(expired.actions, ['createRetryFile']);
    // Every request ran and none failed before the cancel took effect: nothing to retry.
    const allDone = statusNotice(
      batch({ status: 'cancelled', output_file_id: 'o', request_counts: { total: 3, completed: 3, failed: 0 } }),
      'x',
      'en',
    )!;
    assert.deepEqual(allDone.actions, ['downloadOutput']);
  });
  it('names the first validation error of a failed batch', () => {
    const notice = statusNotice(
      batch({
        status: 'failed',
        errors: {
          data: [
            { code: 'invalid_url', message: 'Bad url.', line: 2 },
            { code: 'invalid_url', message: 'Bad url.', line: 5 },
          ],
        },
      }),
      'x',
      'en',
    )!;
    assert.equal(notice.message, "Batch 'x' failed: line 2: Bad url. (and 1 more error)");
    assert.deepEqual(notice.actions, ['showBatch']);
  });
  it('announces intermediate steps briefly, without buttons', () => {
    const started = statusNotice(batch({ status: 'in_progress', request_counts: { total: 12, completed: 0, failed: 0 } }), 'x', 'en')!;
    assert.deepEqual(started, { severity: 'info', message: "Batch 'x' is in progress: 0/12 requests", actions: [] });
    assert.equal(statusNotice(batch({ status: 'cancelling' }), 'x', 'en'), undefined, 'the Cancel command says so itself');
    assert.equal(statusNotice(batch({ status: 'validating' }), 'x', 'en'), undefined);
  });
});
