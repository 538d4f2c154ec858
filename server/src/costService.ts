/** Token counts and cost estimates over LSP. After each publish of an open batch file (its
 *  diagnostics and status already sent) the file is counted in time slices, and its status is sent
 *  again with the estimate; `batchStudio/estimateCost` answers for an open document or a file on
 *  disk. Counting never delays diagnostics: it starts once the document has been quiet for a
 *  moment after them (so typing is never interrupted by it), and an edit abandons it. */
import { type CancellationToken, type Connection, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { BatchCost } from '../../common/src/cost';
import { type BatchStatusParams, BatchStatusNotification, type EstimateCostParams, EstimateCostRequest } from '../../common/src/protocol';
import { throwIfCancelled } from './cancellation';
import { type BatchDocument, validateModel } from './core';
import type { CounterOf } from './core/cost';
import { diskPath } from './diskPath';
import { DocumentCosts } from './documentCosts';
import { errorText } from './errorText';
import { fileStats } from './fileCost';
import type { SettingsReader } from './settings';
import { tokenizer } from './tokenizer';

/** What the service reads of an open document (the server's own entry). */
export interface CostedDocument {
  readonly document: BatchDocument;
  readonly version: number;
  status?: BatchStatusParams;
}

/** How long a document stays unchanged after its diagnostics before its tokens are counted. */
export const COUNT_AFTER_QUIET_MS = 250;

export class CostService {
  private readonly documents: DocumentCosts;
  /** Per document, the count waiting for the document to stay quiet. */
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  /** Per document, the latest count started after a publish: an older one is abandoned. */
  private readonly latest = new Map<string, number>();
  private counts = 0;

  constructor(
    private readonly connection: Connection,
    private readonly open: (uri: string) => CostedDocument | undefined,
    private readonly settings: SettingsReader,
    private readonly counterOf: CounterOf = tokenizer(),
  ) {
    this.documents = new DocumentCosts(counterOf);
    connection.onRequest(EstimateCostRequest.type, (params, token) => this.estimate(params, token));
  }

  /** Called once `entry`'s diagnostics and status are sent: when the document has stayed as it is
   *  for COUNT_AFTER_QUIET_MS, counts it, then sends the status again with its cost (unless the
   *  document changed meanwhile). */
  count(uri: string, entry: CostedDocument): void {
    const status = entry.status;
    if (!status?.isBatch) {
      this.forget(uri);
      return;
    }
    const id = ++this.counts;
    this.latest.set(uri, id);
    const version = entry.version;
    const current = () => this.latest.get(uri) === id && this.open(uri) === entry && entry.version === version;
    clearTimeout(this.waiting.get(uri));
    this.waiting.set(
      uri,
      setTimeout(() => {
        this.waiting.delete(uri);
        if (current()) this.countNow(uri, entry, status, current);
      }, COUNT_AFTER_QUIET_MS),
    );
  }

  private countNow(uri: string, entry: CostedDocument, status: BatchStatusParams, current: () => boolean): void {
    void this.settings
      .forDocument(uri)
      .then(({ prices }) => (current() ? this.documents.count(uri, entry.document, current, status.model, prices) : undefined))
      .then(
        (cost) => {
          if (!cost || !current() || entry.status !== status) return;
          entry.status = { ...status, cost };
          void this.connection.sendNotification(BatchStatusNotification.type, entry.status);
        },
        (error: unknown) => this.connection.console.error(`Batch Studio: counting tokens failed: ${errorText(error)}`),
      );
  }

  forget(uri: string): void {
    clearTimeout(this.waiting.get(uri));
    this.waiting.delete(uri);
    this.latest.delete(uri);
    this.documents.forget(uri);
  }

  /** batchStudio/estimateCost: the open document as it is now, else the file on disk. */
  private async estimate(params: EstimateCostParams, token?: CancellationToken): Promise<BatchCost | null> {
    const uri = (params as Partial<EstimateCostParams> | null)?.uri;
    if (typeof uri !== 'string' || uri === '')
      throw new ResponseError(ErrorCodes.InvalidParams, 'batchStudio/estimateCost needs the uri of a file');
    try {
      for (let entry = this.open(uri); entry; entry = this.open(uri)) {
        const { validation, prices } = await this.settings.forDocument(uri);
        throwIfCancelled(token);
        if (this.open(uri) !== entry) continue;
        const version = entry.version;
        const { isBatch, summary } = validateModel(entry.document.model, entry.document.lineText, uri, { ...validation, maxProblems: 0 });
        if (!isBatch) return null;
        const opened = entry;
        const cost = await this.documents.count(
          uri,
          entry.document,
          () => this.open(uri) === opened && opened.version === version && !token?.isCancellationRequested,
          summary.model,
          prices,
        );
        throwIfCancelled(token);
        // Edited while counting: count the new version.
        if (cost) return cost;
      }
      const { validation, prices } = await this.settings.forFile(uri);
      throwIfCancelled(token);
      const stats = await fileStats(diskPath(uri), {
        counterOf: this.counterOf,
        prices,
        detection: validation.detection,
        severity: validation.severity,
      });
      throwIfCancelled(token);
      return stats.isBatch ? stats.cost : null;
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      // An unreadable file is the answer, as for batchStudio/validateFile.
      throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error));
    }
  }
}
