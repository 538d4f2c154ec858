/** The address of a Show Results view: `batch-results:/dir/run.jsonl.results?uri=…[&failures=1]`.
 *  The path names the tab (and gives it the view's language, `*.jsonl.results`); the query holds
 *  the file the results are of (an input, or a result file whose input is not known) and whether
 *  only failures are shown. */
import * as vscode from 'vscode';

export const RESULTS_SCHEME = 'batch-results';
export const RESULTS_LANGUAGE = 'batch-results';

export interface ResultsView {
  /** The input file (or a result file) the view shows the results of. */
  target: vscode.Uri;
  failuresOnly: boolean;
}

export function resultsUri({ target, failuresOnly }: ResultsView): vscode.Uri {
  const query = new URLSearchParams({ uri: target.toString() });
  if (failuresOnly) query.set('failures', '1');
  const name = target.path.slice(target.path.lastIndexOf('/') + 1) || 'batch';
  const folder = target.path.slice(0, target.path.lastIndexOf('/') + 1) || '/';
  return vscode.Uri.from({ scheme: RESULTS_SCHEME, path: `${folder}${name}.results`, query: query.toString() });
}

/** The view a `batch-results:` URI shows; undefined for any other URI or a malformed one. */
export function parseResultsUri(uri: vscode.Uri): ResultsView | undefined {
  if (uri.scheme !== RESULTS_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const target = query.get('uri');
  if (!target) return undefined;
  try {
    return { target: vscode.Uri.parse(target, true), failuresOnly: query.get('failures') === '1' };
  } catch {
    return undefined;
  }
}
