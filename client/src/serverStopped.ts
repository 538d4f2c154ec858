/** What a request to the language server says once the server was given up on after repeated
 *  crashes (serverCrashes.ts): its own sentence, instead of the library's "Client is not running".
 *  Pure: no editor types, unit tested (test/unit/client-serverCrashes.test.ts); languageClient.ts
 *  applies it to every BatchServer request. */
import * as l10n from '@vscode/l10n';

/** Read when shown, so that it comes in the display language. */
export const stoppedMessage = (): string =>
  l10n.t(
    'The Batch Studio language server stopped after repeated crashes, so it cannot answer this now. Restart it (Restart Server), or see the Batch Studio output for what went wrong.',
  );

export class ServerStoppedError extends Error {
  constructor() {
    super(stoppedMessage());
    this.name = 'ServerStoppedError';
  }
}

/** `server` with each method refused while `givenUp()`: `onRefused` is told (to offer a restart) and
 *  the call rejects with a ServerStoppedError. A call that fails because the server was given up on
 *  while it waited rejects the same way. */
export function refusedWhenGivenUp<T extends object>(server: T, givenUp: () => boolean, onRefused: () => void): T {
  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(server)) {
    if (typeof method !== 'function') {
      guarded[name] = method;
      continue;
    }
    guarded[name] = async (...args: unknown[]): Promise<unknown> => {
      if (givenUp()) {
        onRefused();
        throw new ServerStoppedError();
      }
      try {
        return await (method as (...a: unknown[]) => unknown).apply(server, args);
      } catch (error) {
        if (!givenUp()) throw error;
        onRefused();
        throw new ServerStoppedError();
      }
    };
  }
  return guarded as T;
}
