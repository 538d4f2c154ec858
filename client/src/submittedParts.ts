/** Which part files Submit All Parts has sent, as they were then (size and modification time), so
 *  that running it again after a failure sends only the parts not sent yet, never one twice; a part
 *  written again by a new split counts as new. Kept in globalState, by absolute path. */
import type * as vscode from 'vscode';

const STATE_KEY = 'batchStudio.submittedParts';
/** Oldest entries are forgotten beyond this many. */
const MAX_ENTRIES = 1000;

/** The file as it was sent: its path, size and modification time (ms). */
export interface PartVersion {
  file: string;
  size: number;
  mtimeMs: number;
}

type Entry = [file: string, size: number, mtimeMs: number, batchId: string];

function isEntry(value: unknown): value is Entry {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'string'
  );
}

export class SubmittedParts {
  constructor(private readonly state: vscode.Memento) {}

  private entries(): Entry[] {
    const value = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(value) ? value.filter(isEntry) : [];
  }

  /** The batch this very version of the part was sent as, if it was. */
  batchOf(part: PartVersion): string | undefined {
    return this.entries().find(([file, size, mtimeMs]) => file === part.file && size === part.size && mtimeMs === part.mtimeMs)?.[3];
  }

  async remember(part: PartVersion, batchId: string): Promise<void> {
    const entries = this.entries().filter(([file]) => file !== part.file);
    entries.push([part.file, part.size, part.mtimeMs, batchId]);
    await this.state.update(STATE_KEY, entries.slice(-MAX_ENTRIES));
  }
}
