/** `batchStudio/validateFile`: one file validated with its own settings, as the Problems panel
 *  shows it, for the client (Submit's pre-check) and any other editor. The open document's model
 *  when the server has it, else the file streamed from disk; either way through the core's one
 *  validation entry. */
import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { SEVERITIES, type Severity } from '../../common/src/diagnosticCodes';
import type { FileProblem, ProblemKind, ValidateFileParams, ValidateFileResult } from '../../common/src/protocol';
import type { ValidationSettings } from '../../common/src/settings';
import { throwIfCancelled } from './cancellation';
import { acceptsUrl, type BatchDiagnostic, type BatchDocument, validateModel, type ValidationResult } from './core';
import { diskPath } from './diskPath';
import { validateFile } from './validateFile';

/** How many problems an answer lists when the client does not say. */
export const DEFAULT_LISTED_PROBLEMS = 100;

export interface FileValidationContext {
  /** The open document of this URI, if the client has it open (looked up after the settings are in). */
  openDocument(uri: string): BatchDocument | undefined;
  /** The file's validation settings (workspace/configuration with the file as scopeUri). */
  settings(uri: string): Promise<ValidationSettings>;
}

export async function answerValidateFile(
  params: ValidateFileParams,
  context: FileValidationContext,
  token?: CancellationToken,
): Promise<ValidateFileResult> {
  const { uri, listed, severities } = checkParams(params);
  const settings = await context.settings(uri);
  throwIfCancelled(token);
  // Every problem, to count them by code (and the first errors may come after many warnings).
  const options = { detection: settings.detection, severity: settings.severity, provider: settings.provider, maxProblems: Infinity };
  const document = context.openDocument(uri);
  let from: ValidateFileResult['from'];
  let result: ValidationResult;
  if (document) {
    from = 'document';
    result = validateModel(document.model, document.lineText, uri, options);
  } else {
    from = 'disk';
    result = await validateFile(diskPath(uri), options).catch((error: unknown) => {
      throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error), {
        code: error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined,
      });
    });
    throwIfCancelled(token);
  }
  const { summary } = result;
  const wanted = severities ? result.diagnostics.filter((d) => severities.has(d.severity)) : result.diagnostics;
  return {
    uri,
    from,
    isBatch: result.isBatch,
    summary: {
      requests: summary.requests,
      bytes: summary.bytes,
      endpoint: summary.endpoint,
      model: summary.model,
      endpointSupported: acceptsUrl(settings.provider, summary.endpoint),
      problems: summary.problems,
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      kinds: kindsOf(result.diagnostics),
    },
    problems: wanted.slice(0, listed).map(toProblem),
  };
}

function checkParams(params: ValidateFileParams): { uri: string; listed: number; severities?: ReadonlySet<Severity> } {
  const { uri, maxProblems, severities } = (params ?? {}) as Partial<Record<keyof ValidateFileParams, unknown>>;
  if (typeof uri !== 'string' || uri === '')
    throw new ResponseError(ErrorCodes.InvalidParams, 'batchStudio/validateFile needs the uri of a file');
  const listed = typeof maxProblems === 'number' && maxProblems >= 0 ? Math.floor(maxProblems) : DEFAULT_LISTED_PROBLEMS;
  if (severities === undefined) return { uri, listed };
  if (!Array.isArray(severities) || !severities.every((s) => (SEVERITIES as readonly unknown[]).includes(s))) {
    throw new ResponseError(ErrorCodes.InvalidParams, `severities must list ${SEVERITIES.join(', ')}`);
  }
  return { uri, listed, severities: new Set(severities as Severity[]) };
}

function kindsOf(diagnostics: readonly BatchDiagnostic[]): ProblemKind[] {
  const kinds = new Map<string, ProblemKind>();
  for (const { code, severity } of diagnostics) {
    const kind = kinds.get(code);
    if (kind) kind.count++;
    else kinds.set(code, { code, severity, count: 1 });
  }
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

function toProblem(diagnostic: BatchDiagnostic): FileProblem {
  return {
    line: diagnostic.line,
    column: diagnostic.start,
    endColumn: diagnostic.end,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
}
