/** Show Results views: read-only `batch-results:` documents rendered from the server's answer
 *  (batchStudio/results), so they never ask to be saved; refreshed in place when the server says
 *  their results changed; each row a link to its request line. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResultsAnswer } from '../../../common/src/protocol';
import type { BatchServer } from '../languageClient';
import { displayLocale } from '../util/display';
import { renderResults, type TableLink } from './resultsTable';
import { parseResultsUri, RESULTS_SCHEME } from './resultsUri';

function nameOf(uri: string): string {
  try {
    const parsed = vscode.Uri.parse(uri, true);
    return parsed.scheme === 'file' ? path.basename(parsed.fsPath) : path.posix.basename(parsed.path);
  } catch {
    return uri;
  }
}

export class ResultsViews implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  /** Per view: its links and the files it was read from, as last rendered. */
  private readonly shown = new Map<string, { links: TableLink[]; files: Set<string> }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly server: BatchServer) {
    this.subscriptions.push(
      this.changes,
      // A closed view is forgotten (VS Code closes unseen virtual documents after a while).
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === RESULTS_SCHEME) this.shown.delete(document.uri.toString());
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const view = parseResultsUri(uri);
    if (!view) return 'This is not the address of a Show Results view.\n';
    const key = uri.toString();
    let answer: ResultsAnswer;
    try {
      answer = await this.server.results(view.target, view.failuresOnly);
    } catch (error) {
      this.shown.set(key, { links: [], files: new Set([view.target.toString()]) });
      return `Results of ${nameOf(view.target.toString())}\n\nThey cannot be shown: ${error instanceof Error ? error.message : String(error)}\n`;
    }
    const rendered = renderResults(answer, { failuresOnly: view.failuresOnly, nameOf, locale: displayLocale() });
    const files = new Set([view.target.toString(), ...(answer.inputUri ? [answer.inputUri] : []), ...answer.resultUris]);
    this.shown.set(key, { links: rendered.links, files });
    return rendered.text;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const links = this.shown.get(document.uri.toString())?.links ?? [];
    return links.map((link) => {
      const target = vscode.Uri.parse(link.target.uri, true).with({ fragment: `L${link.target.line + 1}` });
      const item = new vscode.DocumentLink(new vscode.Range(link.line, link.start, link.line, link.end), target);
      item.tooltip = vscode.l10n.t('Open line {0} of {1}', link.target.line + 1, nameOf(link.target.uri));
      return item;
    });
  }

  /** The server says these inputs' results changed: the views of them render again. */
  refresh(inputs: readonly string[]): void {
    const changed = new Set(inputs);
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== RESULTS_SCHEME) continue;
      const shown = this.shown.get(document.uri.toString());
      const view = parseResultsUri(document.uri);
      if ([...(shown?.files ?? []), ...(view ? [view.target.toString()] : [])].some((file) => changed.has(file)))
        this.changes.fire(document.uri);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
