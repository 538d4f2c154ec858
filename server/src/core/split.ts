/** Where to cut a batch file into parts that each fit a batch: line by line, in order, each part
 *  as full as the limits allow (so there are as few parts as can be), never inside a request.
 *  Sizes are counted as the API counts a file's: UTF-8 bytes, line breaks included. A blank line
 *  stays with the request before it (or, at the top, the first request), so every part holds at
 *  least one request and the parts together are the file, byte for byte. Pure. */
import { formatCount } from '../../../common/src/plural';
import { type BatchLimits, DEFAULT_LIMITS } from './limits';
import { type Provider, providerLimits } from './providers';

/** What one part may hold. */
export interface PartLimits {
  requests: number;
  bytes: number;
  /** Embedding inputs in all (an `input` array counts each item); only embeddings requests have any. */
  embeddingInputs: number;
}

/** A caller's lower limits (`--max-requests`, `--max-bytes`). */
export interface PartLimitOverrides {
  maxRequests?: number;
  maxBytes?: number;
}

/** The provider's limits for a batch file, lowered where the caller asks; a problem in words when
 *  a value is not a whole number from 1 up to the provider's own limit (it may only lower it). */
export function partLimits(
  provider: Provider,
  overrides: PartLimitOverrides = {},
  limits: Readonly<BatchLimits> = DEFAULT_LIMITS,
): PartLimits | { problem: string } {
  const own = providerLimits(limits, provider);
  const who = provider === 'azure' ? 'Azure OpenAI' : 'the Batch API';
  const lowered = (value: number | undefined, limit: number, name: string, unit: string): number | string => {
    if (value === undefined) return limit;
    if (!Number.isSafeInteger(value) || value < 1) return `${name} must be a whole number of at least 1, not ${String(value)}`;
    if (value > limit)
      return `${name} may only lower the limit: ${who} takes at most ${formatCount(limit)} ${unit} per file, not ${formatCount(value)}`;
    return value;
  };
  const requests = lowered(overrides.maxRequests, own.requestsPerFile, 'maxRequests', 'requests');
  if (typeof requests === 'string') return { problem: requests };
  const bytes = lowered(overrides.maxBytes, own.fileBytes, 'maxBytes', 'bytes');
  if (typeof bytes === 'string') return { problem: bytes };
  return { requests, bytes, embeddingInputs: own.embeddingInputsPerFile };
}

/** One line as the planner sees it. */
export interface SplitLine {
  /** Its UTF-8 size with its line break. */
  bytes: number;
  /** False for a blank line (and the empty line after a final line break). */
  request: boolean;
  embeddingInputs: number;
}

/** One part: lines `[firstLine, endLine)`, bytes `[start, end)` of the input. */
export interface PlannedPart {
  firstLine: number;
  endLine: number;
  start: number;
  end: number;
  requests: number;
  bytes: number;
  embeddingInputs: number;
}

/** A request (with the blank lines after it) that exceeds a part's limits on its own. */
export interface OversizedRequest {
  /** 0-based line of the request. */
  line: number;
  bytes: number;
  embeddingInputs: number;
  /** Which limit it exceeds. */
  limit: 'bytes' | 'embeddingInputs';
}

export interface SplitPlan {
  parts: PlannedPart[];
  /** Set when the file cannot be split within the limits: the first request too large for any part. */
  oversized?: OversizedRequest;
  /** The input's size and lines, as the planner saw them. */
  bytes: number;
  lines: number;
  requests: number;
}

/** A request with the blank lines after it (and, before the first request, those above it). */
interface Unit extends PlannedPart {
  /** The request's line; -1 while there is none yet (blank lines at the top). */
  requestLine: number;
}

/** Lines in, in order, one `add` each; `finish` gives the parts. Keeps only the parts. */
export class SplitPlanner {
  private readonly parts: PlannedPart[] = [];
  /** The part being filled. */
  private current: PlannedPart | undefined;
  /** The unit being read: it goes into a part once the next request comes, or at the end. */
  private unit: Unit | undefined;
  private oversized: OversizedRequest | undefined;
  private line = 0;
  private offset = 0;
  private requests = 0;

  constructor(private readonly limits: Readonly<PartLimits>) {}

  add(line: SplitLine): void {
    if (line.request && this.unit && this.unit.requestLine >= 0) this.place(this.unit);
    const unit = (this.unit ??= {
      firstLine: this.line,
      endLine: this.line,
      start: this.offset,
      end: this.offset,
      requests: 0,
      bytes: 0,
      embeddingInputs: 0,
      requestLine: -1,
    });
    if (line.request) {
      unit.requestLine = this.line;
      unit.requests++;
      this.requests++;
    }
    unit.endLine = ++this.line;
    unit.end = this.offset += line.bytes;
    unit.bytes += line.bytes;
    unit.embeddingInputs += line.embeddingInputs;
  }

  finish(): SplitPlan {
    // The last request with the blank lines after it (a unit without a request only in a file without one).
    if (this.unit) this.place(this.unit);
    if (this.current) this.parts.push(this.current);
    this.current = undefined;
    const plan: SplitPlan = { parts: this.parts, bytes: this.offset, lines: this.line, requests: this.requests };
    if (this.oversized) plan.oversized = this.oversized;
    return plan;
  }

  /** Puts a unit into the current part if it fits, else starts the next part with it. */
  private place(unit: Unit): void {
    this.unit = undefined;
    const { limits, current } = this;
    if (!this.oversized && (unit.bytes > limits.bytes || unit.embeddingInputs > limits.embeddingInputs)) {
      this.oversized = {
        line: Math.max(unit.requestLine, unit.firstLine),
        bytes: unit.bytes,
        embeddingInputs: unit.embeddingInputs,
        limit: unit.bytes > limits.bytes ? 'bytes' : 'embeddingInputs',
      };
    }
    if (
      current &&
      current.requests + unit.requests <= limits.requests &&
      current.bytes + unit.bytes <= limits.bytes &&
      current.embeddingInputs + unit.embeddingInputs <= limits.embeddingInputs
    ) {
      extend(current, unit);
      return;
    }
    if (current) this.parts.push(current);
    const { requestLine: _, ...part } = unit;
    this.current = part;
  }
}

function extend(part: PlannedPart, unit: PlannedPart): void {
  part.endLine = unit.endLine;
  part.end = unit.end;
  part.requests += unit.requests;
  part.bytes += unit.bytes;
  part.embeddingInputs += unit.embeddingInputs;
}

/** Plans the parts of a file given its lines at once (tests, files in memory). */
export function planSplit(lines: Iterable<SplitLine>, limits: Readonly<PartLimits>): SplitPlan {
  const planner = new SplitPlanner(limits);
  for (const line of lines) planner.add(line);
  return planner.finish();
}
