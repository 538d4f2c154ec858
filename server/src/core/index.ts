/** The validation core's public surface: pure functions and classes, no editor or LSP types. */
export { analyzeLine, type LineFacts } from './analyzeLine';
export { BatchDocument, type TextEdit } from './batchDocument';
export { BatchModel, type BatchSummary, type LineTextSource } from './batchModel';
export { completionsAt, type CompletionContext, type CompletionSuggestion } from './completion';
export { isBatchFile, type BatchDetection } from './detection';
export * from './diagnostic';
export { ENDPOINT_DESCRIPTIONS } from './endpointDescriptions';
export { BATCH_ENDPOINTS, isBatchEndpoint } from './endpoints';
export { hoverAt, type HoverContext, type HoverInfo } from './hover';
export { describeModel, knownModels, MODEL_LIST_SOURCE, modelChoices, suggestedModel } from './models';
export { fixAll, type FixAllOptions, type LineChange } from './fixAll';
export { FIRST_CUSTOM_ID, nextCustomId } from './nextCustomId';
export { applyLineEdits, chosenFix, type ProblemFix, problemFixes } from './problemFixes';
export { OTHER_FORMATS, type OtherFormat } from './otherProviderFormat';
export { acceptsUrl, AZURE_BATCH_URLS, AZURE_MAX_REQUESTS_PER_FILE, type Provider, schemaEndpointOf } from './providers';
export { bodySnippet, requestSnippet } from './requestSnippet';
export { snippetText } from './snippet';
export * from './limits';
export { LineSplitter, splitLines, type SplitLine } from '../../../common/src/lineSplitter';
export { applySeverityOverrides, type SeveritySetting } from './severity';
export {
  type AnalyzedByteLine,
  type AnalyzedLine,
  analyzeLineBytes,
  type ByteLineHandler,
  type ByteReader,
  decodeLine,
  type DecodedLine,
  forEachLineInRange,
  memoryReader,
  readBuffer,
  type ReadBuffer,
} from './lineBytes';
export { schemaRegistry, type SchemaRegistry } from './schemaRegistry';
export { customIdSpans, type CustomIdSpans } from './customIdSpan';
export { type CustomIdUse, type CustomIdUses, customIdUsesAt } from './customIdUses';
export { checkRequest, type RequestOrigin } from './requestCheck';
export { type RequestSymbol, requestSymbols } from './requestSymbols';
export {
  type AnalyzedRange,
  analyzeRange,
  type ByteLineSourceOptions,
  byteLineSource,
  bytesLineSource,
  DEFAULT_RANGE_BYTES,
  eachRange,
  type LineSource,
  type LineSourceInfo,
  rangeCount,
  textLineSource,
  validateLines,
  validateModel,
  type ValidationOptions,
  type ValidationResult,
  type ValidationSummary,
} from './validate';

import { BatchDocument } from './batchDocument';
import type { BatchDiagnostic } from './diagnostic';

/** Validates a whole text at once with the API's defaults (tests, one-off checks): every
 *  diagnostic, no detection, no overrides. */
export function validateText(text: string): BatchDiagnostic[] {
  return new BatchDocument(text).diagnostics();
}
