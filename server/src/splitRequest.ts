/** `batchStudio/splitFile`: Split into Batches for the client (the command and the quick fix on a
 *  file over a limit) and any other editor: the file on disk split by splitFile.ts, with the file's
 *  own validation settings, its provider's limits lowered where the params ask. */
import * as path from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { SplitFileParams, SplitFileResult } from '../../common/src/protocol';
import type { ValidationSettings } from '../../common/src/settings';
import { diskPath } from './diskPath';
import { refusalMessage, SplitLimitError, type SplitOutcome, splitFile } from './splitFile';

export interface SplitContext {
  /** The file's validation settings (workspace/configuration with the file as scopeUri). */
  settings(uri: string): Promise<ValidationSettings>;
}

export async function answerSplitFile(params: SplitFileParams, context: SplitContext): Promise<SplitFileResult> {
  const { uri, maxRequests, maxBytes, overwrite } = checkParams(params);
  const file = diskPath(uri);
  const settings = await context.settings(uri);
  let outcome: SplitOutcome;
  try {
    outcome = await splitFile(file, {
      maxRequests,
      maxBytes,
      overwrite,
      validation: { detection: settings.detection, severity: settings.severity, provider: settings.provider },
    });
  } catch (error) {
    if (error instanceof SplitLimitError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error), {
      code: error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined,
    });
  }
  // Parts are named beside the input as the client spelled its URI, so it recognises them.
  const uriOf = (part: string) => `${uri.slice(0, uri.lastIndexOf('/') + 1)}${encodeURIComponent(path.basename(part))}`;
  if (outcome.kind === 'written') {
    return {
      written: true,
      parts: outcome.parts.map((part) => ({
        uri: uriOf(part.file),
        requests: part.requests,
        bytes: part.bytes,
        embeddingInputs: part.embeddingInputs,
      })),
      removed: outcome.removed.map(uriOf),
      requests: outcome.requests,
      bytes: outcome.bytes,
    };
  }
  const refusal: SplitFileResult = { written: false, reason: outcome.kind, message: refusalMessage(outcome, path.basename(file)) };
  if (outcome.kind === 'partsExist') refusal.existing = outcome.existing.map(uriOf);
  if (outcome.kind === 'errors' && outcome.problems.length > 0) refusal.line = outcome.problems[0].line;
  if (outcome.kind === 'notUtf8') refusal.line = outcome.line;
  if (outcome.kind === 'oversized') refusal.line = outcome.request.line;
  return refusal;
}

function checkParams(params: SplitFileParams): SplitFileParams {
  const { uri, maxRequests, maxBytes, overwrite } = (params ?? {}) as Partial<Record<keyof SplitFileParams, unknown>>;
  if (typeof uri !== 'string' || uri === '')
    throw new ResponseError(ErrorCodes.InvalidParams, 'batchStudio/splitFile needs the uri of a file');
  const optionalNumber = (value: unknown, name: string): number | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw new ResponseError(ErrorCodes.InvalidParams, `${name} must be a number`);
    return value;
  };
  if (overwrite !== undefined && typeof overwrite !== 'boolean')
    throw new ResponseError(ErrorCodes.InvalidParams, 'overwrite must be true or false');
  return { uri, maxRequests: optionalNumber(maxRequests, 'maxRequests'), maxBytes: optionalNumber(maxBytes, 'maxBytes'), overwrite };
}
