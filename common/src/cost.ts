/** What a batch file will cost: its tokens and the estimate at Batch API prices, as the server
 *  sends it (status, batchStudio/estimateCost) and the CLI prints it, and how it reads in the
 *  status item, the Submit prompt and the CLI's table. */
import { formatCount, plural } from './plural';

export interface CostUsd {
  /** Null when no price is known for the model. */
  input: number | null;
  /** Null when no price is known, or a request sets no cap on its output; 0 when the endpoint
   *  produces no tokens (embeddings, moderations). */
  output: number | null;
  /** Input plus output; null when either is. */
  total: number | null;
}

export interface BatchCost {
  /** The tokenizer encoding of the file's model: `o200k_base` or `cl100k_base`. */
  encoding: string;
  inputTokens: number;
  /** The most output tokens the requests allow (each one's cap × completions); null when a request
   *  sets no cap. */
  maxOutputTokens: number | null;
  /** Parts whose tokens are not counted: images at high or auto detail (their size is not in the
   *  request), audio, files, earlier responses referred to. */
  uncountedParts: number;
  estimatedCostUsd: CostUsd;
  /** Where the model's price came from: `table` (schemas/prices.json, of `pricesDate`), `setting`
   *  (batchStudio.prices), or null when neither knows the model. */
  priceSource: 'table' | 'setting' | null;
  /** The date of the price table, e.g. `2025-08`. */
  pricesDate: string;
}

/** `$12.35`, `$0.12`, `$0.00042`: cents from a cent up, two significant digits below. */
export function usd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount >= 0.01) return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${amount.toFixed(Math.min(20, 1 - Math.floor(Math.log10(amount))))}`;
}

/** `1,234 input tokens + up to 500 output tokens`, with the parts not counted. */
export function describeTokens(cost: BatchCost): string {
  let text = plural(cost.inputTokens, 'input token');
  if (cost.maxOutputTokens === null) text += ', output not capped';
  else if (cost.maxOutputTokens > 0) text += ` + up to ${formatCount(cost.maxOutputTokens)} output`;
  if (cost.uncountedParts > 0) text += ` (${plural(cost.uncountedParts, 'image, audio or file part')} not counted)`;
  return text;
}

/** `est. $0.0012 + up to $0.0060 output, at most $0.0072, at batch prices of 2025-08`; `no price for MODEL` when none is known. */
export function describeEstimate(cost: BatchCost, model: string | null): string {
  const { input, output, total } = cost.estimatedCostUsd;
  if (input === null) return `no price known for ${model ?? 'the model'}`;
  const at = cost.priceSource === 'setting' ? 'at your batchStudio.prices' : `at batch prices of ${cost.pricesDate}`;
  if (output === null) return `est. ${usd(input)} for the input ${at}`;
  if (output === 0 || total === null) return `est. ${usd(input)} ${at}`;
  return `est. ${usd(input)} + up to ${usd(output)} output, at most ${usd(total)}, ${at}`;
}
