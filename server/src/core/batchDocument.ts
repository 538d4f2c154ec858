import { analyzeLine } from './analyzeLine';
import { BatchModel, type LineInput } from './batchModel';
import type { BatchDiagnostic } from './diagnostic';
import { spliceMany } from './arrays';
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
    const start = this.clampPosition(edit.range.start);
    const end = this.clampPosition(edit.range.end);
    const [editLine, startCharacter] = start;
    const [endLine, endCharacter] = end[0] < editLine || (end[0] === editLine && end[1] < startCharacter) ? start : end;
    const last = this.lines.length - 1;
    let startLine = editLine;
    let prefix = this.lines[editLine].text.slice(0, startCharacter);
    // A line ending in a lone \r may join the edit's first \n into one \r\n: split them together.
    if (startLine > 0 && this.lines[startLine - 1].eol === '\r') {
      startLine--;
      prefix = this.lines[startLine].text + '\r' + prefix;
    }
    const final = this.lines[endLine];
    const merged = prefix + edit.text + final.text.slice(endCharacter) + final.eol;
    const replacement = splitLines(merged);
    // The merged text ends with the old line break (or none at the end of file), so its last
    // piece is an artefact of splitting: drop it unless this edit reaches the end of the file.
    if (endLine < last) replacement.pop();
    // Analyse before changing anything, so lines and model cannot fall out of step.
    const inputs = replacement.map(toInput);
    spliceMany(this.lines, startLine, endLine - startLine + 1, replacement);
    this.model.replace(startLine, endLine - startLine + 1, inputs);
  }

  /** Positions past a line's end or the file's end mean the end of that line or of the file. */
  private clampPosition(position: { line: number; character: number }): [number, number] {
    const last = this.lines.length - 1;
    if (position.line > last) return [last, this.lines[last].text.length];
    const line = Math.max(0, position.line);
    return [line, clamp(position.character, 0, this.lines[line].text.length)];
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
