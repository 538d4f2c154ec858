import { analyzeLine } from './analyzeLine';
import { BatchModel, type LineInput } from './batchModel';
import type { BatchDiagnostic } from './diagnostic';
import { type SplitLine, splitLines } from './lineSplitter';

/** An edit in editor coordinates: 0-based lines, UTF-16 characters. No range replaces everything. */
export interface TextEdit {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** An open batch file: its lines and the model over them. An edit re-analyses only the lines
 *  it touches. */
export class BatchDocument {
  private lines: SplitLine[] = [];
  readonly model: BatchModel = new BatchModel();

  constructor(text: string) {
    this.setText(text);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  readonly lineText = (line: number): string | undefined => this.lines[line]?.text;

  getText(): string {
    return this.lines.map((l) => l.text + l.eol).join('');
  }

  setText(text: string): void {
    const lines = splitLines(text);
    this.model.replace(0, this.lines.length, lines.map(toInput));
    this.lines = lines;
  }

  applyEdit(edit: TextEdit): void {
    if (!edit.range) {
      this.setText(edit.text);
      return;
    }
    const last = this.lines.length - 1;
    const startLine = clamp(edit.range.start.line, 0, last);
    const endLine = clamp(edit.range.end.line, startLine, last);
    const first = this.lines[startLine];
    const final = this.lines[endLine];
    const startCharacter = clamp(edit.range.start.character, 0, first.text.length);
    const endCharacter = clamp(edit.range.end.character, 0, final.text.length);
    const merged = first.text.slice(0, startCharacter) + edit.text + final.text.slice(endCharacter) + final.eol;
    const replacement = splitLines(merged);
    // The merged text ends with the old line break (or none at the end of file), so its last
    // piece is an artefact of splitting: drop it unless this edit reaches the end of the file.
    if (endLine < last) replacement.pop();
    this.lines.splice(startLine, endLine - startLine + 1, ...replacement);
    this.model.replace(startLine, endLine - startLine + 1, replacement.map(toInput));
  }

  diagnostics(): BatchDiagnostic[] {
    return this.model.diagnostics(this.lineText);
  }
}

function toInput(line: SplitLine): LineInput {
  return { facts: analyzeLine(line.text), eolBytes: line.eol.length };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
