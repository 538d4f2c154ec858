import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The path of a file: URI; anything else cannot be read from disk (the client did not open it). */
export function diskPath(uri: string): string {
  let path: string | undefined;
  try {
    path = new URL(uri).protocol === 'file:' ? fileURLToPath(uri) : undefined;
  } catch {
    path = undefined;
  }
  if (path === undefined)
    throw new ResponseError(LSPErrorCodes.RequestFailed, `${uri} is not open, and only file: URIs can be read from disk`);
  return path;
}
