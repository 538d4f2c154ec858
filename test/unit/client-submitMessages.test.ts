/** What Submit Batch and Submit All Parts say when a batch could not be created. */
import * as assert from 'node:assert/strict';
import { createFailureMessage, type SubmitResult } from '../../client/src/api/submitFlow';

type CreateFailure = Extract<SubmitResult, { stage: 'create' }>;

const failure = (cleanup: string): CreateFailure => ({
  ok: false,
  stage: 'create',
  error: new Error('refused'),
  fileId: 'file-abc',
  reason: 'Quota exceeded for today. (400)',
  deleted: cleanup !== '',
  cleanup,
  maybeCreated: false,
});

describe('client: the message of a create that failed', () => {
  it('gives the reason, then what became of the upload', () => {
    assert.equal(
      createFailureMessage('run.jsonl', failure('The uploaded file was deleted again.')),
      'Could not create the batch for run.jsonl: Quota exceeded for today. (400) The uploaded file was deleted again.',
    );
  });

  it('ends with the reason, not a space, when there is nothing to say about the upload', () => {
    assert.equal(
      createFailureMessage('run.jsonl', failure('')),
      'Could not create the batch for run.jsonl: Quota exceeded for today. (400)',
    );
  });
});
