/** Batch Studio: Submit All Parts — the parts Split into Batches wrote (`NAME.part-001.jsonl`, …),
 *  one batch each, in order, through the same submit flow as Submit Batch (upload, create, delete
 *  the upload again if creating fails). Every part is checked first, and one confirmation gives
 *  the requests and estimated cost of them all. Each batch's metadata names its group (the input
 *  file's name), so the Batches view shows the parts together. The first failure stops the run:
 *  the message says which parts were sent and which not, and the parts sent are remembered, so
 *  running it again sends only the rest. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BatchCost } from '../../../common/src/cost';
import { describeEstimate, describeTokens } from '../../../common/src/cost';
import { GROUP_METADATA_KEY, parsePartFileName, partIndexOf } from '../../../common/src/partFiles';
import type { ValidateFileResult } from '../../../common/src/protocol';
import type { Batch, BatchApi, BatchEndpoint } from '../api/batchApi';
import { submitFile } from '../api/submitFlow';
import type { Ctx } from '../ctx';
import { type PartVersion, SubmittedParts } from '../submittedParts';
import { count, size } from '../util/display';
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
        'Submitting batches needs a trusted workspace: this one is open in Restricted Mode, where Batch Studio only validates files.',
        { title: 'Manage Workspace Trust', run: () => vscode.commands.executeCommand('workbench.trust.manage') },
      );
      return undefined;
    }
    const uri = await batchFileArgument(ctx, arg, 'Submit All Parts of a Split Batch File', 'Submit All Parts');
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      ctx.ui.notify('error', `Only files saved on disk can be submitted; ${path.basename(uri.path)} is not.`);
      return undefined;
    }
    const { group, parts } = await partsOf(uri);
    if (parts.length === 0) {
      const input = vscode.Uri.file(path.join(path.dirname(uri.fsPath), group));
      ctx.ui.notify('error', `${group} has no parts beside it (${group.replace(/(\.[^.]*)?$/, '.part-001$1')}, …): split it first.`, {
        title: 'Split into Batches',
        run: () => vscode.commands.executeCommand('batchStudio.splitIntoBatches', input),
      });
      return undefined;
    }
    const missing = parts.map((part, i) => (part.index === i + 1 ? undefined : i + 1)).find((n) => n !== undefined);
    if (missing !== undefined) {
      ctx.ui.notify(
        'error',
        `Part ${missing} of ${group} is missing (found ${parts.map((p) => p.name).join(', ')}): split ${group} again rather than send an incomplete set.`,
      );
      return undefined;
    }
    for (const part of parts)
      if (!(await savedFirst(ctx, part.uri, part.name, 'Submit', 'The files on disk are what gets uploaded.'))) return undefined;
    // Saving changed them: read their size and time again.
    const current = (await partsOf(uri)).parts;

    const record = new SubmittedParts(ctx.extension.globalState);
    const skipped = current.flatMap((part) => {
      const batchId = record.batchOf(part);
      return batchId ? [{ part: part.name, batchId }] : [];
    });
    const pending = current.filter((part) => !record.batchOf(part));
    if (pending.length === 0) {
      ctx.ui.notify(
        'info',
        `All ${current.length} parts of ${group} were submitted already, unchanged since: ${skipped.map((s) => `${s.part} as ${s.batchId}`).join(', ')}. Submit Batch sends one again.`,
      );
      return { submitted: [], skipped, notSubmitted: [] };
    }

    const api = await ctx.requireApi();
    if (!api) return undefined;
    const checked = await checkParts(ctx, pending, group);
    if (!checked) return undefined;

    const requests = checked.reduce((sum, part) => sum + part.requests, 0);
    const endpoints = [...new Set(checked.map((part) => part.endpoint))].join(', ');
    const models = [...new Set(checked.map((part) => part.model).filter((m): m is string => m !== null))];
    const estimate = await estimateAll(ctx, checked, models.length === 1 ? models[0] : null);
    const earlier = skipped.length > 0 ? ` (${count(skipped.length, 'part')} submitted already, skipped)` : '';
    const description = await ctx.ui.input({
      title: `Submit ${count(checked.length, 'part')} of ${group}`,
      prompt: `Optional description for these ${count(checked.length, 'batch', 'batches')}${earlier}: ${count(requests, 'request')} in all to ${endpoints}${models.length > 0 ? ` (${models.join(', ')})` : ''}${estimate}.`,
      placeHolder: 'e.g. nightly evaluation run',
      validateInput: (value) =>
        value.trim().length > MAX_METADATA_VALUE - 20
          ? `At most ${MAX_METADATA_VALUE - 20} characters (${value.trim().length}).`
          : undefined,
    });
    if (description === undefined) return undefined;

    const result: SubmitAllPartsResult = { submitted: [], skipped, notSubmitted: [] };
    const failure = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Submitting the parts of ${group}`, cancellable: true },
      async (progress, token) => {
        for (const [i, part] of checked.entries()) {
          if (token.isCancellationRequested) return 'Cancelled.';
          const step = `${part.name} (${i + 1} of ${checked.length})`;
          const metadata: Record<string, string> = {
            input_file_name: part.name.slice(0, MAX_METADATA_VALUE),
            [GROUP_METADATA_KEY]: group.slice(0, MAX_METADATA_VALUE),
          };
          if (description.trim()) metadata.description = `${description.trim()} (part ${part.index} of ${current.length})`;
          const outcome = await submitPart(api, part, metadata, token, (message) =>
            progress.report({ message: `${step}: ${message}`, increment: message.startsWith('creating') ? 100 / checked.length : 0 }),
          );
          if (!outcome.ok) return outcome.reason;
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

/** Validates each part as Submit Batch does: errors refuse them all; warnings are asked about once. */
async function checkParts(ctx: Ctx, parts: readonly Part[], group: string): Promise<CheckedPart[] | undefined> {
  const results: { part: Part; result: ValidateFileResult }[] = [];
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Validating the parts of ${group}` }, async () => {
      for (const part of parts)
        results.push({ part, result: await ctx.server.validateFile(part.uri, { severities: ['error', 'warning'], maxProblems: 50 }) });
    });
  } catch (error) {
    ctx.ui.notify('error', `Could not validate the parts of ${group}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const broken = results.find(({ result }) => result.summary.errors > 0 || !result.summary.endpointSupported || !result.summary.endpoint);
  if (broken) {
    const { part, result } = broken;
    const errors = result.problems.filter((d) => d.severity === 'error');
    const shown = errors.slice(0, QUOTED_PROBLEMS).map((d) => `Line ${d.line + 1}: ${d.message}`);
    const problem =
      result.summary.errors > 0
        ? `${part.name} has ${count(result.summary.errors, 'error')}; the Batch API would reject it.`
        : `${part.name} names no endpoint the Batch API accepts (${result.summary.endpoint ?? 'none'}).`;
    const choice = await ctx.ui.modal('error', `${problem} No part was submitted.`, shown.join('\n') || undefined, 'Show Problems');
    if (choice === 'Show Problems') {
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
        .map((d) => `${part.name}, line ${d.line + 1}: ${d.message}`),
    );
    const choice = await ctx.ui.modal(
      'warning',
      `${count(warned.length, 'part')} of ${group} ${warned.length === 1 ? 'has' : 'have'} ${count(warnings, 'warning')} (${warned.map((w) => w.part.name).join(', ')}): the Batch API may fail the requests they are on. Submit anyway?`,
      shown.slice(0, QUOTED_PROBLEMS * 2).join('\n'),
      'Show Problems',
      'Submit Anyway',
    );
    if (choice === 'Show Problems') {
      const first = warned[0];
      await openAtLine(first.part.uri, first.result.problems.find((d) => d.severity === 'warning')?.line ?? 0, 'cursor');
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    if (choice !== 'Submit Anyway') return undefined;
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
      { location: vscode.ProgressLocation.Window, title: 'Estimating the cost of the parts' },
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
  progress: (message: string) => void,
): Promise<{ ok: true; batch: Batch } | { ok: false; reason: string }> {
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const result = await submitFile(
      api,
      { file: part.file, endpoint: part.endpoint, metadata },
      (step) => progress(step === 'uploading' ? `uploading ${size(part.size)}…` : 'creating the batch…'),
      abort.signal,
    );
    if (result.ok) return { ok: true, batch: result.batch };
    if (result.stage === 'upload')
      return { ok: false, reason: result.aborted ? 'Cancelled.' : `Could not upload ${part.name}: ${api.describe(result.error).message}` };
    return { ok: false, reason: `Could not create the batch for ${part.name}: ${result.reason} ${result.cleanup}` };
  } finally {
    cancelled.dispose();
  }
}

function report(ctx: Ctx, group: string, result: SubmitAllPartsResult, failure: string | undefined): void {
  const sent = result.submitted.map((s) => `${s.part} as ${s.batchId}`).join(', ');
  const before =
    result.skipped.length > 0 ? ` Submitted before: ${result.skipped.map((s) => `${s.part} as ${s.batchId}`).join(', ')}.` : '';
  if (!failure) {
    ctx.ui.notify('info', `Submitted ${count(result.submitted.length, 'part')} of ${group}: ${sent}.${before}`);
    return;
  }
  ctx.output.error(`Submit All Parts of ${group} stopped: ${failure}`);
  const now = result.submitted.length > 0 ? ` Submitted: ${sent}.` : '';
  ctx.ui.notify(
    'error',
    `${failure}${now}${before} Not submitted: ${result.notSubmitted.join(', ')}. Submit All Parts again sends only the parts not submitted yet.`,
  );
}
