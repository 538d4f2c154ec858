/** The token counts and estimated cost of the open documents, counted after their diagnostics
 *  are out, never before: line by line, in time slices between which the server answers other
 *  messages, each line's count kept by its text so that after an edit only the changed lines are
 *  counted again (the others cost a lookup each). A count whose document has changed since (or closed) is abandoned; the publish
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

/** A line's count (null for a line that is no request), and the last count that read it. */
interface Known {
  counted: RequestTokens | null;
  pass: number;
}

export class DocumentCosts {
  /** Per document: each line text's count, kept across counts (an edit makes one new text). */
  private readonly known = new Map<string, Map<string, Known>>();
  private passes = 0;

  constructor(private readonly counterOf: CounterOf) {}

  /** Counts `document` as it is now; resolves with its estimate, priced for `model` (the file's),
   *  or undefined when `current()` turned false before the count was done. */
  async count(
    uri: string,
    document: CountedDocument,
    current: () => boolean,
    model: string | null,
    prices: PriceOverrides,
  ): Promise<BatchCost | undefined> {
    let known = this.known.get(uri);
    if (!known) this.known.set(uri, (known = new Map<string, Known>()));
    const pass = ++this.passes;
    const totals = emptyTotals();
    const slices = new TimeSlices();
    // Not in the turn that sent the diagnostics: they go out first.
    await slices.pause();
    if (!current()) return undefined;
    for (let line = 0; line < document.lineCount; line++) {
      // Abandoning costs nothing: what was counted so far stays known for the next count.
      if (slices.due) {
        await slices.pause();
        if (!current()) return undefined;
      }
      const text = document.lineText(line) ?? '';
      let entry = known.get(text);
      if (entry === undefined) known.set(text, (entry = { counted: lineTokens(text, this.counterOf) ?? null, pass }));
      else entry.pass = pass;
      addTokens(totals, entry.counted ?? undefined);
    }
    // The counts of lines edited away go once they outnumber the document's lines.
    if (known.size > 2 * document.lineCount + 64) for (const [text, entry] of known) if (entry.pass !== pass) known.delete(text);
    return estimateCost(totals, model, prices);
  }

  forget(uri: string): void {
    this.known.delete(uri);
  }
}
