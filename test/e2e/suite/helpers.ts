// What the end-to-end tests share: the diagnostics contract, opening fixture files, waiting on
// editor events (never on the clock), Batch Studio's test hooks, and asking the runner for
// screenshots.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplorerSnapshot } from '../../../client/src/explorer/snapshot';
import type { ShownStatusItem } from '../../../client/src/statusItemText';
import { DIAGNOSTIC_CODES } from '../../../common/src/diagnosticCodes';

export const EXTENSION_ID = 'batch-studio.batch-studio';
export const SOURCE = 'batch-studio';

/** Every diagnostic code the server may report (the public contract, declared once in common/src). */
export const CODES: readonly string[] = DIAGNOSTIC_CODES;

/** Codes reported as warnings; all others are errors. */
export const WARNING_CODES: ReadonlySet<string> = new Set(['unknown_parameter', 'blank_line']);

export const DEFAULT_TIMEOUT_MS = 15_000;

/** What the status item shows for the active editor's document (`testing.status()`). */
export interface BatchStatus {
  requests: number;
  endpoint: string | null;
  model: string | null;
}

/** A notification, modal, input box or dialog, and the answer given in test mode. */
export interface Message {
  kind: 'notification' | 'modal' | 'input' | 'pick' | 'openDialog' | 'saveDialog';
  severity?: 'info' | 'warning' | 'error';
  message: string;
  options?: string[];
  answer?: string | null;
}

/**
 * The test hooks Batch Studio's API exports (`testing` in client/src/extension.ts), as the tests
 * expect them: the installed package has them too, inert until `enableTestMode()`.
 */
export interface Testing {
  status(): BatchStatus | null;
  /** Whether the language server runs: it starts once a JSON Lines file is open. */
  serverState(): 'stopped' | 'starting' | 'running';
  /** The language server's process id while it runs. */
  serverPid(): number | null;
  /** The language status item as shown for the active JSON Lines file, batch file or not. */
  statusItem(): ShownStatusItem;
  explorerSnapshot(): Promise<ExplorerSnapshot>;
  enableTestMode(): void;
  messages(clear?: boolean): Message[];
  answerPrompts(answers: readonly (string | null)[]): void;
}

export function batchStudio(): vscode.Extension<{ testing?: Testing } | undefined> {
  const extension = vscode.extensions.getExtension<{ testing?: Testing } | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed in the window under test`);
  return extension;
}

/** Waits until Batch Studio is active (which opening a .jsonl file causes; this does not). */
export async function whenActive(): Promise<vscode.Extension<{ testing?: Testing } | undefined>> {
  const extension = batchStudio();
  await waitUntil(() => (extension.isActive ? true : undefined), 'Batch Studio to activate (a .jsonl file must be open)');
  return extension;
}

/** Batch Studio's test hooks, once it is active. */
export async function testing(): Promise<Testing> {
  const hooks = (await whenActive()).exports?.testing;
  assert.ok(hooks, "Batch Studio's API exports its test hooks");
  return hooks;
}

/** Turns on Batch Studio's test mode once it is active (open a .jsonl file first): from then on
 *  every message is recorded and prompts take the answers given by `answerPrompts`. */
export async function enableTestMode(): Promise<Testing> {
  const hooks = await testing();
  hooks.enableTestMode();
  return hooks;
}

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace (test/e2e/workspace) is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture in an editor (which also makes it the active one). */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Throws away unsaved edits, so fixtures stay as they are on disk for later tests. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.strictEqual(document.isDirty, false, `${path.basename(document.fileName)} was reverted`);
}

/** Appends a copy of the document's last request (its empty last line skipped) with `from` in it
 *  replaced by `to`: one more request, as a user would paste it. */
export async function appendCopyOfLastRequest(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const last = document.lineAt(document.lineCount - 1).text === '' ? document.lineCount - 2 : document.lineCount - 1;
  const copy = document.lineAt(last).text.replace(from, to);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.lineAt(last).range.end, `\n${copy}`);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not append a request to ${document.uri.toString()}`);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

export function batchDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** `line:code` for each diagnostic (1-based lines, as the editor shows them), in line order. */
export function summarize(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start)).map((d) => `${d.range.start.line + 1}:${codeOf(d)}`);
}

function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map(
      (d) =>
        `[${d.source}] ${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
    )
    .join('\n  ');
}

/**
 * Resolves with the document's Batch Studio diagnostics once `accept` holds for them, checking now
 * and on each `onDidChangeDiagnostics` for the document; rejects after `timeoutMs` with what was
 * there instead.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = batchDiagnostics(uri);
      if (!accept(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${description} in ${path.basename(uri.path)}; ` +
            `diagnostics now:\n  ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** Waits until the document has diagnostics with all of `codes` (and returns them all). */
export function waitForCodes(uri: vscode.Uri, codes: readonly string[], timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(
    uri,
    (list) => codes.every((code) => list.some((d) => codeOf(d) === code)),
    `diagnostics ${codes.join(', ')}`,
    timeoutMs,
  );
}

/**
 * For state that has no change event (extension activation, the status command, a file written
 * by the runner): evaluates `probe` until it returns something other than undefined. Errors from
 * `probe` fail the wait at once.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  description: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the poll interval, not a wait for readiness
  }
}

/** The range of `needle` on a 0-based line; the needle must occur there exactly once. */
export function rangeOf(document: vscode.TextDocument, line: number, needle: string): vscode.Range {
  const text = document.lineAt(line).text;
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `fixture line ${line + 1} contains ${needle}`);
  assert.strictEqual(text.indexOf(needle, start + 1), -1, `fixture line ${line + 1} contains ${needle} only once`);
  return new vscode.Range(line, start, line, start + needle.length);
}

export function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  const show = (r: vscode.Range) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
  assert.strictEqual(show(actual), show(expected), `${what} covers the expected text`);
}

/** The one diagnostic with `code` on a 0-based line. */
export function findDiagnostic(diagnostics: readonly vscode.Diagnostic[], code: string, line: number): vscode.Diagnostic {
  const found = diagnostics.filter((d) => codeOf(d) === code && d.range.start.line === line);
  assert.strictEqual(found.length, 1, `one ${code} on line ${line + 1}; got:\n  ${describeDiagnostics(diagnostics)}`);
  return found[0];
}

export async function batchStatus(): Promise<BatchStatus | null> {
  return (await testing()).status();
}

/**
 * Asks the runner (scripts/e2e/run.js, code-server route) for a screenshot of the window as it is
 * now: logs `SCREENSHOT <name>`, which reaches the runner through the workbench's log, and waits
 * until `<dir>/<name>.png` exists (or `<name>.error` says why it does not). With `hover`, the mouse rests on
 * the `target` element first until the `shows` element is visible. Does nothing unless BATCH_STUDIO_SCREENSHOTS names the directory.
 */
export async function screenshot(name: string, hover?: { target: string; shows: string }): Promise<void> {
  const dir = process.env.BATCH_STUDIO_SCREENSHOTS;
  if (!dir) return;
  assert.match(name, /^[\w.-]+$/, 'screenshot names are plain file names');
  assert.ok(!hover || !/\s/.test(hover.target + hover.shows), 'hover selectors without spaces');
  const file = path.join(dir, `${name}.png`);
  const failure = path.join(dir, `${name}.error`);
  fs.rmSync(file, { force: true });
  fs.rmSync(failure, { force: true });
  console.log(hover ? `SCREENSHOT ${name} hover=${hover.target} shows=${hover.shows}` : `SCREENSHOT ${name}`);
  await waitUntil(() => {
    if (fs.existsSync(failure)) throw new Error(`screenshot ${name} failed: ${fs.readFileSync(failure, 'utf8')}`);
    return fs.existsSync(file) ? true : undefined;
  }, `screenshot ${file}`);
}
