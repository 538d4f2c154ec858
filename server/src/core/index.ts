/** The validation core's public surface: pure functions and classes, no editor or LSP types. */
export { analyzeLine, type LineFacts } from './analyzeLine';
export { BatchDocument, type TextEdit } from './batchDocument';
export { BatchModel, type BatchSummary, type LineTextSource } from './batchModel';
export { completionsAt, type CompletionContext, type CompletionSuggestion } from './completion';
export { isBatchFile, type BatchDetection } from './detection';
export * from './diagnostic';
export { BATCH_ENDPOINTS, isBatchEndpoint } from './endpoints';
export { hoverAt, type HoverInfo } from './hover';
export * from './limits';
export { LineSplitter, splitLines, type SplitLine } from '../../../common/src/lineSplitter';
export { applySeverityOverrides, type SeveritySetting } from './severity';
export {
  bytesLineSource,
  type LineSource,
  type LineSourceInfo,
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
