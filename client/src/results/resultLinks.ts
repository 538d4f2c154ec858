/** Result files the user pointed an input to (Link Results File…), for outputs not saved beside
 *  their input under its name: kept per workspace (workspaceState), and told to the server, which
 *  reads them as it reads `run.output.jsonl` beside `run.jsonl`. No editor types beyond the Memento. */
import type * as vscode from 'vscode';
import type { ResultLinksParams } from '../../../common/src/protocol';

const STATE_KEY = 'batchStudio.resultLinks';
/** The most inputs remembered; the oldest links are forgotten beyond. */
const MAX_INPUTS = 200;

export type ResultLinkList = ResultLinksParams['links'];

export class ResultLinks {
  constructor(private readonly state: vscode.Memento) {}

  /** Every link, oldest first; anything malformed in the stored state is skipped. */
  all(): ResultLinkList {
    const value = this.state.get<unknown>(STATE_KEY);
    if (!Array.isArray(value)) return [];
    return value.flatMap((entry: unknown) => {
      const { input, results } = (entry ?? {}) as { input?: unknown; results?: unknown };
      if (typeof input !== 'string' || !Array.isArray(results)) return [];
      const files = results.filter((r): r is string => typeof r === 'string');
      return files.length > 0 ? [{ input, results: files }] : [];
    });
  }

  /** The result files linked to an input. */
  of(input: string): string[] {
    return this.all().find((link) => link.input === input)?.results ?? [];
  }

  /** Links a result file to an input (after those linked before); returns every link. */
  async link(input: string, result: string): Promise<ResultLinkList> {
    const links = this.all();
    const current = links.find((l) => l.input === input);
    const others = links.filter((l) => l.input !== input);
    const results = [...(current?.results ?? []).filter((r) => r !== result), result];
    const next = [...others, { input, results }].slice(-MAX_INPUTS);
    await this.state.update(STATE_KEY, next);
    return next;
  }
}
