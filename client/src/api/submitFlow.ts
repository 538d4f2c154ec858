/** Submitting a batch input file: upload it, create the batch, and if creating fails delete the
 *  upload again and say why. No editor types: the Submit command shows the outcome, the emulator
 *  tests drive it directly. */
import type { Batch, BatchApi, BatchEndpoint } from './batchApi';
import { isApiError } from './errors';

export interface SubmitJob {
  /** Path of the .jsonl file on disk. */
  file: string;
  endpoint: BatchEndpoint;
  metadata: Record<string, string>;
}

export type SubmitStep = 'uploading' | 'creating';

export type SubmitResult =
  | { ok: true; batch: Batch; fileId: string }
  /** The upload failed, or was stopped through `signal` (`aborted`). Nothing was created. */
  | { ok: false; stage: 'upload'; error: unknown; aborted: boolean }
  /** The file was uploaded but the batch was not created. `reason` is why (described, key
   *  redacted); `cleanup` says whether the uploaded file was deleted again. */
  | { ok: false; stage: 'create'; error: unknown; fileId: string; reason: string; deleted: boolean; cleanup: string };

/** `signal` stops the upload only: once the file is uploaded the batch is created even if the user
 *  cancels, since stopping half-way could leave a batch the user does not know about. */
export async function submitFile(
  api: BatchApi,
  job: SubmitJob,
  onStep: (step: SubmitStep) => void = () => undefined,
  signal?: AbortSignal,
): Promise<SubmitResult> {
  onStep('uploading');
  let fileId: string;
  try {
    fileId = (await api.upload(job.file, signal)).id;
  } catch (error) {
    return { ok: false, stage: 'upload', error, aborted: signal?.aborted ?? false };
  }

  onStep('creating');
  try {
    const batch = await api.create({ inputFileId: fileId, endpoint: job.endpoint, metadata: job.metadata });
    return { ok: true, batch, fileId };
  } catch (error) {
    const reason = api.describe(error).message;
    // Only a definite refusal (4xx) proves no batch exists. After a timeout, a dropped connection
    // or a 5xx the SDK's retries may have created one that uses the file: keep it.
    if (!refused(error)) {
      const cleanup = `The uploaded file ${fileId} was kept, since the batch may have been created all the same: refresh the Batches view to see.`;
      return { ok: false, stage: 'create', error, fileId, reason, deleted: false, cleanup };
    }
    try {
      await api.deleteFile(fileId);
      return { ok: false, stage: 'create', error, fileId, reason, deleted: true, cleanup: 'The uploaded file was deleted again.' };
    } catch (deleteError) {
      const cleanup = `The uploaded file ${fileId} could not be deleted (${api.describe(deleteError).message.replace(/\.$/, '')}); delete it yourself to free the storage.`;
      return { ok: false, stage: 'create', error, fileId, reason, deleted: false, cleanup };
    }
  }
}

function refused(error: unknown): boolean {
  const status = isApiError(error) ? error.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
