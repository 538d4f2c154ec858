/**
 * Edit Request's documents: one request of a batch file, pretty-printed, in a file system of its
 * own (`batch-request:`), so it opens in an ordinary editor tab and saves like a file. Reading
 * formats the request's current line; saving writes the request back as one line in place of it,
 * one edit of the batch document (so one undo step there), and refuses, with the reason, a request
 * that is not a JSON object or whose line cannot be found for certain. While a request is open and
 * unchanged, its tab follows its line (an undo in the batch file shows there).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatRequest } from '../../../common/src/requestText';
import { type RequestAddress, parseRequestQuery, REQUEST_SCHEME, requestQuery } from '../../../common/src/requestUri';
import type { Ui } from '../ui';
import { customIdOf, findRequestLine, type Lines, linesWithId } from './findRequestLine';
import { requestToLine } from './requestToLine';

/** A request open for editing: where it came from and the line's text as last read or written. */
interface Session {
  uri: vscode.Uri;
  batch: vscode.Uri;
  customId?: string;
  line: number;
  text: string;
  mtime: number;
  size: number;
  /** While a save writes the line: the edit it makes is not one to follow. */
  writing?: boolean;
}

const overwriteButton = () => vscode.l10n.t('Overwrite');

export class RequestFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly ui: Ui) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.followEdits(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === REQUEST_SCHEME) this.sessions.delete(document.uri.toString());
      }),
    );
  }

  /** The request document for a line of a batch file (the same one again while it is open). */
  open(batch: vscode.TextDocument, line: number): vscode.Uri {
    const text = batch.lineAt(line).text;
    const customId = customIdOf(text);
    const unique = customId !== undefined && linesWithId(linesOf(batch), customId).length === 1;
    const address: RequestAddress = { batch: batch.uri.toString(), customId, line: unique ? undefined : line };
    const label = customId !== undefined && customId !== '' ? customId : `line ${line + 1}`;
    const uri = vscode.Uri.from({
      scheme: REQUEST_SCHEME,
      path: `/${path.posix.basename(batch.uri.path)}/${fileSafe(label)}.json`,
      query: requestQuery(address),
    });
    // An open request keeps its session: it follows its line (see followEdits).
    if (!this.sessions.has(uri.toString())) this.sessions.set(uri.toString(), newSession(uri, batch.uri, customId, line, text));
    return uri;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const session = await this.session(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: session.mtime, size: session.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const session = await this.session(uri);
    const batch = await vscode.workspace.openTextDocument(session.batch);
    const found = findRequestLine(linesOf(batch), session, fileName(session.batch));
    if (found.kind === 'missing') throw vscode.FileSystemError.FileNotFound(found.reason);
    session.line = found.line;
    session.text = batch.lineAt(found.line).text;
    const bytes = Buffer.from(formatRequest(session.text) ?? session.text, 'utf8');
    session.size = bytes.length;
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const session = await this.session(uri);
    const name = fileName(session.batch);
    const written = requestToLine(Buffer.from(content).toString('utf8'), session.text);
    if (!written.ok)
      throw new vscode.FileSystemError(
        `${written.reason} ${vscode.l10n.t('It was not written to {0}: fix it and save again, or close this tab to leave {0} as it is.', name)}`,
      );
    const batch = await vscode.workspace.openTextDocument(session.batch);
    const found = findRequestLine(linesOf(batch), session, name);
    if (found.kind === 'missing') throw new vscode.FileSystemError(`${found.reason} ${vscode.l10n.t('This request was not written.')}`);
    if (found.changed) {
      const overwrite = overwriteButton();
      const choice = await this.ui.modal(
        'warning',
        vscode.l10n.t('Line {0} of {1} changed since this request was opened.', found.line + 1, name),
        vscode.l10n.t('Overwrite it with this request? Its changes in the batch file are then lost.'),
        overwrite,
      );
      if (choice !== overwrite)
        throw new vscode.FileSystemError(
          vscode.l10n.t('Not saved: line {0} of {1} changed since this request was opened.', found.line + 1, name),
        );
    }
    const line = batch.lineAt(found.line);
    if (line.text !== written.line) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(session.batch, line.range, written.line);
      session.writing = true;
      try {
        if (!(await vscode.workspace.applyEdit(edit)))
          throw new vscode.FileSystemError(vscode.l10n.t('{0} could not be changed (is it read-only?).', name));
      } finally {
        session.writing = false;
      }
    }
    session.line = found.line;
    session.text = written.line;
    session.customId = customIdOf(written.line);
    session.mtime = Math.max(Date.now(), session.mtime + 1);
    session.size = content.byteLength;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Edit Request documents cannot hold folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Delete the request in its batch file.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('A request opened for editing cannot be renamed; change its custom_id instead.'),
    );
  }

  dispose(): void {
    this.changes.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The session of a request document; one opened before a reload is found again from its URI. */
  private async session(uri: vscode.Uri): Promise<Session> {
    const key = uri.toString();
    const known = this.sessions.get(key);
    if (known) return known;
    const address = parseRequestQuery(uri.query);
    if (!address) throw vscode.FileSystemError.FileNotFound(uri);
    const batchUri = vscode.Uri.parse(address.batch);
    const batch = await vscode.workspace.openTextDocument(batchUri);
    const lines = linesOf(batch);
    const byId = address.customId === undefined ? [] : linesWithId(lines, address.customId);
    const line = address.line ?? byId[0];
    if (line === undefined || line >= batch.lineCount) {
      throw vscode.FileSystemError.FileNotFound(
        vscode.l10n.t('The request {0} is no longer in {1}.', JSON.stringify(address.customId), fileName(batchUri)),
      );
    }
    const session = newSession(uri, batchUri, address.customId, line, batch.lineAt(line).text);
    this.sessions.set(key, session);
    return session;
  }

  /** Keeps each open request on its line as the batch file is edited; when the line itself
   *  changes (an undo, a quick fix) and the request has no unsaved edits, its tab reloads. */
  private followEdits(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0 || this.sessions.size === 0) return;
    const batchKey = event.document.uri.toString();
    const changed: vscode.FileChangeEvent[] = [];
    for (const [key, session] of this.sessions) {
      if (session.writing || session.batch.toString() !== batchKey) continue;
      for (const change of event.contentChanges) {
        if (change.range.end.line < session.line)
          session.line += change.text.split('\n').length - 1 - (change.range.end.line - change.range.start.line);
      }
      const found = findRequestLine(linesOf(event.document), session, fileName(session.batch));
      if (found.kind === 'found' && !found.changed) {
        session.line = found.line;
        continue;
      }
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
      if (document?.isDirty) continue;
      session.mtime = Math.max(Date.now(), session.mtime + 1);
      changed.push({ type: vscode.FileChangeType.Changed, uri: session.uri });
    }
    if (changed.length > 0) this.changes.fire(changed);
  }
}

function newSession(uri: vscode.Uri, batch: vscode.Uri, customId: string | undefined, line: number, text: string): Session {
  return { uri, batch, customId, line, text, mtime: Date.now(), size: 0 };
}

/** A label as a file name: characters that paths or file systems treat specially become `_`. */
function fileSafe(label: string): string {
  let safe = '';
  for (const c of label.slice(0, 80)) safe += c < ' ' || '\\/:*?"<>|#%'.includes(c) ? '_' : c;
  return safe;
}

function linesOf(document: vscode.TextDocument): Lines {
  return { lineCount: document.lineCount, lineAt: (line) => document.lineAt(line).text };
}

function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}
