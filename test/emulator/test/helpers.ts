/** What the emulator's tests share besides the harness: the extension's BatchApi made the way
 *  ApiSession makes it (a Connection from resolveConnection, a key, a logger), a chat request
 *  line, and what a promise rejects with. */
import { BatchApi, type BatchApiOptions } from '../../../client/src/api/batchApi';
import { type ConnectionSettings, resolveConnection } from '../../../client/src/api/connection';
import { requestLine } from '../../helpers/requests';

const NO_SETTINGS: ConnectionSettings = { provider: 'openai', baseUrl: '', azureEndpoint: '', azureApiVersion: '' };

/** BatchApi on `settings` (OpenAI's defaults for the rest); what it logs goes to `log`. */
export function batchApiFor(
  settings: Partial<ConnectionSettings>,
  key: string,
  log: string[] = [],
  options: Partial<BatchApiOptions> = {},
): BatchApi {
  const connection = resolveConnection({ ...NO_SETTINGS, ...settings });
  if (!connection.ok) throw new Error(connection.problem);
  return new BatchApi(connection, key, { warn: (m) => log.push(m), error: (m) => log.push(m) }, options);
}

/** A chat request of gpt-4o-mini with one user message. */
export function chatLine(customId: string, content = `Say ${customId}`): string {
  return requestLine(customId, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
}

/** What `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
