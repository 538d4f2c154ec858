/** The order in which files are validated from disk: one at a time, so that validating files in
 *  the background never takes more than its turns from the documents being edited (each run lets
 *  other work in between its ranges); files open in the editor before the workspace's. A file
 *  asked for again while it runs (it changed on disk) is abandoned and validated again afterwards.
 *  Counting tokens from disk (diskCosts.ts) keeps a queue of its own in the same order. */

/** Files shown in the editor come first; the workspace's (batchStudio.validation.workspace) after. */
export type DiskPriority = 'open' | 'workspace';

/** Validates one file; `signal` aborts when the result is no longer wanted. */
export type DiskRun = (uri: string, signal: AbortSignal) => Promise<void>;

export class DiskValidationQueue {
  /** Waiting files by priority, each in the order asked for (a Set keeps insertion order). */
  private readonly waiting: Record<DiskPriority, Set<string>> = { open: new Set(), workspace: new Set() };
  private running: { uri: string; abort: AbortController } | undefined;

  constructor(private readonly run: DiskRun) {}

  /** Validates `uri` (again): waits for its turn; if it is being validated now, that run is
   *  abandoned and it runs again next. */
  enqueue(uri: string, priority: DiskPriority): void {
    if (priority === 'open') this.waiting.workspace.delete(uri);
    if (!this.waiting.open.has(uri)) this.waiting[priority].add(uri);
    if (this.running?.uri === uri) this.running.abort.abort();
    this.next();
  }

  /** Stops validating `uri`: out of the queue, and its run, if any, abandoned. */
  cancel(uri: string): void {
    this.waiting.open.delete(uri);
    this.waiting.workspace.delete(uri);
    if (this.running?.uri === uri) this.running.abort.abort();
  }

  private next(): void {
    if (this.running) return;
    const [uri] = this.waiting.open.size > 0 ? this.waiting.open : this.waiting.workspace;
    if (uri === undefined) return;
    this.waiting.open.delete(uri);
    this.waiting.workspace.delete(uri);
    const running = { uri, abort: new AbortController() };
    this.running = running;
    void this.run(uri, running.abort.signal)
      .catch(() => undefined) // the run reports its own failures
      .finally(() => {
        this.running = undefined;
        this.next();
      });
  }
}
