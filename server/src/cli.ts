/** `batch-studio lint [--format pretty|json] [--detection always|auto] FILE...`: the same checks as
 *  the editor, for scripts and CI. Files are streamed, so memory stays bounded by the number of
 *  lines' facts, not the file's size. Exit 0: no errors; 1: errors; 2: usage or I/O problem. */
import type { BatchDetection } from './core';
import { type FileResult, lintFile } from './lintFile';

interface Options {
  format: 'pretty' | 'json';
  detection: BatchDetection;
  files: string[];
}

const USAGE = `usage: batch-studio lint [--format pretty|json] [--detection always|auto|never] FILE...

Checks OpenAI Batch API input files (.jsonl) line by line, as the API would.
  --format pretty   compiler-style lines: file:line:col  severity  message  code (default)
  --format json     [{"file", "diagnostics": [{"line", "column", "endLine", "endColumn",
                    "severity", "code", "param", "message"}]}], 1-based lines and columns
  --detection       always (default): check every file as a batch file;
                    auto: skip JSON Lines files that are not batch files
Exit status: 0 no errors, 1 errors found, 2 usage or file problems.`;

class UsageError extends Error {}

function parseArguments(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'lint') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const options: Options = { format: 'pretty', detection: 'always', files: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const format = value();
      if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not "${format}"`);
      options.format = format;
    } else if (flag === '--detection') {
      const detection = value();
      if (detection !== 'always' && detection !== 'auto' && detection !== 'never') throw new UsageError(`--detection must be always, auto or never`);
      options.detection = detection;
    } else if (flag === '--help' || flag === '-h') {
      throw new UsageError('');
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option "${flag}"`);
    } else {
      options.files.push(arg);
    }
  }
  if (options.files.length === 0) throw new UsageError('no files given');
  return options;
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
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      if (d.severity === 'warning') warnings++;
      lines.push(`${file}:${d.line + 1}:${d.start + 1}  ${paint(severityColor[d.severity], d.severity)}  ${d.message}  ${paint('2', d.code)}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(results.length, 'file')}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`batch-studio: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const results: FileResult[] = [];
  let ioFailed = false;
  for (const file of options.files) {
    try {
      results.push(await lintFile(file, options.detection));
    } catch (error) {
      ioFailed = true;
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      process.stderr.write(`batch-studio: cannot read ${file}: ${reason}\n`);
    }
  }
  const report = options.format === 'json' ? jsonReport(results) : prettyReport(results, process.stdout.isTTY === true);
  await new Promise<void>((resolve) => process.stdout.write(`${report}\n`, () => resolve()));
  if (ioFailed) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`batch-studio: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
