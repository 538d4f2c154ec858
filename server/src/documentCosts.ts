/** The token counts and estimated cost of the open documents, counted after their diagnostics
 *  are out, never before: line by line, in time slices between which the server answers other
 *  messages, each line's count kept by its text so that after an edit only the changed lines are
 *  counted again. A count whose document has changed since (or closed) is abandoned; the publish
 *  that follows the change starts the next. */
import type { BatchCost } from '../../common/src/cost';
import type { PriceOverrides } from '../../common/src/priceSetting';
import { addTokens, type CounterOf, emptyTotals, estimateCost, lineTokens, type RequestTokens } from './core/cost';
import { TimeSlices } from './timeSlices';

/** What a count reads of a document: its lines as they are now. */
export interface CountedDocument {
  readonly lineCount: number;
  lineText(line: number): string | undefined;
}

/** A line's count, or null for a line that is no request. */
type Counted = RequestTokens | null;

export class DocumentCosts {
  /** Per document: each line text's count, from the last finished count (and abandoned ones since). */
  private readonly known = new Map<string, Map<string, Counted>>();

  constructor(private readonly counterOf: CounterOf) {}

  /** Counts `document` as it is now; resolves with its estimate, priced for `model` (the file's),
   *  or undefined when `current()` turned false before the count was done. */
  async count(uri: string, document: CountedDocument, current: () => boolean, model: string | null, prices: PriceOverrides): Promise<BatchCost | undefined> {
    const known = this.known.get(uri) ?? new Map<string, Counted>();
    this.known.set(uri, known);
    const seen = new Map<string, Counted>();
    const totals = emptyTotals();
    const slices = new TimeSlices();
    // Not in the turn that sent the diagnostics: they go out first.
    await slices.pause();
    if (!current()) return undefined;
    if (process.env.EXP === 'skip') return undefined;
    if (process.env.EXP === 'iterate') { for (let line = 0; line < document.lineCount; line++) { if (slices.due) { await slices.pause(); if (!current()) return undefined; } document.lineText(line); } return undefined; }
    for (let line = 0; line < document.lineCount; line++) {
      if (slices.due) {
        await slices.pause();
        if (!current()) {
          // Keep what was counted: the next count of this document needs most of it.
          if (this.known.get(uri) === known) for (const [text, counted] of seen) known.set(text, counted);
          return undefined;
        }
      }
      const text = document.lineText(line) ?? '';
      let counted = seen.get(text);
      if (counted === undefined) counted = known.get(text);
      if (counted === undefined) counted = lineTokens(text, this.counterOf) ?? null;
      seen.set(text, counted);
      addTokens(totals, counted ?? undefined);
    }
    // Only the lines of this version are kept, so the counts of edited-away lines go.
    if (this.known.get(uri) === known) this.known.set(uri, seen);
    return estimateCost(totals, model, prices);
  }

  forget(uri: string): void {
    this.known.delete(uri);
  }
}
