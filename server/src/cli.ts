/** `batch-studio lint [--format pretty|json] [--detection always|auto|never] [--provider openai|azure]
 *  [--severity CODE=LEVEL]... [--max-problems N] FILE...`: the same checks as the editor, for scripts and CI. Files are read
 *  once, range by range, so memory stays bounded by the number of lines' facts, not the file's
 *  size; a large file's lines are analysed on worker threads too (this same bundle, started as a
 *  worker, serves them). Exit 0: no errors; 1: errors; 2: usage or I/O problem. */
import { keepYoungGenerationSmall } from './youngGeneration'; // first: before the modules below load
import { plural } from '../../common/src/plural';
import { DIAGNOSTIC_CODES, isDiagnosticCode, isSeveritySetting, SEVERITY_SETTINGS } from '../../common/src/diagnosticCodes';
import { type BatchDetection, isDetection, type Provider } from '../../common/src/settings';
import { AnalysisPool, isAnalysisWorker, serveAnalysis } from './analysisPool';
import {
  fileProblem,
  formatOption,
  optionsOrUsage,
  parseCommandLine,
  providerOption,
  HelpRequested,
  UsageError,
  wholeNumberOption,
  writeOut,
} from './cliCommand';
import { splitCommand } from './cliSplit';
import { statsCommand } from './cliStats';
import { type FileResult, validateFile } from './validateFile';

interface Options {
  format: 'pretty' | 'json';
  detection: BatchDetection;
  provider: Provider;
  severity: Record<string, string>;
  maxProblems: number;
  files: string[];
}

const USAGE = `usage: batch-studio lint [--format pretty|json] [--detection always|auto|never]
                         [--provider openai|azure] [--severity CODE=LEVEL]... [--max-problems N] FILE...

Checks OpenAI Batch API input files (.jsonl) line by line, as the API would.
  --format pretty     compiler-style lines: file:line:col  severity  message  code (default)
  --format json       [{"file", "diagnostics": [{"line", "column", "endLine", "endColumn",
                      "severity", "code", "param", "message"}]}], 1-based lines and columns
  --detection         always (default): check every file as a batch file;
                      auto: skip JSON Lines files that are not batch files
  --provider openai   check by the OpenAI Batch API's rules (default)
  --provider azure    check by Azure OpenAI's: urls /chat/completions, /embeddings and
                      /responses (or /v1/...), up to 100,000 requests per file
  --severity CODE=LEVEL
                      change a diagnostic code's severity to error, warning, info or off, as
                      the batchStudio.validation.severity setting does (repeatable, or
                      comma-separated: --severity blank_line=off,unknown_parameter=error)
  --max-problems N    report at most N problems per file (default: all); the summary and the
                      exit status still count every problem
Exit status: 0 no errors, 1 errors found, 2 usage or file problems.

       batch-studio stats [--format pretty|json] FILE...
Counts tokens and estimates the cost at Batch API prices (batch-studio stats --help).

       batch-studio split [--max-requests N] [--max-bytes N] [--provider openai|azure] [--force] FILE
Splits a file too large for one batch into parts that fit (batch-studio split --help).`;

const OPTIONS = {
  format: { type: 'string' },
  detection: { type: 'string' },
  provider: { type: 'string' },
  severity: { type: 'string', multiple: true },
  'max-problems': { type: 'string' },
} as const;

function parseArguments(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') throw new HelpRequested();
  if (command !== 'lint') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const { values, positionals } = parseCommandLine(rest, OPTIONS);
  const format = formatOption(values.format);
  const detection = values.detection ?? 'always';
  if (!isDetection(detection)) throw new UsageError('--detection must be always, auto or never');
  const options: Options = {
    format,
    detection,
    provider: providerOption(values.provider),
    severity: severityOverrides(values.severity ?? []),
    maxProblems: wholeNumberOption(values['max-problems'], '--max-problems') ?? Infinity,
    files: positionals,
  };
  if (options.files.length === 0) throw new UsageError('no files given');
  return options;
}

/** `--severity blank_line=off --severity unknown_parameter=error,invalid_url=warning`. */
function severityOverrides(values: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const item of values.flatMap((value) => value.split(','))) {
    const match = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(item);
    if (!match) throw new UsageError(`--severity takes CODE=LEVEL, e.g. blank_line=off, not "${item}"`);
    const [, code, level] = match;
    if (!isDiagnosticCode(code))
      throw new UsageError(`--severity: unknown diagnostic code "${code}" (the codes: ${DIAGNOSTIC_CODES.join(', ')})`);
    if (!isSeveritySetting(level))
      throw new UsageError(
        `--severity: the level of ${code} must be ${SEVERITY_SETTINGS.slice(0, -1).join(', ')} or ${SEVERITY_SETTINGS.at(-1)}, not "${level}"`,
      );
    overrides[code] = level;
  }
  return overrides;
}

function jsonReport(results: FileResult[]): string {
  return JSON.stringify(
    results.map(({ file, diagnostics }) => ({
      file,
      diagnostics: diagnostics.map((d) => ({
        line: d.line + 1,
        column: d.start + 1,
        endLine: d.line + 1,
        endColumn: d.end + 1,
        severity: d.severity,
        code: d.code,
        param: d.param,
        message: d.message,
      })),
    })),
    null,
    2,
  );
}

function prettyReport(results: FileResult[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityColor = { error: '31', warning: '33', info: '36' } as const;
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let hidden = 0;
  for (const { file, diagnostics, summary } of results) {
    errors += summary.errors;
    warnings += summary.warnings;
    hidden += summary.problems - diagnostics.length;
    for (const d of diagnostics) {
      lines.push(
        `${file}:${d.line + 1}:${d.start + 1}  ${paint(severityColor[d.severity], d.severity)}  ${d.message}  ${paint('2', d.code)}`,
      );
    }
  }
  const notShown = hidden > 0 ? ` (${plural(hidden, 'problem')} not shown: --max-problems)` : '';
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(results.length, 'file')}${notShown}`);
  return lines.join('\n');
}

/** Workers with small heaps (what they keep is a range's facts until sent), lines over 1 MB left
 *  to this thread; see youngGeneration.ts for the flag starting a worker resets. */
function analysisPool(): AnalysisPool {
  return new AnalysisPool(__filename, {
    youngGenerationMb: 4,
    oldGenerationMb: 16,
    maxLineBytes: 1 << 20,
    onWorkerOnline: keepYoungGenerationSmall,
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'stats') return statsCommand(argv.slice(1));
  if (argv[0] === 'split') return splitCommand(argv.slice(1), analysisPool());
  const options = optionsOrUsage(() => parseArguments(argv), USAGE);
  if (typeof options === 'number') return options;
  const results: FileResult[] = [];
  let ioFailed = false;
  const pool = analysisPool();
  for (const file of options.files) {
    try {
      results.push(
        await validateFile(
          file,
          { detection: options.detection, provider: options.provider, severity: options.severity, maxProblems: options.maxProblems },
          { pool },
        ),
      );
    } catch (error) {
      ioFailed = true;
      process.stderr.write(`batch-studio: cannot read ${file}: ${fileProblem(error)}\n`);
    }
  }
  const report = options.format === 'json' ? jsonReport(results) : prettyReport(results, process.stdout.isTTY);
  await writeOut(process.stdout, `${report}\n`);
  if (ioFailed) return 2;
  return results.some((r) => r.summary.errors > 0) ? 1 : 0;
}

if (isAnalysisWorker()) {
  serveAnalysis();
} else {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`batch-studio: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
