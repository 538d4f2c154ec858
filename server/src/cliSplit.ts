/** `batch-studio split [--max-requests N] [--max-bytes N] [--provider openai|azure] [--force]
 *  [--format pretty|json] FILE`: a batch file too large for one batch, as parts that each fit
 *  (server/src/splitFile.ts). Exit 0: parts written, or the file fits in one batch already (nothing
 *  written); 1: refused (errors in the file, parts exist without --force, a request too large for
 *  any part); 2: usage or I/O problem. */
import * as path from 'node:path';
import { plural } from '../../common/src/plural';
import type { Provider } from '../../common/src/settings';
import type { AnalysisPool } from './analysisPool';
import {
  fileProblem,
  formatOption,
  optionsOrUsage,
  parseCommandLine,
  providerOption,
  UsageError,
  wholeNumberOption,
  writeOut,
} from './cliCommand';
import { limitsText, refusalMessage, sizeText, SplitLimitError, type SplitOutcome, splitFile } from './splitFile';

export const SPLIT_USAGE = `usage: batch-studio split [--max-requests N] [--max-bytes N] [--provider openai|azure]
                          [--force] [--format pretty|json] FILE

Splits a batch input file into NAME.part-001.jsonl, NAME.part-002.jsonl, ... beside it, each
within every limit of a batch (requests, bytes, embedding inputs), the requests unchanged and in
order, each part as full as the limits allow. A file with errors other than its size is refused.
  --max-requests N    at most N requests per part (default and most: 50,000; Azure: 100,000)
  --max-bytes N       at most N bytes per part; N may end in KB or MB (1 MB = 1,048,576 bytes;
                      default and most: 200 MB)
  --provider openai   the OpenAI Batch API's limits and rules (default)
  --provider azure    Azure OpenAI's (100,000 requests per file)
  --force             replace the parts of an earlier split (and remove those not written again)
  --format pretty     a line per part (default)
  --format json       {"file", "outcome", "parts": [{"file", "requests", "bytes",
                      "embeddingInputs"}], "removed", "message"}
Exit status: 0 parts written (or the file fits in one batch: nothing written), 1 refused (errors
in the file, parts exist without --force, a request larger than a part may be), 2 usage or file
problems.`;

interface Options {
  file: string;
  maxRequests?: number;
  maxBytes?: number;
  provider: Provider;
  force: boolean;
  format: 'pretty' | 'json';
}

function parse(argv: string[]): Options {
  const { values, positionals } = parseCommandLine(argv, {
    'max-requests': { type: 'string' },
    'max-bytes': { type: 'string' },
    provider: { type: 'string' },
    force: { type: 'boolean' },
    format: { type: 'string' },
  });
  const format = formatOption(values.format);
  const provider = providerOption(values.provider);
  if (positionals.length === 0) throw new UsageError('no file given');
  if (positionals.length > 1) throw new UsageError(`split takes one file, not ${positionals.length}`);
  return {
    file: positionals[0],
    maxRequests: wholeNumberOption(values['max-requests'], '--max-requests'),
    maxBytes: byteCount(values['max-bytes']),
    provider,
    force: values.force ?? false,
    format,
  };
}

const UNITS: Record<string, number> = { '': 1, k: 1024, kb: 1024, m: 1024 * 1024, mb: 1024 * 1024 };

/** `1000`, `512KB`, `100MB`. */
function byteCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\s*(k|kb|m|mb)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()] : NaN;
  if (!(bytes >= 1)) throw new UsageError(`--max-bytes must be a number of bytes of at least 1, e.g. 1000, 512KB or 100MB; not "${value}"`);
  return bytes;
}

/** Runs the command; resolves to its exit status. */
export async function splitCommand(argv: string[], pool?: AnalysisPool): Promise<number> {
  const options = optionsOrUsage(() => parse(argv), SPLIT_USAGE);
  if (typeof options === 'number') return options;
  const { file } = options;
  let outcome: SplitOutcome;
  try {
    outcome = await splitFile(file, {
      maxRequests: options.maxRequests,
      maxBytes: options.maxBytes,
      overwrite: options.force,
      validation: { detection: 'always', provider: options.provider },
      reading: { pool },
    });
  } catch (error) {
    if (error instanceof SplitLimitError) {
      process.stderr.write(
        `batch-studio: ${error.message.replace(/^maxRequests/, '--max-requests').replace(/^maxBytes/, '--max-bytes')}\n`,
      );
      return 2;
    }
    process.stderr.write(`batch-studio: cannot split ${file}: ${fileProblem(error)}\n`);
    return 2;
  }
  const name = path.basename(file);
  const message = outcome.kind === 'written' ? undefined : refusalMessage(outcome, name);
  if (options.format === 'json') {
    const report = {
      file,
      outcome: outcome.kind,
      parts: outcome.kind === 'written' ? outcome.parts : [],
      removed: outcome.kind === 'written' ? outcome.removed : [],
      ...(message ? { message } : {}),
    };
    await writeOut(process.stdout, `${JSON.stringify(report, null, 2)}\n`);
  } else if (outcome.kind === 'written') {
    await writeOut(process.stdout, `${writtenReport(file, outcome)}\n`);
  } else if (outcome.kind === 'fits') {
    await writeOut(process.stdout, `${message}\n`);
  } else {
    const hint =
      outcome.kind === 'errors'
        ? ` (batch-studio lint ${file} lists them all)`
        : outcome.kind === 'partsExist'
          ? ' --force replaces them (and removes those the new split does not write).'
          : '';
    await writeOut(process.stderr, `batch-studio: ${message}${hint}\n`);
  }
  return outcome.kind === 'written' || outcome.kind === 'fits' ? 0 : 1;
}

function writtenReport(file: string, outcome: Extract<SplitOutcome, { kind: 'written' }>): string {
  const embeddings = outcome.parts.some((part) => part.embeddingInputs > 0);
  const lines = [
    `Split ${file} (${plural(outcome.requests, 'request')}, ${sizeText(outcome.bytes)}) into ${outcome.parts.length} parts of at most ${limitsText(outcome.limits, embeddings)}:`,
  ];
  const width = Math.max(...outcome.parts.map((part) => part.file.length));
  const countWidth = Math.max(...outcome.parts.map((part) => plural(part.requests, 'request').length));
  for (const part of outcome.parts) {
    const inputs = embeddings ? `  ${plural(part.embeddingInputs, 'embedding input')}` : '';
    lines.push(
      `  ${part.file.padEnd(width)}  ${plural(part.requests, 'request').padStart(countWidth)}  ${sizeText(part.bytes).padStart(8)}${inputs}`,
    );
  }
  if (outcome.removed.length > 0)
    lines.push(`Removed ${plural(outcome.removed.length, 'part')} of the earlier split: ${outcome.removed.join(', ')}`);
  return lines.join('\n');
}
