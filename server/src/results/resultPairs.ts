/** Which files hold an input's results, and which input a result file answers: the output and
 *  error files beside it by name (`run.output.jsonl`, `run.errors.jsonl`), and the files the user
 *  linked to it (Link Results File…, batchStudio/resultLinks). Only files that exist (on disk, or
 *  open in the editor) count. */
import type { ResultLinksParams } from '../../../common/src/protocol';
import { inputNameOf, resultFileNamesOf } from '../core/results';

export class ResultPairs {
  /** input → the result files linked to it. */
  private links = new Map<string, string[]>();

  constructor(private readonly exists: (uri: string) => Promise<boolean>) {}

  /** Replaces the links; returns the inputs whose links changed. */
  setLinks(params: ResultLinksParams | undefined): string[] {
    const next = new Map<string, string[]>();
    for (const link of Array.isArray(params?.links) ? params.links : []) {
      const input: unknown = link?.input;
      const results: unknown = link?.results;
      if (typeof input !== 'string' || !Array.isArray(results)) continue;
      const files = results.filter((r): r is string => typeof r === 'string' && r !== input);
      if (files.length > 0) next.set(input, [...new Set([...(next.get(input) ?? []), ...files])]);
    }
    const changed = [...new Set([...this.links.keys(), ...next.keys()])].filter(
      (input) => (this.links.get(input) ?? []).join('\n') !== (next.get(input) ?? []).join('\n'),
    );
    this.links = next;
    return changed;
  }

  /** Whether the user linked the file to an input as its results. */
  isLinkedResult(uri: string): boolean {
    for (const files of this.links.values()) if (files.includes(uri)) return true;
    return false;
  }

  /** The result files of an input that exist, output files first, then errors, then linked ones. */
  async resultFilesOf(input: string): Promise<string[]> {
    const candidates = [...new Set([...resultFileNamesOf(input), ...(this.links.get(input) ?? [])])];
    const present = await Promise.all(candidates.map((uri) => this.exists(uri)));
    return candidates.filter((_, i) => present[i]);
  }

  /** The input a result file answers, if it exists: the one it is linked to, else the one its name says. */
  async inputOf(result: string): Promise<string | undefined> {
    const candidates = [...this.inputsLinkedTo(result)];
    const byName = inputNameOf(result);
    if (byName !== undefined) candidates.push(byName);
    for (const input of candidates) if (await this.exists(input)) return input;
    return undefined;
  }

  /** Inputs whose results a change to this file may change: those it is linked to, and the one its
   *  name says; the file itself, as an input. */
  affectedInputs(uri: string): string[] {
    const byName = inputNameOf(uri);
    return [...new Set([uri, ...this.inputsLinkedTo(uri), ...(byName !== undefined ? [byName] : [])])];
  }

  private *inputsLinkedTo(result: string): Iterable<string> {
    for (const [input, files] of this.links) if (files.includes(result)) yield input;
  }
}
