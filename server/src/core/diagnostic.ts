/** The diagnostics the core produces. Positions are UTF-16 offsets within one line, so a
 *  diagnostic stays valid while lines above it are inserted or deleted; the adapters turn
 *  (line, start, end) into editor ranges in one place each. */

// The codes and their default severities are shared with the client, the CLI and the tests.
export {
  DEFAULT_SEVERITY,
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  isDiagnosticCode,
  isSeveritySetting,
  SEVERITIES,
  SEVERITY_SETTINGS,
  type Severity,
  type SeveritySetting,
} from '../../../common/src/diagnosticCodes';
import type { DiagnosticCode, Severity } from '../../../common/src/diagnosticCodes';

/** A span inside one line: [start, end) in UTF-16 code units. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface RelatedLocation extends LineSpan {
  line: number;
  message: string;
}

/** What a quick fix needs, without validating again. */
export interface FixData {
  /** Replace the span with this JSON text (e.g. a suggested key or value). */
  replacements?: string[];
  /** The allowed values, when the fault is a value outside an enum. */
  allowed?: unknown[];
  /** For blank lines: the whole line may be deleted. */
  deleteLine?: boolean;
}

export interface BatchDiagnostic extends LineSpan {
  /** 0-based line number. */
  line: number;
  severity: Severity;
  code: DiagnosticCode;
  /** The parameter at fault in the API's notation (`custom_id`, `body.messages[0].role`), or null. */
  param: string | null;
  message: string;
  related?: RelatedLocation[];
  data?: FixData;
}
