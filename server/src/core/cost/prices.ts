/** The price of a model at Batch API prices: the user's batchStudio.prices first, then the dated
 *  table in schemas/prices.json. A model neither knows has no price (never a guess). */
import type { ModelPrice, PriceOverrides } from '../../../../common/src/priceSetting';
import table from '../../../../schemas/prices.json';

export interface FoundPrice {
  price: ModelPrice;
  source: 'table' | 'setting';
}

interface TableEntry extends ModelPrice {
  snapshots?: readonly string[];
}

/** The table's date, e.g. `2025-08`. */
export const PRICES_DATE: string = table.date;

/** Each name the table knows, snapshots included, with the model it is listed under. */
const LISTED = new Map<string, string>();
for (const [name, entry] of Object.entries(table.models as Record<string, TableEntry>)) {
  LISTED.set(name, name);
  for (const snapshot of entry.snapshots ?? []) LISTED.set(snapshot, name);
}

/** The price of `model`: the setting's for the name itself, else for the model the table lists
 *  it under (a dated snapshot takes its model's), else the table's. */
export function findPrice(model: string | null | undefined, overrides: PriceOverrides = {}): FoundPrice | undefined {
  if (!model) return undefined;
  const listed = LISTED.get(model);
  const own = Object.hasOwn(overrides, model)
    ? overrides[model]
    : listed !== undefined && Object.hasOwn(overrides, listed)
      ? overrides[listed]
      : undefined;
  if (own) return { price: own, source: 'setting' };
  if (listed === undefined) return undefined;
  const { input, output } = (table.models as Record<string, TableEntry>)[listed];
  return { price: output === undefined ? { input } : { input, output }, source: 'table' };
}
