/** Which local file each submitted batch came from, so downloads land beside it, retry files can
 *  be built from it and validation errors open it at their line. Kept in globalState (paths are
 *  absolute; a batch may be looked at from another window). */
import * as vscode from 'vscode';
import type { Batch } from './api/batchApi';
import { fileExists } from './util/fileExists';

const STATE_KEY = 'batchStudio.inputFiles';
/** Oldest entries are forgotten beyond this many. */
const MAX_ENTRIES = 1000;

export class InputFiles {
  constructor(private readonly state: vscode.Memento) {}

  private entries(): [string, string][] {
    const value = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(value)
      ? value.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')
      : [];
  }

  async remember(batchId: string, file: string): Promise<void> {
    const entries = this.entries().filter(([id]) => id !== batchId);
    entries.push([batchId, file]);
    await this.state.update(STATE_KEY, entries.slice(-MAX_ENTRIES));
  }

  /** The path recorded at submission, whether or not it still exists. */
  recorded(batchId: string): string | undefined {
    return this.entries().find(([id]) => id === batchId)?.[1];
  }

  /** The input file on this machine: the one recorded at submission if it still exists, else the
   *  only workspace file named like metadata.input_file_name. */
  async locate(batch: Batch): Promise<string | undefined> {
    const recorded = this.recorded(batch.id);
    if (recorded && (await fileExists(recorded))) return recorded;
    const name = batch.metadata?.input_file_name;
    if (typeof name !== 'string' || !name || /[\\/*?[\]{}]/.test(name) || !vscode.workspace.workspaceFolders?.length) return undefined;
    const matches = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 2);
    if (matches.length !== 1 || matches[0].scheme !== 'file') return undefined;
    await this.remember(batch.id, matches[0].fsPath);
    return matches[0].fsPath;
  }
}
