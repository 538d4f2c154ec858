import type { BatchModel, LineTextSource } from './batchModel';
import { customIdSpans } from './customIdSpan';
import type { LineSpan } from './diagnostic';

/** One request of a batch file, as the Outline, breadcrumbs and Go to Symbol show it. */
export interface RequestSymbol {
  /** 0-based line. */
  line: number;
  /** The request's custom_id, or `line N` (1-based) when it has none. */
  name: string;
  /** Its endpoint and model, e.g. `/v1/chat/completions · gpt-4o-mini`; empty when it has neither. */
  detail: string;
  /** The whole line. */
  range: LineSpan;
  /** Where the cursor goes: the custom_id's value, else the whole line. */
  selection: LineSpan;
}

/** A symbol per request (every line that is not blank), in line order. The names, endpoints and
 *  models are the facts the model keeps per line; only the custom_id's place is looked up, by a
 *  scan of the line's first characters, so 50,000 lines cost no parse. */
export function requestSymbols(model: BatchModel, textOf: LineTextSource): RequestSymbol[] {
  const symbols: RequestSymbol[] = [];
  for (let line = 0; line < model.lineCount; line++) {
    const facts = model.factsOf(line);
    const text = textOf(line);
    if (!facts || facts.blank || text === undefined) continue;
    const range = { start: 0, end: text.length };
    const id = facts.customId;
    const spans = id ? customIdSpans(text, id) : undefined;
    symbols.push({
      line,
      name: id || `line ${line + 1}`,
      detail: [facts.url, facts.model].filter((part) => part !== undefined && part !== '').join(' · '),
      range,
      selection: spans?.value ?? range,
    });
  }
  return symbols;
}
