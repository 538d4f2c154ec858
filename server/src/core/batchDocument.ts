import { analyzeLine, type LineFacts } from './analyzeLine';
import { BatchModel, type LineRecord } from './batchModel';
import type { BatchDiagnostic } from './diagnostic';
import { spliceMany } from './arrays';
import { type SplitLine, splitLines } from '../../../common/src/lineSplitter';
import { type BatchLimits, batchLimits } from './limits';
import { schemaRegistry } from './schemaRegistry';

/** An edit in editor coordinates: 0-based lines, UTF-16 characters. No range replaces everything. */
export interface TextEdit {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Stands in for a changed line's facts until the line is analysed. */
const PENDING: LineFacts = { blank: true, byteLength: 0, looksLikeBatch: false, isObject: false, embeddingInputs: 0, problems: [] };

/** An open batch file: its lines and the model over them. An edit only marks the lines it
 *  touches; they are analysed when the model is next read, so a burst of keystrokes costs one
 *  analysis of each changed line. */
export class BatchDocument {
  private lines: SplitLine[] = [];
  private readonly fileModel: BatchModel;
  private readonly stale = new Set<LineRecord>();
  private readonly limits: Readonly<BatchLimits>;

  /** `limits`: changes to the file limits checked (the API's by default). `deferAnalysis`: leave
   *  every line to be analysed later, by `settle` with facts found elsewhere (the language server
   *  analyses a large document's lines on worker threads) or on first use of the model. */
  constructor(text: string, limits?: Partial<BatchLimits>, options: { deferAnalysis?: boolean } = {}) {
    this.limits = batchLimits(limits);
    this.fileModel = new BatchModel(this.limits);
    if (options.deferAnalysis) {
      this.lines = splitLines(text);
      this.markStale(this.fileModel.replace(0, 0, this.lines.map(pending)));
    } else {
      this.setText(text);
    }
  }

  /** The lines still to be analysed, in order, with their text: for analysing them elsewhere. */
  pendingLines(): { records: LineRecord[]; texts: string[] } {
    const records = [...this.stale].filter((record) => this.fileModel.contains(record)).sort((a, b) => a.index - b.index);
    return { records, texts: records.map((record) => this.lines[record.index].text) };
  }

  /** Gives lines of `pendingLines` the facts analysed elsewhere (by analyzeLine, with this
   *  document's limits). Lines edited since are left alone: they are analysed when next needed. */
  settle(records: readonly LineRecord[], facts: readonly LineFacts[]): void {
    records.forEach((record, i) => {
      if (!this.stale.has(record) || !this.fileModel.contains(record)) return;
      this.fileModel.update(record, facts[i]);
      this.stale.delete(record);
    });
  }

  /** The limits the document's lines are checked against. */
  get lineLimits(): Readonly<BatchLimits> {
    return this.limits;
  }

  private analyze(text: string): LineFacts {
    return analyzeLine(text, schemaRegistry(), this.limits);
  }

  /** The model, with every changed line analysed. */
  get model(): BatchModel {
    for (const record of this.stale) {
      // Records replaced by later edits are skipped, so a burst of keystrokes costs one analysis.
      if (this.fileModel.contains(record)) this.fileModel.update(record, this.analyze(this.lines[record.index].text));
    }
    this.stale.clear();
    return this.fileModel;
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
    // Every line changes: analyse them at once rather than through the stale set.
    this.stale.clear();
    this.fileModel.replace(
      0,
      this.lines.length,
      lines.map((line) => ({ facts: this.analyze(line.text), eolBytes: line.eol.length })),
    );
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
    // Typing within one line, the common case: no line break can appear or vanish, so the
    // line is rebuilt without scanning it for breaks (a keystroke in a 5 MB line stays cheap).
    if (editLine === endLine && !/[\r\n]/.test(edit.text)) {
      const line = this.lines[editLine];
      const text = line.text.slice(0, startCharacter) + edit.text + line.text.slice(endCharacter);
      // Unless the line empties and its \n now follows the previous line's lone \r: one \r\n.
      if (text !== '' || line.eol !== '\n' || editLine === 0 || this.lines[editLine - 1].eol !== '\r') {
        this.lines[editLine] = { text, eol: line.eol };
        this.markStale(this.fileModel.replace(editLine, 1, [pending(line)]));
        return;
      }
    }
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
    spliceMany(this.lines, startLine, endLine - startLine + 1, replacement);
    this.markStale(this.fileModel.replace(startLine, endLine - startLine + 1, replacement.map(pending)));
  }

  private markStale(records: LineRecord[]): void {
    for (const record of records) this.stale.add(record);
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

function pending(line: SplitLine): { facts: LineFacts; eolBytes: number } {
  return { facts: PENDING, eolBytes: line.eol.length };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
