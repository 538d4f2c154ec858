import type { Connection } from 'vscode-languageserver/node';
import { normalizePrices } from '../../common/src/priceSetting';
import {
  type BatchStudioSettings,
  DEFAULT_SETTINGS,
  normalizeModels,
  normalizeValidationSettings,
  SETTINGS_SECTION,
} from '../../common/src/settings';

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

  /** The settings of a file the client does not have open (no file: the user's and workspace's):
   *  read each time, never cached. */
  forFile(uri: string | undefined): Promise<BatchStudioSettings> {
    return this.read(uri);
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }

  private async read(uri: string | undefined): Promise<BatchStudioSettings> {
    if (!this.clientCanAnswer()) return DEFAULT_SETTINGS;
    try {
      const raw = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) as {
        validation?: unknown;
        models?: unknown;
        prices?: unknown;
        api?: { provider?: unknown } | null;
      } | null;
      // `batchStudio.api.provider` too: an `auto` validation provider follows the connection's.
      return {
        validation: normalizeValidationSettings(raw?.validation, raw?.api?.provider),
        models: normalizeModels(raw?.models),
        prices: normalizePrices(raw?.prices),
      };
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}
