/** The address of a request opened for editing (Edit Request): a document of its own scheme that
 *  names the batch file and the request in it, so the client can read and write it back and the
 *  language server can check it against the rest of the batch file. */

export const REQUEST_SCHEME = 'batch-request';

export interface RequestAddress {
  /** The batch file's URI, as the client spells it (`vscode.Uri.toString()`). */
  batch: string;
  /** The request's custom_id when it was opened, if it had one. */
  customId?: string;
  /** Its 0-based line when it was opened: given when it has no custom_id, or one another line
   *  uses too. (Otherwise the id names it, and the document stays the same as lines move.) */
  line?: number;
}

/** The query part of a request document's URI. */
export function requestQuery(address: RequestAddress): string {
  const params = new URLSearchParams({ batch: address.batch });
  if (address.customId !== undefined) params.set('id', address.customId);
  if (address.line !== undefined) params.set('line', String(address.line));
  return params.toString();
}

/** What a request document's query names; accepts it percent-encoded once more, as a URI's
 *  `toString()` writes it. Undefined when it is not a request document's query. */
export function parseRequestQuery(query: string): RequestAddress | undefined {
  for (const candidate of [query, safeDecode(query)]) {
    const params = new URLSearchParams(candidate.replace(/^\?/, ''));
    const batch = params.get('batch');
    const customId = params.get('id') ?? undefined;
    const line = params.has('line') ? Number(params.get('line')) : undefined;
    if (line !== undefined && !(Number.isInteger(line) && line >= 0)) continue;
    if (batch && (customId !== undefined || line !== undefined)) return { batch, customId, line };
  }
  return undefined;
}

/** The address in a request document's URI string, or undefined for a URI of another scheme. */
export function requestAddressOf(uri: string): RequestAddress | undefined {
  if (!uri.startsWith(`${REQUEST_SCHEME}:`)) return undefined;
  const query = uri.indexOf('?');
  if (query < 0) return undefined;
  const fragment = uri.indexOf('#', query);
  return parseRequestQuery(uri.slice(query + 1, fragment < 0 ? undefined : fragment));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
