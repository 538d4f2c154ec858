/** Treat as Batch File: a JSON Lines file that detection did not take for a batch file (say, one
 *  that holds no request yet and has no `batch` in its name) is checked as one, that file only.
 *  The language server reads `batchStudio.validation.detection` per document; for these files the
 *  client answers `always`. Remembered per workspace. */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient, type Middleware } from 'vscode-languageclient/node';

const KEY = 'batchStudio.treatedAsBatch';

export class TreatedAsBatch {
  constructor(private readonly memento: vscode.Memento) {}

  private uris(): string[] {
    const stored = this.memento.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((uri): uri is string => typeof uri === 'string') : [];
  }

  has(uri: string): boolean {
    return this.uris().includes(uri);
  }

  /** The configuration the server asks for, with `detection: always` for the files treated as
   *  batch files. */
  middleware(): Middleware {
    return {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((section: unknown, index) => {
            const scope = params.items[index]?.scopeUri;
            if (!scope || !this.has(scope) || typeof section !== 'object' || section === null) return section;
            const settings = section as { validation?: Record<string, unknown> };
            return { ...settings, validation: { ...(settings.validation ?? {}), detection: 'always' } };
          });
        },
      },
    };
  }

  /** The command: remembers the file and has the server read the settings again. Resolves to true
   *  when the file is (now) treated as a batch file. */
  command(client: () => LanguageClient | undefined): (arg?: unknown) => Promise<boolean> {
    return async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const running = client();
      if (!uri || !running) return false;
      const key = running.code2ProtocolConverter.asUri(uri);
      if (!this.has(key)) await this.memento.update(KEY, [...this.uris(), key]);
      await running.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      return true;
    };
  }
}
