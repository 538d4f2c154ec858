/** What the CLI's commands (lint, stats, split) share: arguments parsed, in this CLI's words, with
 *  a usage error shown above the command's usage; the options several take; why a file could not
 *  be read, in a line; output written out before the process exits. */
import { parseArgs } from 'node:util';
import { isProvider, type Provider } from '../../common/src/settings';

/** Wrong arguments: its message and the command's usage go to stderr, exit 2. */
export class UsageError extends Error {}

/** --help (-h): the command's usage goes to stdout, exit 0. */
export class HelpRequested extends Error {}

type OptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** util.parseArgs, strict, with files as positionals and --help (-h), which throws
 *  HelpRequested; its errors become UsageErrors. */
export function parseCommandLine<T extends OptionsConfig>(args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(argumentProblem(error));
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
  return parsed;
}

/** util.parseArgs's errors, in this CLI's words. */
function argumentProblem(error: unknown): string {
  const { code, message = String(error) } = error as { code?: string; message?: string };
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message.includes('does not take an argument') ? `${option} takes no value` : `${option} needs a value`;
  return message.split('\n')[0];
}

/** `parse()`'s options; or the exit status once the usage is shown: for --help on stdout (0), for a
 *  UsageError on stderr below its message (2). */
export function optionsOrUsage<T>(parse: () => T, usage: string): T | 0 | 2 {
  try {
    return parse();
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`batch-studio: ${error.message}\n${usage}\n`);
    return 2;
  }
}

/** --format: pretty (default) or json. */
export function formatOption(value: string | undefined): 'pretty' | 'json' {
  const format = value ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not "${format}"`);
  return format;
}

/** --provider: openai (default) or azure. */
export function providerOption(value: string | undefined): Provider {
  const provider = value ?? 'openai';
  if (!isProvider(provider)) throw new UsageError(`--provider must be openai or azure, not "${provider}"`);
  return provider;
}

/** A whole number of at least 1 (`option` names it in the problem); undefined when not given. */
export function wholeNumberOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${option} must be a whole number of at least 1, not "${value}"`);
  return Number(value);
}

/** Why a file could not be read or written, for `batch-studio: cannot read FILE: …`. */
export function fileProblem(error: unknown): string {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}

/** Resolves once `text` is handed to the stream: the process may exit right after. */
export function writeOut(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}
