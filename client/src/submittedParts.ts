/** Which part files Submit All Parts has sent, as they were then (size and modification time), so
 *  that running it again after a failure sends only the parts not sent yet, never one twice; a part
 *  written again by a new split counts as new. A part whose create had no certain outcome (a
 *  timeout) is "maybe submitted", with the file it was uploaded as: the next run looks for a batch
 *  made from that upload before it sends the part again. Kept in globalState, by absolute path. */
import type * as vscode from 'vscode';

const STATE_KEY = 'batchStudio.submittedParts';
const MAYBE_KEY = 'batchStudio.maybeSubmittedParts';
/** Oldest entries are forgotten beyond this many. */
const MAX_ENTRIES = 1000;

/** The file as it was sent: its path, size and modification time (ms). */
export interface PartVersion {
  file: string;
  size: number;
  mtimeMs: number;
}

/** The last field: the batch the part was sent as, or the file it was uploaded as (maybe sent). */
type Entry = [file: string, size: number, mtimeMs: number, id: string];

function isEntry(value: unknown): value is Entry {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'string'
  );
}

const sameVersion =
  (part: PartVersion) =>
  ([file, size, mtimeMs]: Entry): boolean =>
    file === part.file && size === part.size && mtimeMs === part.mtimeMs;

export class SubmittedParts {
  constructor(private readonly state: vscode.Memento) {}

  /** `key`: the parts sent (the last field is the batch) or maybe sent (the uploaded file). */
  private entries(key: string): Entry[] {
    const value = this.state.get<unknown>(key);
    return Array.isArray(value) ? value.filter(isEntry) : [];
  }

  private async put(key: string, part: PartVersion, id: string | undefined): Promise<void> {
    const entries = this.entries(key).filter(([file]) => file !== part.file);
    if (id !== undefined) entries.push([part.file, part.size, part.mtimeMs, id]);
    await this.state.update(key, entries.slice(-MAX_ENTRIES));
  }

  /** The batch this very version of the part was sent as, if it was. */
  batchOf(part: PartVersion): string | undefined {
    return this.entries(STATE_KEY).find(sameVersion(part))?.[3];
  }

  /** The file this very version of the part was uploaded as when creating its batch had no certain
   *  outcome, if that happened (and no batch was found for it since). */
  maybeSubmittedAs(part: PartVersion): string | undefined {
    return this.entries(MAYBE_KEY).find(sameVersion(part))?.[3];
  }

  async remember(part: PartVersion, batchId: string): Promise<void> {
    await this.put(STATE_KEY, part, batchId);
    await this.put(MAYBE_KEY, part, undefined);
  }

  /** Creating the part's batch from the upload `fileId` had no certain outcome. */
  async rememberMaybe(part: PartVersion, fileId: string): Promise<void> {
    await this.put(MAYBE_KEY, part, fileId);
  }
}
