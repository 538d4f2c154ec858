/** A request the client cancelled ($/cancelRequest) before it was answered gets the answer LSP
 *  asks for, RequestCancelled, and no more work: a handler checks its token after each wait (for
 *  settings, an analysis, a file) and before answering. */
import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** Throws RequestCancelled when the client has cancelled the request. */
export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** What `promise` resolves to, unless the client cancelled the request meanwhile. */
export async function unlessCancelled<T>(promise: Promise<T>, token: CancellationToken | undefined): Promise<T> {
  const value = await promise;
  throwIfCancelled(token);
  return value;
}

/** A cancellation, which a handler's fallback for failures must let through. */
export function isCancellation(error: unknown): boolean {
  return error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled;
}
