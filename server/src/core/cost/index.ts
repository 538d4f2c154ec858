/** Token counts and cost estimates of batch files: pure, like the rest of the core. The encodings
 *  themselves are loaded outside the core (server/src/tokenizer.ts) and handed in as counters. */
export { ENCODINGS, encodingOf, type EncodingName } from './encodings';
export { estimateCost } from './estimate';
export type { TextCounter } from './inputTokens';
export { findPrice, type FoundPrice, PRICES_DATE } from './prices';
export { type CounterOf, lineTokens, requestTokens, type RequestTokens } from './requestTokens';
export { addTokens, emptyTotals, type TokenTotals } from './tokenTotals';
