/** A file's token totals priced: what the batch is estimated to cost. */
import type { BatchCost, CostUsd } from '../../../../common/src/cost';
import type { PriceOverrides } from '../../../../common/src/priceSetting';
import { encodingOf } from './encodings';
import { findPrice, PRICES_DATE } from './prices';
import type { TokenTotals } from './tokenTotals';

/** The estimate for a file whose model is `model` (the file's: the one most requests name). */
export function estimateCost(totals: TokenTotals, model: string | null, overrides?: PriceOverrides): BatchCost {
  const found = findPrice(model, overrides);
  return {
    encoding: encodingOf(model ?? undefined),
    inputTokens: totals.inputTokens,
    maxOutputTokens: totals.maxOutputTokens,
    uncountedParts: totals.uncountedParts,
    estimatedCostUsd: priced(totals, found?.price),
    priceSource: found?.source ?? null,
    pricesDate: PRICES_DATE,
  };
}

function priced(totals: TokenTotals, price: { input: number; output?: number } | undefined): CostUsd {
  if (!price) return { input: null, output: null, total: null };
  const input = dollars(totals.inputTokens, price.input);
  let output: number | null;
  if (totals.maxOutputTokens === 0) output = 0;
  else if (totals.maxOutputTokens === null || price.output === undefined) output = null;
  else output = dollars(totals.maxOutputTokens, price.output);
  return { input, output, total: output === null ? null : round(input + output) };
}

/** Prices are per 1M tokens. */
function dollars(tokens: number, perMillion: number): number {
  return round((tokens * perMillion) / 1_000_000);
}

/** Without the float noise of the arithmetic (0.000011475, not 0.000011474999999999999). */
function round(amount: number): number {
  return Number(amount.toPrecision(12));
}
