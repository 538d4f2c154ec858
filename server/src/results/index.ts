/** The results features wired to the connection: inlay hints, batchStudio/results, the links and
 *  file changes the client reports, and what hover and Go to Definition add. Nothing here throws
 *  into the server: a failure is logged, and the feature answers as if there were no results. */
import type { CancellationToken, Connection, Hover, Location, Position } from 'vscode-languageserver/node';
import {
  ResultFilesChangedNotification,
  ResultLinksNotification,
  ResultsChangedNotification,
  ResultsRequest,
} from '../../../common/src/protocol';
import { isCancellation, throwIfCancelled, unlessCancelled } from '../cancellation';
import { errorText } from '../errorText';
import { appendHover } from '../lspAssist';
import type { OpenText } from './resultReader';
import { ResultService, withResultDefinitions } from './resultService';

export interface ResultHost {
  /** The open document as it is now (its lines are read as they are). */
  document(uri: string): OpenText | undefined;
  /** The open document once its first analysis is done. */
  analysed(uri: string): Promise<OpenText | undefined>;
  /** Whether the client refreshes inlay hints when asked (`workspace.inlayHint.refreshSupport`). */
  refreshesInlayHints(): boolean;
}

export class ResultFeatures {
  private readonly service: ResultService;

  constructor(
    private readonly connection: Connection,
    private readonly host: ResultHost,
  ) {
    this.service = new ResultService((uri) => host.document(uri), {
      resultsChanged: (inputs) => {
        void connection.sendNotification(ResultsChangedNotification.type, { inputs });
        if (host.refreshesInlayHints() && inputs.some((uri) => host.document(uri)))
          connection.languages.inlayHint.refresh().catch(() => undefined);
      },
    });
  }

  private async safely<T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isCancellation(error)) throw error;
      this.connection.console.error(`Batch Studio: ${what} failed: ${errorText(error)}`);
      return fallback;
    }
  }

  /** The handlers of the messages only results use. */
  register(): void {
    const { connection, host } = this;
    connection.languages.inlayHint.on(({ textDocument, range }, token) =>
      this.safely(
        'showing results inline',
        async () => {
          const open = await host.analysed(textDocument.uri);
          throwIfCancelled(token);
          return open ? unlessCancelled(this.service.inlayHints(textDocument.uri, open, range), token) : [];
        },
        [],
      ),
    );
    connection.onRequest(ResultsRequest.type, (params, token) => this.service.results(params, token));
    connection.onNotification(ResultLinksNotification.type, (params) => {
      try {
        this.service.setLinks(params);
      } catch (error) {
        connection.console.error(`Batch Studio: linking result files failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    connection.onNotification(ResultFilesChangedNotification.type, (params) => this.filesChanged(params?.uris));
  }

  /** Files changed on disk (batchStudio/resultFilesChanged, workspace/didChangeWatchedFiles). */
  filesChanged(uris: unknown): void {
    if (Array.isArray(uris)) this.service.filesChanged(uris.filter((uri): uri is string => typeof uri === 'string'));
  }

  /** The hover with the result of the custom_id under the cursor added. */
  hover(uri: string, position: Position, base: Hover | null, token?: CancellationToken): Promise<Hover | null> {
    return this.safely(
      'adding a result to a hover',
      async () => {
        const open = await this.host.analysed(uri);
        throwIfCancelled(token);
        return open ? appendHover(base, await this.service.hover(uri, open, position)) : base;
      },
      base,
    );
  }

  /** Go to Definition with the result line (or, in a result file, the request) added. */
  definition(uri: string, position: Position, own: Location | null, token?: CancellationToken): Promise<Location | Location[] | null> {
    return this.safely(
      'finding a result',
      async () => {
        const open = await this.host.analysed(uri);
        throwIfCancelled(token);
        return open ? withResultDefinitions(own, position, await this.service.definition(uri, open, position)) : own;
      },
      own,
    );
  }
}
