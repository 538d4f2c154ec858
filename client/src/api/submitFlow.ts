/** Submitting a batch input file: upload it, create the batch — trying again after a transient
 *  failure, but never making a second batch — and if creating fails for good, delete the upload
 *  again and say why. No editor types: the Submit command shows the outcome, the emulator tests
 *  drive it directly. Its words go through `@vscode/l10n`. */
import * as l10n from '@vscode/l10n';
import { APIConnectionTimeoutError } from 'openai';
import type { Batch, BatchApi, BatchEndpoint, RetryWait } from './batchApi';
import { isTransient, mayHaveHappened } from './errors';
import { retryDelayMs, withRetries } from './retry';

export interface SubmitJob {
  /** Path of the .jsonl file on disk. */
  file: string;
  endpoint: BatchEndpoint;
  metadata: Record<string, string>;
}

export type SubmitStep = 'uploading' | 'creating';

export type SubmitResult =
  /** `recovered`: the create's answer was lost, and the batch it made was found in the list. */
  | { ok: true; batch: Batch; fileId: string; recovered?: boolean }
  /** The upload failed, or was stopped through `signal` (`aborted`). Nothing was created. */
  | { ok: false; stage: 'upload'; error: unknown; aborted: boolean }
  /** The file was uploaded but the batch was not created. `reason` is why (described, key
   *  redacted); `cleanup` says whether the uploaded file was deleted again. `maybeCreated`: the
   *  outcome is unknown (a timeout, a list that could not be fetched): a batch may exist all the
   *  same, and the upload was kept for it; look for it (`findBatchOfUpload`) before sending again. */
  | {
      ok: false;
      stage: 'create';
      error: unknown;
      fileId: string;
      reason: string;
      deleted: boolean;
      cleanup: string;
      maybeCreated: boolean;
    };

/** Attempts at creating the batch. */
const CREATE_ATTEMPTS = 3;

/** `onStep` hears of each step once; `onWait` of what a step waits for, e.g. "The Batch API is
 *  rate limiting requests (429: …); retrying in 20 s…". `signal` stops the upload only: once the
 *  file is uploaded the batch is created even if the user cancels, since stopping half-way could
 *  leave a batch the user does not know about. */
export async function submitFile(
  api: BatchApi,
  job: SubmitJob,
  onStep: (step: SubmitStep) => void = () => undefined,
  signal?: AbortSignal,
  onWait: (step: SubmitStep, text: string) => void = () => undefined,
): Promise<SubmitResult> {
  const waiting = (step: SubmitStep) => (wait: RetryWait) => onWait(step, api.describeWait(wait));
  onStep('uploading');
  let fileId: string;
  try {
    fileId = (await api.upload(job.file, signal, waiting('uploading'))).id;
  } catch (error) {
    return { ok: false, stage: 'upload', error, aborted: signal?.aborted ?? false };
  }

  onStep('creating');
  let lastError: unknown;
  let unknownOutcome = false;
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    try {
      return { ok: true, batch: await api.create({ inputFileId: fileId, endpoint: job.endpoint, metadata: job.metadata }), fileId };
    } catch (error) {
      lastError = error;
      if (!isTransient(error)) {
        // A definite refusal (a 4xx, a connection refused): no batch was made.
        if (!mayHaveHappened(error)) break;
        // An answer that is not the API's (JSON of another shape, a gateway's page) may come after
        // the batch was made, and deleting its input file would break it: look first.
        onWait('creating', l10n.t('{0}; checking whether the batch was created…', api.describe(error).reason.replace(/\.$/, '')));
        const found = await findBatchOfUpload(api, fileId);
        if (found && found !== 'unknown') return { ok: true, batch: found, fileId, recovered: true };
        unknownOutcome = found === 'unknown';
        break;
      }
      if (mayHaveHappened(error)) {
        // The answer was lost or late, not the request: the batch may exist. Sending the create
        // again could make a second one, so look for a batch made from this upload first.
        onWait('creating', l10n.t('{0}; checking whether the batch was created…', api.describe(error).reason.replace(/\.$/, '')));
        const found = await findBatchOfUpload(api, fileId);
        if (found && found !== 'unknown') return { ok: true, batch: found, fileId, recovered: true };
        // Not found, but after a timeout the service may still be at work on it (or the list
        // could not be fetched): another create could make a second batch.
        if (found === 'unknown' || error instanceof APIConnectionTimeoutError) {
          unknownOutcome = true;
          break;
        }
      }
      if (attempt === CREATE_ATTEMPTS) break;
      const waitMs = retryDelayMs(error, attempt, { baseDelayMs: api.options.retryBaseDelayMs });
      if (waitMs > api.options.maxRetryWaitMs) break;
      onWait('creating', api.describeWait({ attempt, waitMs, error }));
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  const reason = api.describe(lastError).message;
  if (unknownOutcome) {
    const cleanup = l10n.t(
      'The uploaded file {0} was kept, since the batch may have been created all the same: refresh the Batches view in a minute to see; if no batch uses the file, submit again.',
      fileId,
    );
    return { ok: false, stage: 'create', error: lastError, fileId, reason, deleted: false, cleanup, maybeCreated: true };
  }
  // Creating failed for good, and no batch uses the upload: it would only take up storage.
  try {
    await api.deleteFile(fileId);
    return {
      ok: false,
      stage: 'create',
      error: lastError,
      fileId,
      reason,
      deleted: true,
      cleanup: l10n.t('The uploaded file was deleted again.'),
      maybeCreated: false,
    };
  } catch (deleteError) {
    const cleanup = l10n.t(
      'The uploaded file {0} could not be deleted ({1}); delete it yourself to free the storage.',
      fileId,
      api.describe(deleteError).message.replace(/\.$/, ''),
    );
    return { ok: false, stage: 'create', error: lastError, fileId, reason, deleted: false, cleanup, maybeCreated: false };
  }
}

/** "Could not create the batch for run.jsonl: <reason> <clean-up>", for a create that failed; no
 *  dangling space when there is nothing to say about the upload. */
export function createFailureMessage(name: string, result: Extract<SubmitResult, { stage: 'create' }>): string {
  return l10n.t('Could not create the batch for {0}: {1}', name, [result.reason, result.cleanup].filter((text) => text.trim()).join(' '));
}

/** The batch made from the upload `fileId`, undefined when there is none, `'unknown'` when the list
 *  could not be fetched (after a few tries). */
export async function findBatchOfUpload(api: BatchApi, fileId: string): Promise<Batch | undefined | 'unknown'> {
  try {
    return await withRetries(() => api.findByInputFile(fileId), {
      attempts: 3,
      baseDelayMs: api.options.retryBaseDelayMs,
      maxWaitMs: api.options.maxRetryWaitMs,
    });
  } catch {
    return 'unknown';
  }
}
