/** Split into Batches, on disk: a batch file too large for one batch becomes `NAME.part-001.jsonl`,
 *  `NAME.part-002.jsonl`, … beside it, each within every limit of the provider, the requests
 *  unchanged (byte for byte, line breaks and all) and in order. The file is read twice, streamed
 *  both times: once validated through the same entry as the CLI and the editor (a file with errors
 *  is refused: its parts would be rejected too) while the planner (core/split.ts) picks the cuts
 *  from each line's size; then each part is copied as one byte range into a temporary file. Only
 *  when every part is written are they renamed into place, so a failure leaves no part behind. Used
 *  by the CLI (`split`) and the language server (`batchStudio/splitFile`). */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { partFileName, partIndexOf } from '../../common/src/partFiles';
import { formatCount, plural } from '../../common/src/plural';
import {
  type AnalyzedLine,
  type BatchDiagnostic,
  type LineSource,
  type LineSourceInfo,
  validateLines,
  type ValidationOptions,
} from './core';
import { type OversizedRequest, type PartLimitOverrides, type PartLimits, partLimits, SplitPlanner, type SplitPlan } from './core/split';
import { type FileReadingOptions, fileLineSource } from './validateFile';

export interface SplitFileOptions extends PartLimitOverrides {
  /** How the file is validated (detection, severity overrides, provider), as the editor or the CLI
   *  validates it. The provider's limits are the parts' limits. */
  validation?: Pick<ValidationOptions, 'detection' | 'severity' | 'provider'>;
  /** Replace parts of an earlier split (and remove those the new split does not write). */
  overwrite?: boolean;
  reading?: FileReadingOptions;
}

export interface WrittenPart {
  file: string;
  requests: number;
  bytes: number;
  embeddingInputs: number;
}

/** The problems quoted when a file is refused for its errors. */
const QUOTED_ERRORS = 3;

export type SplitOutcome =
  | { kind: 'written'; parts: WrittenPart[]; removed: string[]; requests: number; bytes: number; limits: PartLimits }
  /** Within every limit already: nothing written. */
  | { kind: 'fits'; requests: number; bytes: number; limits: PartLimits }
  /** Errors other than the file's size (`too_many_requests`, `file_too_large`, the file's total of
   *  embedding inputs): the first few of them. */
  | { kind: 'errors'; errors: number; problems: BatchDiagnostic[] }
  | { kind: 'notBatch' }
  /** Bytes that are not UTF-8 (the API reads UTF-8, and a part's size could not be counted). */
  | { kind: 'notUtf8'; line: number }
  /** A request that exceeds a part's limits on its own. */
  | { kind: 'oversized'; request: OversizedRequest; limits: PartLimits }
  /** Parts of an earlier split exist, and `overwrite` was not given. */
  | { kind: 'partsExist'; existing: string[] }
  /** The file changed between reading and copying it: nothing written. */
  | { kind: 'changed' };

/** A caller's limit that is not allowed (above the provider's, not a whole number). */
export class SplitLimitError extends Error {}

/** The file limits a split lifts, so that validating finds only what splitting does not repair. */
const NO_FILE_LIMITS = { requestsPerFile: Infinity, fileBytes: Infinity, embeddingInputsPerFile: Infinity };

/** Splits `file` into parts beside it; the outcome says what was written, or why nothing was.
 *  Rejects with SplitLimitError for a bad limit, and with the file system's error when the file
 *  cannot be read or a part cannot be written. */
export async function splitFile(file: string, options: SplitFileOptions = {}): Promise<SplitOutcome> {
  const provider = options.validation?.provider ?? 'openai';
  const limits = partLimits(provider, options);
  if ('problem' in limits) throw new SplitLimitError(limits.problem);
  const before = await fs.stat(file);

  const planner = new SplitPlanner(limits);
  const watched = watchLines(fileLineSource(file, options.reading), (line) =>
    planner.add({ bytes: line.facts.byteLength + line.eolBytes, request: !line.facts.blank, embeddingInputs: line.facts.embeddingInputs }),
  );
  const result = await validateLines(watched.source, { ...options.validation, limits: NO_FILE_LIMITS, maxProblems: Infinity });
  if (!result.isBatch) return { kind: 'notBatch' };
  if (!watched.info().validUtf8) return { kind: 'notUtf8', line: watched.firstReplacement() };
  if (result.summary.errors > 0) {
    const problems = result.diagnostics.filter((d) => d.severity === 'error').slice(0, QUOTED_ERRORS);
    return { kind: 'errors', errors: result.summary.errors, problems };
  }
  const plan = planner.finish();
  if (plan.bytes !== before.size) return { kind: 'changed' };
  if (plan.oversized) return { kind: 'oversized', request: plan.oversized, limits };
  if (plan.parts.length <= 1) return { kind: 'fits', requests: plan.requests, bytes: plan.bytes, limits };

  const dir = path.dirname(file);
  const inputName = path.basename(file);
  const existing = (await fs.readdir(dir)).filter((name) => partIndexOf(name, inputName) !== undefined).sort();
  if (existing.length > 0 && !options.overwrite) return { kind: 'partsExist', existing: existing.map((name) => path.join(dir, name)) };

  const targets = plan.parts.map((_, i) => path.join(dir, partFileName(inputName, i + 1, plan.parts.length)));
  const written = await writeParts(file, before, plan, targets);
  if (!written) return { kind: 'changed' };
  const kept = new Set(targets.map((target) => path.basename(target)));
  const removed: string[] = [];
  for (const name of existing) {
    if (kept.has(name)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(path.join(dir, name));
  }
  return {
    kind: 'written',
    parts: plan.parts.map((part, i) => ({
      file: targets[i],
      requests: part.requests,
      bytes: part.bytes,
      embeddingInputs: part.embeddingInputs,
    })),
    removed,
    requests: plan.requests,
    bytes: plan.bytes,
    limits,
  };
}

/** The source, telling `onLine` of each line as validation reads it, and what the read found. */
function watchLines(
  source: LineSource,
  onLine: (line: AnalyzedLine) => void,
): { source: LineSource; info(): LineSourceInfo; firstReplacement(): number } {
  const analyze = source.analyze?.bind(source);
  if (!analyze) throw new Error('splitting needs a source that analyses its lines');
  let info: LineSourceInfo = { validUtf8: true };
  let firstReplacement = -1;
  let index = 0;
  return {
    source: {
      name: source.name,
      read: (handler) => source.read(handler),
      analyze: async (limits, handler) => {
        index = 0;
        info = await analyze(limits, (line) => {
          if (firstReplacement < 0 && line.replacementAt >= 0) firstReplacement = index;
          index++;
          onLine(line);
          handler(line);
        });
        return info;
      },
      lineText: source.lineText?.bind(source),
      close: source.close?.bind(source),
    },
    info: () => info,
    firstReplacement: () => Math.max(0, firstReplacement),
  };
}

/** Copies each part's byte range into a temporary file beside its target, then renames them all
 *  into place; false (and nothing written) when the input changed meanwhile. */
async function writeParts(file: string, before: { size: number; mtimeMs: number }, plan: SplitPlan, targets: string[]): Promise<boolean> {
  const run = ++runs;
  const temporaries = targets.map((target) => temporaryPath(target, run));
  try {
    for (let i = 0; i < plan.parts.length; i++) {
      const { start, end } = plan.parts[i];
      await pipeline(createReadStream(file, { start, end: end - 1 }), createWriteStream(temporaries[i], { flags: 'wx' }));
    }
    const after = await fs.stat(file);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      await removeAll(temporaries);
      return false;
    }
    for (let i = 0; i < targets.length; i++) await fs.rename(temporaries[i], targets[i]);
    return true;
  } catch (error) {
    await removeAll(temporaries);
    throw error;
  }
}

let runs = 0;

/** `.run.part-001.jsonl.<pid>-<run>.part`: hidden, beside the target (so the rename is atomic), of
 *  the shape the client's own temporary files have, and of this split alone (two at once never
 *  share, nor remove each other's). */
function temporaryPath(target: string, run: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${run}.part`);
}

async function removeAll(files: readonly string[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(f, { force: true })));
}

/** `812 bytes`, `1.5 KB`, `75.1 MB` (1 MB = 1024 × 1024 bytes, as the API's 200 MB). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

/** `50,000 requests and 200 MB` (and the embedding inputs, for an embeddings file). */
export function limitsText(limits: PartLimits, embeddings: boolean): string {
  const inputs = embeddings ? `, ${plural(limits.embeddingInputs, 'embedding input')}` : '';
  return `${plural(limits.requests, 'request')}${inputs} and ${sizeText(limits.bytes)}`;
}

/** What a refusal means, in a sentence or two that say what to do; `name` is the input's name. */
export function refusalMessage(outcome: Exclude<SplitOutcome, { kind: 'written' }>, name: string): string {
  switch (outcome.kind) {
    case 'fits':
      return `${name} fits in one batch (${plural(outcome.requests, 'request')}, ${sizeText(outcome.bytes)}; the limits are ${limitsText(outcome.limits, false)}): nothing to split. Submit it as it is, or give a lower maximum.`;
    case 'errors': {
      const quoted = outcome.problems.map((d) => `line ${d.line + 1}: ${d.message}`).join(' ');
      return `${name} has ${plural(outcome.errors, 'error')} besides its size, which every part would still have; fix ${outcome.errors === 1 ? 'it' : 'them'} first. ${quoted}`.trim();
    }
    case 'notBatch':
      return `${name} is not a batch input file (no line is a request with a custom_id), so there is nothing to split.`;
    case 'notUtf8':
      return `Line ${outcome.line + 1} of ${name} has bytes that are not valid UTF-8; the API reads UTF-8. Save the file as UTF-8, then split it.`;
    case 'oversized': {
      const { request, limits } = outcome;
      return request.limit === 'bytes'
        ? `The request on line ${request.line + 1} of ${name} is ${sizeText(request.bytes)} on its own, more than a part may be (${sizeText(limits.bytes)}), so no split fits it. Make the request smaller, or allow larger parts.`
        : `The request on line ${request.line + 1} of ${name} sends ${plural(request.embeddingInputs, 'embedding input')}, more than a part may send (${formatCount(limits.embeddingInputs)}), so no split fits it. Split its input across several requests.`;
    }
    case 'partsExist': {
      const names = outcome.existing.map((file) => path.basename(file));
      const listed = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
      return `${name} was split before: ${listed} ${names.length === 1 ? 'exists' : 'exist'} already.`;
    }
    case 'changed':
      return `${name} changed while it was being split; nothing was written. Split it again.`;
  }
}
