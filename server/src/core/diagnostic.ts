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

/** One edit of a fix: [start, end) of the problem's line (of the whole text, for a request opened
 *  for editing) replaced by `newText`; start === end inserts. */
export interface LineEdit extends LineSpan {
  newText: string;
}

/** A repair that is more than replacing the problem's span: removing a member, inserting one. */
export interface LineFix {
  /** What the editor offers, e.g. `Remove "stream"`. */
  title: string;
  edits: LineEdit[];
  /** The one obvious repair of the problem (the editor's preferred quick fix). */
  preferred?: boolean;
}

/** What a quick fix needs, without validating again (core/lineFixes.ts turns it into fixes). */
export interface FixData {
  /** Replace the span with this JSON text (e.g. a suggested key or value); a single one is the
   *  preferred fix unless `fixes` has one. */
  replacements?: string[];
  /** The allowed values, when the fault is a value outside an enum. */
  allowed?: unknown[];
  /** For blank lines: the whole line may be deleted. */
  deleteLine?: boolean;
  /** Other repairs, offered before the replacements. */
  fixes?: LineFix[];
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
