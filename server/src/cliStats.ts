/** `batch-studio stats [--format pretty|json] FILE...`: what each batch file will cost, before it
 *  is sent: its requests, endpoint and model, input tokens counted with the model's tokenizer,
 *  the most output tokens its requests allow, and the estimate at Batch API prices (the dated
 *  table in schemas/prices.json). Exit 0: counted; 1: a file has errors (`lint` shows them; its
 *  estimate covers the lines that could be read); 2: usage or I/O problem. */
import { parseArgs } from 'node:util';
import { type BatchCost, usd } from '../../common/src/cost';
import { plural } from '../../common/src/plural';
import { PRICES_DATE } from './core/cost';
import { type FileStats, fileStats } from './fileCost';
import { tokenizer } from './tokenizer';

export const STATS_USAGE = `usage: batch-studio stats [--format pretty|json] FILE...

Counts the tokens of OpenAI Batch API input files and estimates their cost at Batch API prices
(schemas/prices.json, of ${PRICES_DATE}): input tokens with the model's tokenizer (o200k_base or
cl100k_base, chat messages with their overhead), the most output tokens the requests' caps allow.
  --format pretty     a table, one row per file (default)
  --format json       [{"file", "requests", "endpoint", "model", "encoding", "inputTokens",
                      "maxOutputTokens", "uncountedParts", "estimatedCostUsd": {"input", "output",
                      "total"}, "priceSource", "pricesDate", "errors"}]; maxOutputTokens and the
                      output cost are null when a request sets no output cap, costs null when no
                      price is known for the model
Exit status: 0 counted, 1 a file has errors (run lint), 2 usage or file problems.`;

interface FileReport extends BatchCost {
  file: string;
  requests: number;
  endpoint: string | null;
  model: string | null;
  errors: number;
}

class UsageError extends Error {}

function parse(argv: string[]): { format: 'pretty' | 'json'; files: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const format = values.format ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not "${format}"`);
  if (positionals.length === 0) throw new UsageError('no files given');
  return { format, files: positionals };
}

/** Runs the command; resolves to its exit status. */
export async function statsCommand(argv: string[]): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`batch-studio: ${error.message}\n`);
    process.stderr.write(`${STATS_USAGE}\n`);
    return 2;
  }
  const counterOf = tokenizer();
  const reports: FileReport[] = [];
  let ioFailed = false;
  for (const file of options.files) {
    try {
      reports.push(report(file, await fileStats(file, { counterOf, sliceMs: Infinity })));
    } catch (error) {
      ioFailed = true;
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      process.stderr.write(`batch-studio: cannot read ${file}: ${reason}\n`);
    }
  }
  const text = options.format === 'json' ? JSON.stringify(reports, null, 2) : table(reports);
  await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
  if (ioFailed) return 2;
  return reports.some((r) => r.errors > 0) ? 1 : 0;
}

function report(file: string, stats: FileStats): FileReport {
  const { requests, endpoint, model, errors, cost } = stats;
  return {
    file,
    requests,
    endpoint,
    model,
    encoding: cost.encoding,
    inputTokens: cost.inputTokens,
    maxOutputTokens: cost.maxOutputTokens,
    uncountedParts: cost.uncountedParts,
    estimatedCostUsd: cost.estimatedCostUsd,
    priceSource: cost.priceSource,
    pricesDate: cost.pricesDate,
    errors,
  };
}

const count = (n: number | null) => (n === null ? 'no cap' : n.toLocaleString('en-US'));
const money = (n: number | null, missing: string) => (n === null ? missing : usd(n));

/** One row per file (and a total row for several), then what the numbers mean. */
function table(reports: FileReport[]): string {
  const header = ['file', 'requests', 'endpoint', 'model', 'input tokens', 'max output tokens', 'input', 'output', 'total'];
  const row = (r: Omit<FileReport, 'encoding' | 'pricesDate' | 'priceSource' | 'uncountedParts' | 'errors'>) => {
    const { input, output, total } = r.estimatedCostUsd;
    const noPrice = input === null;
    return [
      r.file,
      r.requests.toLocaleString('en-US'),
      r.endpoint ?? '—',
      r.model ?? '—',
      count(r.inputTokens),
      count(r.maxOutputTokens),
      money(input, 'no price'),
      money(output, noPrice ? 'no price' : 'no cap'),
      money(total, noPrice ? 'no price' : '—'),
    ];
  };
  const rows = [header, ...reports.map(row)];
  if (reports.length > 1) rows.push(row(totalOf(reports)));
  const right = new Set([1, 4, 5, 6, 7, 8]);
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const lines = rows.map((cells) =>
    cells
      .map((cell, column) => (right.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
  lines.push(
    '',
    `Estimated in US dollars at Batch API prices of ${PRICES_DATE} (schemas/prices.json); output at most, from each request's output cap.`,
  );
  for (const r of reports) {
    if (r.uncountedParts > 0)
      lines.push(
        `${r.file}: ${plural(r.uncountedParts, 'image, audio or file part')} not counted (an image at high or auto detail costs by its size, which the request does not give).`,
      );
    if (r.errors > 0)
      lines.push(`${r.file}: ${plural(r.errors, 'error')}; the Batch API would reject the file (batch-studio lint shows them).`);
  }
  return lines.join('\n');
}

/** The sum of several files (a cost is null when any file's is). */
function totalOf(reports: FileReport[]): Omit<FileReport, 'encoding' | 'pricesDate' | 'priceSource' | 'uncountedParts' | 'errors'> {
  const sum = (values: (number | null)[]) =>
    values.some((v) => v === null) ? null : Number((values as number[]).reduce((a, b) => a + b, 0).toPrecision(12));
  return {
    file: 'total',
    requests: reports.reduce((n, r) => n + r.requests, 0),
    endpoint: null,
    model: null,
    inputTokens: reports.reduce((n, r) => n + r.inputTokens, 0),
    maxOutputTokens: sum(reports.map((r) => r.maxOutputTokens)),
    estimatedCostUsd: {
      input: sum(reports.map((r) => r.estimatedCostUsd.input)),
      output: sum(reports.map((r) => r.estimatedCostUsd.output)),
      total: sum(reports.map((r) => r.estimatedCostUsd.total)),
    },
  };
}
