/** Batch Studio: Submit All Parts — the parts Split into Batches wrote (`NAME.part-001.jsonl`, …),
 *  one batch each, in order, through the same submit flow as Submit Batch (upload, create, delete
 *  the upload again if creating fails). Every part is checked first, and one confirmation gives
 *  the requests and estimated cost of them all. Each batch's metadata names its group (the input
 *  file's name), so the Batches view shows the parts together. The first failure stops the run:
 *  the message says which parts were sent and which not, and the parts sent are remembered, so
 *  running it again sends only the rest. A part whose create had no certain outcome (a timeout) is
 *  remembered as maybe sent: the next run first looks for a batch made from its upload, and sends
 *  the part again only if there is none. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BatchCost } from '../../../common/src/cost';
import { describeEstimate, describeTokens } from '../../../common/src/cost';
import { GROUP_METADATA_KEY, parsePartFileName, partIndexOf } from '../../../common/src/partFiles';
import type { ValidateFileResult } from '../../../common/src/protocol';
import type { Batch, BatchApi, BatchEndpoint } from '../api/batchApi';
import { createFailureMessage, findBatchOfUpload, submitFile } from '../api/submitFlow';
import type { Ctx } from '../ctx';
import { type PartVersion, SubmittedParts } from '../submittedParts';
import { count, requestCount, size } from '../util/display';
import { openAtLine } from '../util/openAtLine';
import { batchFileArgument, savedFirst } from './splitIntoBatches';

/** Metadata values are limited to 512 characters. */
const MAX_METADATA_VALUE = 512;

/** Problems quoted per part in a refusal or question. */
const QUOTED_PROBLEMS = 3;

interface Part extends PartVersion {
  uri: vscode.Uri;
  name: string;
  index: number;
}

interface CheckedPart extends Part {
  endpoint: BatchEndpoint;
  requests: number;
  model: string | null;
}

/** What became of the parts: sent now (with their batch), sent before (skipped), not sent. */
export interface SubmitAllPartsResult {
  submitted: { part: string; batchId: string }[];
  skipped: { part: string; batchId: string }[];
  notSubmitted: string[];
}

/** The input file's name and the parts beside it, in order; the argument may be a part itself. */
async function partsOf(uri: vscode.Uri): Promise<{ group: string; parts: Part[] }> {
  const dir = path.dirname(uri.fsPath);
  const name = path.basename(uri.fsPath);
  const group = parsePartFileName(name)?.group ?? name;
  const parts: Part[] = [];
  for (const entry of await fs.readdir(dir)) {
    const index = partIndexOf(entry, group);
    if (index === undefined) continue;
    const file = path.join(dir, entry);
    const stat = await fs.stat(file);
    if (stat.isFile()) parts.push({ uri: vscode.Uri.file(file), name: entry, index, file, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return { group, parts: parts.sort((a, b) => a.index - b.index) };
}

/** Resolves to what became of each part, or undefined when nothing was attempted. */
export const submitAllParts =
  (ctx: Ctx) =>
  async (arg?: unknown): Promise<SubmitAllPartsResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      ctx.ui.notify(
        'error',
        vscode.l10n.t(
          'Submitting batches needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files.',
        ),
        { title: vscode.l10n.t('Manage Workspace Trust'), run: () => vscode.commands.executeCommand('workbench.trust.manage') },
      );
      return undefined;
    }
    const uri = await batchFileArgument(
      ctx,
      arg,
      vscode.l10n.t('Submit All Parts of a Split Batch File'),
      vscode.l10n.t('Submit All Parts'),
    );
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      ctx.ui.notify('error', vscode.l10n.t('Only files saved on disk can be submitted; {0} is not.', path.basename(uri.path)));
      return undefined;
    }
    const { group, parts } = await partsOf(uri);
    if (parts.length === 0) {
      const input = vscode.Uri.file(path.join(path.dirname(uri.fsPath), group));
      const firstPart = group.replace(/(\.[^.]*)?$/, '.part-001$1');
      ctx.ui.notify('error', vscode.l10n.t('{0} has no parts beside it ({1}, …): split it first.', group, firstPart), {
        title: vscode.l10n.t('Split into Batches'),
        run: () => vscode.commands.executeCommand('batchStudio.splitIntoBatches', input),
      });
      return undefined;
    }
    const missing = parts.map((part, i) => (part.index === i + 1 ? undefined : i + 1)).find((n) => n !== undefined);
    if (missing !== undefined) {
      ctx.ui.notify(
        'error',
        vscode.l10n.t(
          'Part {0} of {1} is missing (found {2}): split {1} again rather than send an incomplete set.',
          missing,
          group,
          parts.map((p) => p.name).join(', '),
        ),
      );
      return undefined;
    }
    for (const part of parts)
      if (
        !(await savedFirst(
          ctx,
          part.uri,
          part.name,
          vscode.l10n.t('Save and Submit'),
          vscode.l10n.t('The files on disk are what gets uploaded.'),
        ))
      )
        return undefined;
    // Saving changed them: read their size and time again.
    const current = (await partsOf(uri)).parts;

    const record = new SubmittedParts(ctx.extension.globalState);
    const skipped = current.flatMap((part) => {
      const batchId = record.batchOf(part);
      return batchId ? [{ part: part.name, batchId }] : [];
    });
    const pending = current.filter((part) => !record.batchOf(part));
    const allSubmittedBefore = () => {
      ctx.ui.notify(
        'info',
        vscode.l10n.t(
          'All {0} parts of {1} were submitted already, unchanged since: {2}. Submit Batch sends one again.',
          current.length,
          group,
          skipped.map(partAsBatch).join(', '),
        ),
      );
      return { submitted: [], skipped, notSubmitted: [] };
    };
    if (pending.length === 0) return allSubmittedBefore();

    const api = await ctx.requireApi();
    if (!api) return undefined;
    // Parts whose batch may have been made last time: found, they count as submitted before.
    const found = await findMaybeSubmitted(ctx, api, record, pending);
    if (!found) return undefined;
    skipped.push(...found);
    const toSend = pending.filter((part) => !found.some((f) => f.part === part.name));
    if (toSend.length === 0) return allSubmittedBefore();
    const checked = await checkParts(ctx, toSend, group);
    if (!checked) return undefined;

    const requests = checked.reduce((sum, part) => sum + part.requests, 0);
    const endpoints = [...new Set(checked.map((part) => part.endpoint))].join(', ');
    const models = [...new Set(checked.map((part) => part.model).filter((m): m is string => m !== null))];
    const estimate = await estimateAll(ctx, checked, models.length === 1 ? models[0] : null);
    const earlier = skipped.length > 0 ? ' ' + vscode.l10n.t('({0} submitted already, skipped)', partCount(skipped.length)) : '';
    const batches = count(checked.length, vscode.l10n.t('batch'), vscode.l10n.t('batches'));
    const description = await ctx.ui.input({
      title: vscode.l10n.t('Submit {0} of {1}', partCount(checked.length), group),
      prompt:
        models.length > 0
          ? vscode.l10n.t(
              'Optional description for these {0}{1}: {2} in all to {3} ({4}){5}.',
              batches,
              earlier,
              requestCount(requests),
              endpoints,
              models.join(', '),
              estimate,
            )
          : vscode.l10n.t(
              'Optional description for these {0}{1}: {2} in all to {3}{4}.',
              batches,
              earlier,
              requestCount(requests),
              endpoints,
              estimate,
            ),
      placeHolder: vscode.l10n.t('e.g. nightly evaluation run'),
      validateInput: (value) =>
        value.trim().length > MAX_METADATA_VALUE - 20
          ? vscode.l10n.t('At most {0} characters ({1}).', MAX_METADATA_VALUE - 20, value.trim().length)
          : undefined,
    });
    if (description === undefined) return undefined;

    const result: SubmitAllPartsResult = { submitted: [], skipped, notSubmitted: [] };
    const failure = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting the parts of {0}', group), cancellable: true },
      async (progress, token): Promise<RunFailure | undefined> => {
        for (const [i, part] of checked.entries()) {
          if (token.isCancellationRequested) return { reason: vscode.l10n.t('Cancelled.') };
          const step = vscode.l10n.t('{0} ({1} of {2})', part.name, i + 1, checked.length);
          const metadata: Record<string, string> = {
            input_file_name: part.name.slice(0, MAX_METADATA_VALUE),
            [GROUP_METADATA_KEY]: group.slice(0, MAX_METADATA_VALUE),
          };
          // Metadata is read by the API and other tools, not shown in the editor: kept in English.
          if (description.trim()) metadata.description = `${description.trim()} (part ${part.index} of ${current.length})`;
          const outcome = await submitPart(api, part, metadata, token, (stage, message) =>
            progress.report({ message: `${step}: ${message}`, increment: stage === 'creating' ? 100 / checked.length : 0 }),
          );
          if (!outcome.ok) {
            if (outcome.maybeSubmittedAs !== undefined) await record.rememberMaybe(part, outcome.maybeSubmittedAs);
            return { reason: outcome.reason, ...(outcome.maybeSubmittedAs !== undefined ? { maybeSubmitted: part.name } : {}) };
          }
          const { batch } = outcome;
          result.submitted.push({ part: part.name, batchId: batch.id });
          await record.remember(part, batch.id);
          await ctx.inputFiles.remember(batch.id, part.file);
          ctx.explorer.state.upsert(batch);
        }
        return undefined;
      },
    );
    result.notSubmitted = checked.slice(result.submitted.length).map((part) => part.name);
    report(ctx, group, result, failure);
    // The new batches show in the view at once; a refresh brings the list up to date around them.
    void ctx.explorer.state.refresh().then(undefined, () => undefined);
    return result;
  };

/** Why a run stopped; `maybeSubmitted`: the part whose batch may have been created all the same. */
interface RunFailure {
  reason: string;
  maybeSubmitted?: string;
}

/** Looks for the batch of each part that was maybe submitted (its create had no certain outcome):
 *  one made from its upload counts as submitted, and is remembered so. Undefined when the batches
 *  could not be listed (the user is told; nothing is sent, as a part could go twice). */
async function findMaybeSubmitted(
  ctx: Ctx,
  api: BatchApi,
  record: SubmittedParts,
  parts: readonly Part[],
): Promise<{ part: string; batchId: string }[] | undefined> {
  const found: { part: string; batchId: string }[] = [];
  for (const part of parts) {
    const fileId = record.maybeSubmittedAs(part);
    if (fileId === undefined) continue;
    const batch = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking for the batch of {0}', part.name) },
      () => findBatchOfUpload(api, fileId),
    );
    if (batch === 'unknown') {
      ctx.ui.notify(
        'error',
        vscode.l10n.t(
          'Could not check whether the batch of {0} was created last time (from the upload {1}): the list of batches could not be fetched. Nothing was sent, so that no part goes twice; try Submit All Parts again in a minute.',
          part.name,
          fileId,
        ),
      );
      return undefined;
    }
    if (batch) {
      ctx.output.info(`Submit All Parts: ${part.name} was submitted after all, as ${batch.id} (from ${fileId})`);
      await record.remember(part, batch.id);
      await ctx.inputFiles.remember(batch.id, part.file);
      ctx.explorer.state.upsert(batch);
      found.push({ part: part.name, batchId: batch.id });
    } else ctx.output.info(`Submit All Parts: no batch was made from ${fileId}, the earlier upload of ${part.name}; sending it again`);
  }
  return found;
}

/** Validates each part as Submit Batch does: errors refuse them all; warnings are asked about once. */
async function checkParts(ctx: Ctx, parts: readonly Part[], group: string): Promise<CheckedPart[] | undefined> {
  const results: { part: Part; result: ValidateFileResult }[] = [];
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Validating the parts of {0}', group) },
      async () => {
        for (const part of parts)
          results.push({ part, result: await ctx.server.validateFile(part.uri, { severities: ['error', 'warning'], maxProblems: 50 }) });
      },
    );
  } catch (error) {
    ctx.ui.notify(
      'error',
      vscode.l10n.t('Could not validate the parts of {0}: {1}', group, error instanceof Error ? error.message : String(error)),
    );
    return undefined;
  }
  const broken = results.find(({ result }) => result.summary.errors > 0 || !result.summary.endpointSupported || !result.summary.endpoint);
  if (broken) {
    const { part, result } = broken;
    const errors = result.problems.filter((d) => d.severity === 'error');
    const shown = errors.slice(0, QUOTED_PROBLEMS).map((d) => vscode.l10n.t('Line {0}: {1}', d.line + 1, d.message));
    const problem =
      result.summary.errors > 0
        ? vscode.l10n.t(
            '{0} has {1}; the Batch API would reject it.',
            part.name,
            count(result.summary.errors, vscode.l10n.t('error'), vscode.l10n.t('errors')),
          )
        : vscode.l10n.t('{0} names no endpoint the Batch API accepts ({1}).', part.name, result.summary.endpoint ?? vscode.l10n.t('none'));
    const showProblems = vscode.l10n.t('Show Problems');
    const choice = await ctx.ui.modal(
      'error',
      vscode.l10n.t('{0} No part was submitted.', problem),
      shown.join('\n') || undefined,
      showProblems,
    );
    if (choice === showProblems) {
      await openAtLine(part.uri, errors[0]?.line ?? 0, 'cursor');
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    return undefined;
  }
  const warned = results.filter(({ result }) => result.summary.warnings > 0);
  if (warned.length > 0) {
    const warnings = warned.reduce((sum, { result }) => sum + result.summary.warnings, 0);
    const shown = warned.flatMap(({ part, result }) =>
      result.problems
        .filter((d) => d.severity === 'warning')
        .slice(0, QUOTED_PROBLEMS)
        .map((d) => vscode.l10n.t('{0}, line {1}: {2}', part.name, d.line + 1, d.message)),
    );
    const showProblems = vscode.l10n.t('Show Problems');
    const submitAnyway = vscode.l10n.t('Submit Anyway');
    const warningCount = count(warnings, vscode.l10n.t('warning'), vscode.l10n.t('warnings'));
    const partNames = warned.map((w) => w.part.name).join(', ');
    const choice = await ctx.ui.modal(
      'warning',
      warned.length === 1
        ? vscode.l10n.t(
            '1 part of {0} has {1} ({2}): the Batch API may fail the requests they are on. Submit anyway?',
            group,
            warningCount,
            partNames,
          )
        : vscode.l10n.t(
            '{0} of {1} have {2} ({3}): the Batch API may fail the requests they are on. Submit anyway?',
            partCount(warned.length),
            group,
            warningCount,
            partNames,
          ),
      shown.slice(0, QUOTED_PROBLEMS * 2).join('\n'),
      showProblems,
      submitAnyway,
    );
    if (choice === showProblems) {
      const first = warned[0];
      await openAtLine(first.part.uri, first.result.problems.find((d) => d.severity === 'warning')?.line ?? 0, 'cursor');
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    if (choice !== submitAnyway) return undefined;
  }
  return results.map(({ part, result }) => ({
    ...part,
    // The server checked it against the endpoints the Batch API accepts.
    endpoint: result.summary.endpoint as BatchEndpoint,
    requests: result.summary.requests,
    model: result.summary.model,
  }));
}

/** `; 1,234 input tokens + …; est. $…` for all parts together; empty when a part cannot be counted
 *  (the estimate never stands in the way of submitting). */
async function estimateAll(ctx: Ctx, parts: readonly CheckedPart[], model: string | null): Promise<string> {
  try {
    const costs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of the parts') },
      async () => {
        const all: BatchCost[] = [];
        for (const part of parts) {
          const cost = await ctx.server.estimateCost(part.uri);
          if (!cost) return undefined;
          all.push(cost);
        }
        return all;
      },
    );
    const total = costs && sumCosts(costs);
    return total ? `; ${describeTokens(total)}; ${describeEstimate(total, model)}` : '';
  } catch (error) {
    ctx.output.warn(`Could not estimate the cost of the parts: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
}

/** The parts' costs added up: an amount is unknown (null) when it is for any part. Undefined when
 *  the parts were priced differently (then no one total is honest). */
function sumCosts(costs: readonly BatchCost[]): BatchCost | undefined {
  const [first, ...rest] = costs;
  if (!first || rest.some((cost) => cost.priceSource !== first.priceSource || cost.encoding !== first.encoding)) return undefined;
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return rest.reduce<BatchCost>(
    (sum, cost) => ({
      ...sum,
      inputTokens: sum.inputTokens + cost.inputTokens,
      maxOutputTokens: add(sum.maxOutputTokens, cost.maxOutputTokens),
      uncountedParts: sum.uncountedParts + cost.uncountedParts,
      estimatedCostUsd: {
        input: add(sum.estimatedCostUsd.input, cost.estimatedCostUsd.input),
        output: add(sum.estimatedCostUsd.output, cost.estimatedCostUsd.output),
        total: add(sum.estimatedCostUsd.total, cost.estimatedCostUsd.total),
      },
    }),
    { ...first, estimatedCostUsd: { ...first.estimatedCostUsd } },
  );
}

/** One part through the submit flow; cancelling stops its upload (once uploaded, the batch is
 *  created: see submitFile). */
async function submitPart(
  api: BatchApi,
  part: CheckedPart,
  metadata: Record<string, string>,
  token: vscode.CancellationToken,
  progress: (stage: 'uploading' | 'creating', message: string) => void,
): Promise<{ ok: true; batch: Batch } | { ok: false; reason: string; maybeSubmittedAs?: string }> {
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const result = await submitFile(
      api,
      { file: part.file, endpoint: part.endpoint, metadata },
      (step) =>
        step === 'uploading'
          ? progress('uploading', vscode.l10n.t('uploading {0}…', size(part.size)))
          : progress('creating', vscode.l10n.t('creating the batch…')),
      abort.signal,
    );
    if (result.ok) return { ok: true, batch: result.batch };
    if (result.stage === 'upload')
      return {
        ok: false,
        reason: result.aborted
          ? vscode.l10n.t('Cancelled.')
          : vscode.l10n.t('Could not upload {0}: {1}', part.name, api.describe(result.error).message),
      };
    if (result.maybeCreated)
      return {
        ok: false,
        reason: vscode.l10n.t(
          'Could not create the batch for {0}: {1} The uploaded file {2} was kept, since the batch may have been created all the same.',
          part.name,
          result.reason,
          result.fileId,
        ),
        maybeSubmittedAs: result.fileId,
      };
    return { ok: false, reason: createFailureMessage(part.name, result) };
  } finally {
    cancelled.dispose();
  }
}

/** `run.part-001.jsonl as batch_abc`. */
const partAsBatch = (s: { part: string; batchId: string }): string => vscode.l10n.t('{0} as {1}', s.part, s.batchId);
/** `1 part`, `3 parts`. */
const partCount = (n: number): string => count(n, vscode.l10n.t('part'), vscode.l10n.t('parts'));

function report(ctx: Ctx, group: string, result: SubmitAllPartsResult, failure: RunFailure | undefined): void {
  const sent = result.submitted.map(partAsBatch).join(', ');
  const before = result.skipped.length > 0 ? ' ' + vscode.l10n.t('Submitted before: {0}.', result.skipped.map(partAsBatch).join(', ')) : '';
  if (!failure) {
    ctx.ui.notify('info', vscode.l10n.t('Submitted {0} of {1}: {2}.', partCount(result.submitted.length), group, sent) + before);
    return;
  }
  ctx.output.error(`Submit All Parts of ${group} stopped: ${failure.reason}`);
  const now = result.submitted.length > 0 ? ' ' + vscode.l10n.t('Submitted: {0}.', sent) : '';
  const notSent = result.notSubmitted.join(', ');
  const next =
    failure.maybeSubmitted !== undefined
      ? vscode.l10n.t(
          'Not submitted: {0}. Submit All Parts again first looks for a batch made from the upload of {1}, and sends {1} again only if there is none; then the parts not submitted yet.',
          notSent,
          failure.maybeSubmitted,
        )
      : vscode.l10n.t('Not submitted: {0}. Submit All Parts again sends only the parts not submitted yet.', notSent);
  ctx.ui.notify('error', failure.reason + now + before + ' ' + next);
}
