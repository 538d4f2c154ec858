/** Diagnostics of files the client does not sync, validated from disk: a batch file over VS Code's
 *  50 MB limit open in a tab, and with `batchStudio.validation.workspace` every JSON Lines file of
 *  the workspace (batchStudio/diskFiles). Each is streamed through the core's one file entry, as
 *  the CLI reads it (so it costs the server what it costs the CLI), one file at a time, with
 *  work-done progress; its problems are published for its URI and its status sent as for an open
 *  document: first without its cost, then, once counted (diskCosts.ts), with it. A change on disk (workspace/didChangeWatchedFiles) validates it again; a file the
 *  client opens and syncs is left to its document. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Connection, type FileEvent, FileChangeType, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { BatchCost } from '../../common/src/cost';
import type { PriceOverrides } from '../../common/src/priceSetting';
import { type BatchStatusParams, BatchStatusNotification, type DiskFilesParams } from '../../common/src/protocol';
import type { ValidationSettings } from '../../common/src/settings';
import { type LineSource, validateLines, type ValidationResult } from './core';
import type { CounterOf } from './core/cost';
import { DiskCosts } from './diskCosts';
import { diskPath } from './diskPath';
import { withSmallYoungGeneration } from './diskReading';
import { type DiskPriority, DiskValidationQueue } from './diskValidationQueue';
import { errorText } from './errorText';
import { toLspDiagnostic } from './lspDiagnostics';
import type { SettingsReader } from './settings';
import { type FileReadingOptions, fileLineSource } from './validateFile';

/** Thrown into a run whose result is no longer wanted (the file changed, closed or was opened). */
class Abandoned extends Error {}

export class DiskDiagnostics {
  private readonly lists: Record<DiskPriority, Set<string>> = { open: new Set(), workspace: new Set() };
  private readonly statuses = new Map<string, BatchStatusParams>();
  /** Files whose disk diagnostics the client has (to clear when they leave). */
  private readonly published = new Set<string>();
  private readonly queue = new DiskValidationQueue((uri, signal) => this.validate(uri, signal));
  /** Counted after their diagnostics, on a queue of their own: a count never holds up a validation. */
  private readonly costs: DiskCosts;

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsReader,
    /** Whether the client has the file open and synced: its document's diagnostics win. */
    private readonly synced: (uri: string) => boolean,
    /** Worker threads and heap sizes, as the CLI reads files (diskReading.ts). */
    private readonly reading: FileReadingOptions,
    /** The tokenizer the open documents are counted with (its encodings loaded once). */
    counterOf: CounterOf,
  ) {
    this.costs = new DiskCosts(counterOf, (file, error) =>
      this.connection.console.error(`Batch Studio: counting the tokens of ${file} failed: ${errorText(error)}`),
    );
  }

  /** batchStudio/diskFiles: the open or the workspace list replaced. */
  setFiles(params: DiskFilesParams): void {
    const { kind, uris } = (params ?? {}) as Partial<Record<keyof DiskFilesParams, unknown>>;
    if ((kind !== 'open' && kind !== 'workspace') || !Array.isArray(uris)) return;
    const before = this.lists[kind];
    const after = new Set(uris.filter((uri): uri is string => typeof uri === 'string' && uri.startsWith('file:')));
    this.lists[kind] = after;
    for (const uri of after) {
      if (before.has(uri)) continue;
      // A workspace file already validated needs no second run for being opened; one waiting moves up.
      const other = kind === 'open' ? this.lists.workspace : this.lists.open;
      if (!other.has(uri) || (kind === 'open' && !this.statuses.has(uri))) this.queue.enqueue(uri, kind);
    }
    for (const uri of before) if (!this.tracked(uri)) this.forget(uri);
  }

  /** workspace/didChangeWatchedFiles: files of the lists validated again, or cleared when deleted. */
  filesChanged(changes: readonly FileEvent[]): void {
    for (const { uri, type } of Array.isArray(changes) ? changes : []) {
      if (typeof uri !== 'string' || !this.tracked(uri)) continue;
      if (type === FileChangeType.Deleted) this.clear(uri);
      else this.revalidate(uri);
    }
  }

  /** The client opened and synced the file: its document is validated instead. */
  documentOpened(uri: string): void {
    this.queue.cancel(uri);
    this.costs.cancel(uri);
    this.statuses.delete(uri);
    this.published.delete(uri);
  }

  /** The client closed its document: a file still on a list is validated from disk again. True
   *  when it is (its diagnostics will be replaced rather than left empty). */
  documentClosed(uri: string): boolean {
    if (!this.tracked(uri)) return false;
    this.revalidate(uri);
    return true;
  }

  /** Settings changed: every file on the lists is validated again with its own. */
  settingsChanged(): void {
    for (const kind of ['open', 'workspace'] as const) for (const uri of this.lists[kind]) this.revalidate(uri);
  }

  /** The status last sent for a file validated from disk (batchStudio/getStatus). */
  status(uri: string): BatchStatusParams | undefined {
    return this.synced(uri) ? undefined : this.statuses.get(uri);
  }

  private tracked(uri: string): boolean {
    return this.lists.open.has(uri) || this.lists.workspace.has(uri);
  }

  private revalidate(uri: string): void {
    this.costs.cancel(uri);
    if (!this.synced(uri)) this.queue.enqueue(uri, this.priority(uri));
  }

  private priority(uri: string): DiskPriority {
    return this.lists.open.has(uri) ? 'open' : 'workspace';
  }

  /** Off both lists: no longer validated, and its diagnostics cleared. */
  private forget(uri: string): void {
    this.queue.cancel(uri);
    this.clear(uri);
  }

  private clear(uri: string): void {
    this.costs.cancel(uri);
    this.statuses.delete(uri);
    if (this.published.delete(uri) && !this.synced(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async validate(uri: string, signal: AbortSignal): Promise<void> {
    if (this.synced(uri) || !this.tracked(uri)) return;
    const { validation, prices } = await this.settings.forFile(uri);
    if (signal.aborted || this.synced(uri)) return;
    const file = diskPath(uri);
    const progress = await this.connection.window.createWorkDoneProgress();
    let result: ValidationResult;
    let before: fs.Stats | undefined;
    try {
      if (signal.aborted) return;
      progress.begin('Batch Studio', 0, `validating ${path.basename(file)} from disk`);
      before = await fs.promises.stat(file);
      result = await this.validateFile(file, before.size, validation, signal, progress);
      // Written to while it was read (the watcher's word may still be on its way): read it again.
      if (changedSince(before, await fs.promises.stat(file))) {
        this.revalidate(uri);
        return;
      }
    } catch (error) {
      if (signal.aborted) return;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') this.clear(uri);
      else if (before && changedSince(before, await fs.promises.stat(file).catch(() => undefined))) this.revalidate(uri);
      else this.connection.console.error(`Batch Studio: validating ${file} from disk failed: ${errorText(error)}`);
      return;
    } finally {
      progress.done();
    }
    if (signal.aborted || this.synced(uri) || !this.tracked(uri)) return;
    const { diagnostics, summary, isBatch } = result;
    void this.connection.sendDiagnostics({ uri, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, uri)) });
    this.published.add(uri);
    const status: BatchStatusParams = {
      uri,
      isBatch,
      requests: summary.requests,
      endpoint: summary.endpoint,
      model: summary.model,
      errors: summary.errors,
      warnings: summary.warnings,
    };
    this.statuses.set(uri, status);
    void this.connection.sendNotification(BatchStatusNotification.type, status);
    if (isBatch) this.countCost(uri, file, status, before, prices);
  }

  /** The file's tokens and cost, after its diagnostics: its status sent again with them, unless it
   *  was validated again, closed or opened meanwhile. */
  private countCost(uri: string, file: string, status: BatchStatusParams, validated: fs.Stats, prices: PriceOverrides): void {
    const counted = async (cost: BatchCost) => {
      if (this.statuses.get(uri) !== status || this.synced(uri)) return;
      // Written to since it was validated (the watcher's word may still be on its way): both again.
      if (changedSince(validated, await fs.promises.stat(file).catch(() => undefined))) return this.revalidate(uri);
      if (this.statuses.get(uri) !== status || this.synced(uri)) return;
      const withCost = { ...status, cost };
      this.statuses.set(uri, withCost);
      void this.connection.sendNotification(BatchStatusNotification.type, withCost);
    };
    this.costs.count(uri, { file, model: status.model, prices, counted: (cost) => void counted(cost) }, this.priority(uri));
  }

  /** The core's file entry, as the CLI validates (with the server's pool for a large file), with
   *  the share of the file read so far reported, and abandoned as soon as `signal` aborts. */
  private async validateFile(
    file: string,
    size: number,
    validation: ValidationSettings,
    signal: AbortSignal,
    progress: WorkDoneProgressServerReporter,
  ): Promise<ValidationResult> {
    let bytes = 0;
    let reported = 0;
    const source = fileLineSource(file, this.reading);
    const analyze = source.analyze?.bind(source);
    const watched: LineSource = {
      ...source,
      analyze: analyze
        ? (limits, onLine) =>
            analyze(limits, (line) => {
              if (signal.aborted) throw new Abandoned();
              bytes += line.facts.byteLength + line.eolBytes;
              const percentage = size > 0 ? Math.floor((100 * bytes) / size) : 100;
              if (percentage > reported) progress.report((reported = percentage));
              onLine(line);
            })
        : undefined,
    };
    const { detection, severity, provider, maxProblems } = validation;
    return withSmallYoungGeneration(() => validateLines(watched, { detection, severity, provider, maxProblems }));
  }
}

function changedSince(before: fs.Stats, after: fs.Stats | undefined): boolean {
  return !after || after.size !== before.size || after.mtimeMs !== before.mtimeMs;
}
