/** `batch-studio stats [--format pretty|json] FILE...`: what each batch file will cost, before it
 *  is sent: its requests, endpoint and model, input tokens counted with the model's tokenizer,
 *  the most output tokens its requests allow, and the estimate at Batch API prices (the dated
 *  table in schemas/prices.json). Exit 0: counted; 1: a file has errors (`lint` shows them; its
 *  estimate covers the lines that could be read); 2: usage or I/O problem. */
import { type BatchCost, usd } from '../../common/src/cost';
import { formatCount, plural } from '../../common/src/plural';
import { fileProblem, formatOption, optionsOrUsage, parseCommandLine, UsageError, writeOut } from './cliCommand';
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

function parse(argv: string[]): { format: 'pretty' | 'json'; files: string[] } {
  const { values, positionals } = parseCommandLine(argv, { format: { type: 'string' } });
  const format = formatOption(values.format);
  if (positionals.length === 0) throw new UsageError('no files given');
  return { format, files: positionals };
}

/** Runs the command; resolves to its exit status. */
export async function statsCommand(argv: string[]): Promise<number> {
  const options = optionsOrUsage(() => parse(argv), STATS_USAGE);
  if (typeof options === 'number') return options;
  const counterOf = tokenizer();
  const reports: FileReport[] = [];
  let ioFailed = false;
  for (const file of options.files) {
    try {
      reports.push(report(file, await fileStats(file, { counterOf, sliceMs: Infinity })));
    } catch (error) {
      ioFailed = true;
      process.stderr.write(`batch-studio: cannot read ${file}: ${fileProblem(error)}\n`);
    }
  }
  const text = options.format === 'json' ? JSON.stringify(reports, null, 2) : table(reports);
  await writeOut(process.stdout, `${text}\n`);
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

const count = (n: number | null) => (n === null ? 'no cap' : formatCount(n));
const money = (n: number | null, missing: string) => (n === null ? missing : usd(n));

/** One row per file (and a total row for several), then what the numbers mean. */
function table(reports: FileReport[]): string {
  const header = ['file', 'requests', 'endpoint', 'model', 'input tokens', 'max output tokens', 'input', 'output', 'total'];
  const row = (r: Omit<FileReport, 'encoding' | 'pricesDate' | 'priceSource' | 'uncountedParts' | 'errors'>) => {
    const { input, output, total } = r.estimatedCostUsd;
    const noPrice = input === null;
    return [
      r.file,
      formatCount(r.requests),
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
