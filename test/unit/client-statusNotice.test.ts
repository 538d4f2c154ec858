import * as assert from 'node:assert/strict';
import { statusNotice } from '../../client/src/explorer/statusNotice';
import { batch } from '../helpers/clientBatches';

describe('client: notices of status changes', () => {
  it('announces completion with the counts and a download button', () => {
    const notice = statusNotice(
      batch({ status: 'completed', output_file_id: 'file-out', request_counts: { total: 12, completed: 12, failed: 0 } }),
      'x',
    );
    assert.deepEqual(notice, { severity: 'info', message: "Batch 'x' completed: 12/12 requests", actions: ['downloadOutput'] });
  });
  it('offers errors and a retry file when requests failed', () => {
    const notice = statusNotice(
      batch({ status: 'completed', output_file_id: 'o', error_file_id: 'e', request_counts: { total: 12, completed: 10, failed: 2 } }),
      'x',
    )!;
    assert.equal(notice.severity, 'warning');
    assert.equal(notice.message, "Batch 'x' completed: 10/12 requests, 2 failed");
    assert.deepEqual(notice.actions, ['downloadOutput', 'downloadErrors', 'createRetryFile']);
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
    )!;
    assert.equal(notice.message, "Batch 'x' failed: line 2: Bad url. (and 1 more error)");
    assert.deepEqual(notice.actions, ['showBatch']);
  });
  it('announces intermediate steps briefly, without buttons', () => {
    const started = statusNotice(batch({ status: 'in_progress', request_counts: { total: 12, completed: 0, failed: 0 } }), 'x')!;
    assert.deepEqual(started, { severity: 'info', message: "Batch 'x' is in progress: 0/12 requests", actions: [] });
    assert.equal(statusNotice(batch({ status: 'cancelling' }), 'x'), undefined, 'the Cancel command says so itself');
    assert.equal(statusNotice(batch({ status: 'validating' }), 'x'), undefined);
  });
});
