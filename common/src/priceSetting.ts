/** `batchStudio.prices`: the user's own prices per model, in US dollars per 1M tokens, over the
 *  dated table in schemas/prices.json (for fine-tunes, newer models, changed prices). */

export interface ModelPrice {
  input: number;
  /** Absent for models that produce no tokens (embeddings). */
  output?: number;
}

export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

/** The JSON Schema of one model's price, as package.json declares the setting's values. */
export const MODEL_PRICE_SCHEMA = {
  type: 'object',
  properties: {
    input: { type: 'number', minimum: 0, description: 'USD per 1M input tokens, at Batch API prices' },
    output: { type: 'number', minimum: 0, description: 'USD per 1M output tokens, at Batch API prices' },
  },
  required: ['input'],
  additionalProperties: false,
} as const;

/** The setting as a client sent it (any JSON): the models whose prices are numbers of at least 0;
 *  anything else is left out. */
export function normalizePrices(raw: unknown): PriceOverrides {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const prices: Record<string, ModelPrice> = {};
  for (const [model, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const { input, output } = value as { input?: unknown; output?: unknown };
    if (!isPrice(input) || (output !== undefined && !isPrice(output))) continue;
    prices[model] = output === undefined ? { input } : { input, output };
  }
  return prices;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
