import type { Connection } from 'vscode-languageserver/node';
import { type BatchStudioSettings, DEFAULT_SETTINGS } from './protocol';

/** Reads `batchStudio` settings per document through workspace/configuration, caching each
 *  document's answer until the configuration changes. */
export class SettingsReader {
  private readonly cache = new Map<string, Promise<BatchStudioSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientCanAnswer: () => boolean,
  ) {}

  forDocument(uri: string): Promise<BatchStudioSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.read(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }

  private async read(uri: string): Promise<BatchStudioSettings> {
    if (!this.clientCanAnswer()) return DEFAULT_SETTINGS;
    try {
      const raw = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'batchStudio' })) as
        | { validation?: Partial<BatchStudioSettings['validation']> }
        | null;
      return { validation: normalize(raw?.validation) };
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}

function normalize(validation: Partial<BatchStudioSettings['validation']> | undefined): BatchStudioSettings['validation'] {
  const defaults = DEFAULT_SETTINGS.validation;
  const delayMs = Number(validation?.delayMs);
  const maxProblems = Number(validation?.maxProblems);
  const detection = validation?.detection;
  return {
    delayMs: Number.isFinite(delayMs) && delayMs >= 0 ? delayMs : defaults.delayMs,
    maxProblems: Number.isFinite(maxProblems) && maxProblems > 0 ? Math.floor(maxProblems) : defaults.maxProblems,
    detection: detection === 'always' || detection === 'never' || detection === 'auto' ? detection : defaults.detection,
    severity: validation?.severity && typeof validation.severity === 'object' ? validation.severity : defaults.severity,
  };
}
