/** Command line of the batch emulator: `npm run emulator -- --port N [--api-key KEY] [--speed X]`. */
import { parseArgs as parseCommandLine } from 'node:util';
import { ApiError } from './errors';
import { type FaultSpec, parseFault } from './faults';
import { startEmulator } from './server';

const HELP = `Batch Studio emulator: a local, in-memory OpenAI-compatible Batch API service.

Usage: npm run emulator -- [options]
       node test/out/emulator/main.js [options]

Options:
  --port N            Port on 127.0.0.1 (default 0: a free port, printed once listening).
  --api-key KEY       Accept only "Authorization: Bearer KEY" (default: any non-empty bearer token);
                      repeatable: any of the keys given. Env: BATCH_EMULATOR_API_KEY.
  --speed X           Run batch lifecycles X times faster (default 1: a few requests complete in
                      about 5 s; --speed 10 in about 0.5 s). Env: BATCH_EMULATOR_SPEED.
  --max-file-bytes N  Largest accepted upload (default 209715200, the API's 200 MB).
  --nulls             Send unset Batch fields (errors, output_file_id, *_at) as null, as the live
                      API does; by default they are left out, as the OpenAPI spec describes them.
  --fault JSON        A fault rule in force from the start, e.g.
                      '{"kind":"status","status":429,"retryAfter":20,"path":"^/v1/batches$","times":3}'
                      (repeatable). Kinds: status, delay, reset, truncate, nonjson, cutUpload; rules
                      are also set at POST/GET/DELETE /__emulator/faults. See test/emulator/README.md.
  --quiet             Log nothing but the "listening on" line.
  --help              Show this help.

Once ready it prints exactly one line on stdout: listening on http://127.0.0.1:PORT/v1
Point a client at that URL, e.g. new OpenAI({ baseURL: 'http://127.0.0.1:PORT/v1', apiKey: 'any' }).
Azure OpenAI's URL shape works too: new AzureOpenAI({ endpoint: 'http://127.0.0.1:PORT',
apiVersion: '2024-10-21', apiKey: 'any' }) (/openai/files, /openai/batches, key in 'api-key').

Test hooks: a request whose custom_id starts with "fail-", or whose body has
"metadata": {"emulator_fail": "<code>"}, fails and goes to the error file; a batch created with
metadata {"emulator_expire": "1"} expires halfway through its requests.`;

interface Args {
  port: number;
  apiKey?: string[];
  speed: number;
  maxFileBytes?: number;
  nulls: boolean;
  faults: FaultSpec[];
  quiet: boolean;
  help: boolean;
}

const OPTIONS = {
  port: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  speed: { type: 'string' },
  'max-file-bytes': { type: 'string' },
  nulls: { type: 'boolean' },
  fault: { type: 'string', multiple: true },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Args {
  let values;
  try {
    ({ values } = parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new Error(argumentProblem(error));
  }
  const args: Args = {
    port: values.port === undefined ? 0 : integer('--port', values.port, 0, 65535),
    apiKey: values['api-key'] ?? (env.BATCH_EMULATOR_API_KEY ? [env.BATCH_EMULATOR_API_KEY] : undefined),
    speed: values.speed !== undefined ? Number(values.speed) : env.BATCH_EMULATOR_SPEED ? Number(env.BATCH_EMULATOR_SPEED) : 1,
    maxFileBytes:
      values['max-file-bytes'] === undefined
        ? undefined
        : integer('--max-file-bytes', values['max-file-bytes'], 1, Number.MAX_SAFE_INTEGER),
    nulls: values.nulls ?? false,
    faults: (values.fault ?? []).map(faultOption),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
  if (!(args.speed > 0) || !Number.isFinite(args.speed)) throw new Error('--speed must be a positive number');
  return args;
}

/** util.parseArgs's errors, in this command's words. */
function argumentProblem(error: unknown): string {
  const { code, message = '' } = error as { code?: string; message?: string };
  const quoted = /'([^' ]*)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument') ? `${quoted} takes no value` : `${quoted} needs a value`;
    default:
      throw error;
  }
}

function faultOption(raw: string): FaultSpec {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`--fault takes a JSON object, e.g. '{"kind":"status","status":503}', not ${raw}`);
  }
  try {
    return parseFault(value);
  } catch (error) {
    throw new Error(`--fault ${raw}: ${error instanceof ApiError ? error.message : String(error)}`);
  }
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new Error(`${flag} must be an integer from ${min} to ${max}`);
  return value;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const log = args.quiet ? undefined : (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
  const emulator = await startEmulator({
    port: args.port,
    apiKey: args.apiKey,
    speed: args.speed,
    maxFileBytes: args.maxFileBytes,
    nulls: args.nulls,
    faults: args.faults,
    log,
  });
  process.stdout.write(`listening on ${emulator.url}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
