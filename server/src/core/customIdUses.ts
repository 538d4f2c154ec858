import type { BatchModel, LineTextSource } from './batchModel';
import { customIdSpans } from './customIdSpan';
import type { LineSpan } from './diagnostic';

/** One line's use of a custom_id: the line and the span of the id's value. */
export interface CustomIdUse extends LineSpan {
  line: number;
}

export interface CustomIdUses {
  id: string;
  /** Every line that uses the id, in order: the first is its definition (the first use). */
  uses: CustomIdUse[];
}

/** The custom_id under the cursor (on its key or value) and every line that uses it, from the
 *  model's index of ids: Go to Definition jumps to the first use, Find All References lists all. */
export function customIdUsesAt(model: BatchModel, textOf: LineTextSource, line: number, offset: number): CustomIdUses | undefined {
  const id = model.factsOf(line)?.customId;
  const text = textOf(line);
  if (id === undefined || text === undefined) return undefined;
  const here = customIdSpans(text, id);
  if (!here || offset < here.key.start || offset > here.value.end) return undefined;
  const uses: CustomIdUse[] = [];
  for (const other of model.linesOfId(id)) {
    const spans = other === line ? here : customIdSpans(textOf(other) ?? '', id);
    if (spans) uses.push({ line: other, ...spans.value });
  }
  return { id, uses };
}
