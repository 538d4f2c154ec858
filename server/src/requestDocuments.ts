/** Requests opened for editing (Edit Request): one batch request pretty-printed over many lines,
 *  in a document of the `batch-request:` scheme. Diagnostics come from the core checking the
 *  whole text as one request (offsets into it become ranges); hover and completion are the batch
 *  file's own, asked on the request compacted back into the one line it will be saved as, their
 *  ranges mapped back. */
import type { CompletionItem, Diagnostic, Hover, Position, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compactWithOffsets } from '../../common/src/requestText';
import { requestAddressOf } from '../../common/src/requestUri';
import type { ValidationSettings } from '../../common/src/settings';
import { applySeverityOverrides, BatchDocument, checkRequest } from './core';
import { type AssistOptions, completions, hover } from './lspAssist';
import { toLspDiagnostic, toTextRange } from './lspDiagnostics';

/** True for a request opened for editing; the batch file it came from is `batchUriOf`. */
export function isRequestDocument(uri: string): boolean {
  return requestAddressOf(uri) !== undefined;
}

export function batchUriOf(uri: string): string | undefined {
  return requestAddressOf(uri)?.batch;
}

/** The request's problems, with the user's severities; `batch`, when open, for a custom_id that
 *  another of its lines uses (related information points there). */
export function requestDiagnostics(
  uri: string,
  text: string,
  validation: ValidationSettings,
  batch: BatchDocument | undefined,
): Diagnostic[] {
  const address = requestAddressOf(uri);
  if (!address) return [];
  const origin = batch ? { model: batch.model, textOf: batch.lineText, originalId: address.customId } : undefined;
  const positions = TextDocument.create(uri, 'json', 0, text);
  const found = applySeverityOverrides(checkRequest(text, origin, validation.provider), validation.severity).slice(
    0,
    validation.maxProblems,
  );
  return found.map((diagnostic) => ({ ...toLspDiagnostic(diagnostic, address.batch), range: toTextRange(positions, diagnostic) }));
}

export function requestHover(text: string, position: Position, options: AssistOptions): Hover | null {
  const view = new CompactView(text, position);
  const found = hover(view.document, view.position, options);
  return found?.range ? { ...found, range: view.back(found.range) } : found;
}

export function requestCompletions(text: string, position: Position, options: AssistOptions): CompletionItem[] {
  const view = new CompactView(text, position);
  return completions(view.document, view.position, options).map((item) => {
    const edit = item.textEdit;
    if (!edit) return item;
    return {
      ...item,
      textEdit:
        'range' in edit
          ? { ...edit, range: view.back(edit.range) }
          : { ...edit, insert: view.back(edit.insert), replace: view.back(edit.replace) },
    };
  });
}

/** The request as the one line it is saved as, with a position in it and ranges mapped back. */
class CompactView {
  readonly document: BatchDocument;
  readonly position: Position;
  /** The offset in the request of each character of the line. */
  private readonly offsets: number[];
  private readonly original: TextDocument;
  private readonly cursor: number;
  private readonly cursorInLine: number;

  constructor(text: string, position: Position) {
    const compact = compactWithOffsets(text);
    this.original = TextDocument.create('batch-request:/view', 'json', 0, text);
    this.cursor = this.original.offsetAt(position);
    let line = compact.text;
    this.offsets = compact.offsets;
    let at = firstAtOrAfter(this.offsets, this.cursor);
    // A cursor in whitespace (an empty line, an indent) stays apart from the tokens around it: a
    // space on either side stands for the whitespace there.
    const before = this.cursor > 0 && (at === 0 || this.offsets[at - 1] !== this.cursor - 1);
    const after = this.cursor < text.length && (at === this.offsets.length || this.offsets[at] !== this.cursor);
    if (before || after) {
      const spaces = [...(before ? [this.cursor - 1] : []), ...(after ? [this.cursor] : [])];
      line = `${line.slice(0, at)}${' '.repeat(spaces.length)}${line.slice(at)}`;
      this.offsets = [...this.offsets.slice(0, at), ...spaces, ...this.offsets.slice(at)];
      if (before) at++;
    }
    this.cursorInLine = at;
    this.document = new BatchDocument(line);
    this.position = { line: 0, character: at };
  }

  /** A range of the line as a range of the request. The cursor's own place maps to the cursor,
   *  not to the next token (which may be lines below, past the whitespace). */
  back(range: Range): Range {
    const start = this.offsetOf(range.start.character, 'start');
    const end = range.end.character === range.start.character ? start : this.offsetOf(range.end.character, 'end');
    return { start: this.original.positionAt(start), end: this.original.positionAt(end) };
  }

  private offsetOf(character: number, side: 'start' | 'end'): number {
    if (character === this.cursorInLine) return this.cursor;
    const last = this.offsets.length - 1;
    if (side === 'end') return character <= 0 ? (this.offsets[0] ?? 0) : this.offsets[Math.min(character, last + 1) - 1] + 1;
    return character <= last ? this.offsets[character] : last >= 0 ? this.offsets[last] + 1 : 0;
  }
}

/** The index of the first value at or after `target` in an ascending array (its length if none). */
function firstAtOrAfter(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
