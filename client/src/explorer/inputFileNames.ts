/** The names of batches' input files, fetched from the Files API for the labels of batches that
 *  carry no name of their own (submitted elsewhere, without metadata). Each file is asked about
 *  once, and at most MAX_LOOKUPS at a time: a page of such batches must not send a request each
 *  at once. No editor types. */
import { limitConcurrency } from '../util/limitConcurrency';

export const MAX_LOOKUPS = 4;

export interface FileNameSource {
  fileName(fileId: string): Promise<string>;
}

export class InputFileNames {
  /** File id → its name ('' when it could not be fetched); undefined while fetching. */
  private readonly names = new Map<string, string | undefined>();
  private readonly limit = limitConcurrency(MAX_LOOKUPS);
  private readonly listeners = new Set<(fileId: string) => void>();
  private generation = 0;

  /** `source` resolves to the API to ask, or undefined when there is none (no key): the name
   *  then stays unknown until `clear`. */
  constructor(private readonly source: () => Promise<FileNameSource | undefined>) {}

  /** A name arrived: labels of batches with this input file change. */
  onDidResolve(listener: (fileId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The name if it is known; fetches nothing. */
  known(fileId: string): string | undefined {
    return this.names.get(fileId) || undefined;
  }

  /** The name if it is known; else undefined, and it is fetched (once) in the background. */
  request(fileId: string): string | undefined {
    if (this.names.has(fileId)) return this.known(fileId);
    this.names.set(fileId, undefined);
    const generation = this.generation;
    void this.limit(() => this.lookUp(fileId, generation));
    return undefined;
  }

  /** Forgets every name (the connection or key changed); look-ups still queued are dropped. */
  clear(): void {
    this.generation++;
    this.names.clear();
  }

  private async lookUp(fileId: string, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    let name = '';
    try {
      const api = await this.source();
      if (!api) return;
      name = await api.fileName(fileId);
    } catch {
      // The label stays the batch id.
    }
    if (generation !== this.generation) return;
    this.names.set(fileId, name);
    if (name) for (const listener of this.listeners) listener(fileId);
  }
}
