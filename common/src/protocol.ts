/** Messages between the Batch Studio client and server beyond standard LSP, declared once and
 *  imported by both sides (and by the protocol tests). Only vscode-languageserver-protocol's
 *  message types: no runtime of either side. */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { BatchCost } from './cost';
import type { DiagnosticCode, Severity } from './diagnosticCodes';
import type { ResultRow, ResultTotals } from './results';

/** A message as vscode-languageserver-protocol declares its own (`XRequest.method`, `XRequest.type`),
 *  the method name written once. */
function message<const M extends string, T>(method: M, type: (method: M) => T): { readonly method: M; readonly type: T } {
  return { method, type: type(method) };
}

export interface BatchStatusParams {
  uri: string;
  /** False when the file is JSON Lines of another kind (the server then reports nothing). */
  isBatch: boolean;
  requests: number;
  endpoint: string | null;
  model: string | null;
  errors: number;
  warnings: number;
  /** Tokens and estimated cost, once counted for this version of the document: counting follows
   *  the diagnostics, so a status without it is followed by one with it. */
  cost?: BatchCost;
}

/** Sent after each validation, for the language status item. */
export const BatchStatusNotification = message('batchStudio/status', (method) => new NotificationType<BatchStatusParams>(method));

export interface BatchStatusRequestParams {
  uri: string;
}

/** Asks for the current status of one open document (null when the server does not have it). */
export const BatchStatusRequest = message(
  'batchStudio/getStatus',
  (method) => new RequestType<BatchStatusRequestParams, BatchStatusParams | null, void>(method),
);

export interface ValidateFileParams {
  /** The file's URI as the client spells it (`vscode.Uri.toString()`). */
  uri: string;
  /** The most problems listed in the answer (default 100); the summary still counts them all. */
  maxProblems?: number;
  /** List only problems of these severities (default all), e.g. `['error']` for a pre-check. */
  severities?: readonly Severity[];
}

/** One problem, as the Problems panel shows it (after the user's severity overrides). Lines and
 *  columns are 0-based, columns in UTF-16 code units within the line. */
export interface FileProblem {
  line: number;
  column: number;
  endColumn: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

export interface FileSummary {
  requests: number;
  /** The file's size in bytes, as UTF-8. */
  bytes: number;
  endpoint: string | null;
  model: string | null;
  /** Whether `endpoint` is one the Batch API accepts (of the file's validation provider: OpenAI or Azure OpenAI). */
  endpointSupported: boolean;
  /** Every problem after severity overrides (not only those listed), and by severity. */
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
  /** The same problems by code (each code has one severity), the most frequent first. */
  kinds: ProblemKind[];
}

export interface ProblemKind {
  code: DiagnosticCode;
  severity: Severity;
  count: number;
}

export interface ValidateFileResult {
  uri: string;
  /** Where the lines came from: the open document the client synced, or the file on disk. */
  from: 'document' | 'disk';
  /** False when the file's detection setting finds another kind of JSON Lines (then no problems). */
  isBatch: boolean;
  summary: FileSummary;
  /** The first problems in line order, at most `maxProblems`, of the asked severities. */
  problems: FileProblem[];
}

/** Validates one file with its own settings (detection, severity overrides), exactly as the
 *  Problems panel shows it: from the open document when the server has it, else streamed from
 *  disk (`file:` URIs only). A file that cannot be read fails the request with the reason. */
export const ValidateFileRequest = message(
  'batchStudio/validateFile',
  (method) => new RequestType<ValidateFileParams, ValidateFileResult, void>(method),
);

export interface EstimateCostParams {
  /** The file's URI as the client spells it (`vscode.Uri.toString()`). */
  uri: string;
}

/** Counts a file's tokens and estimates its cost (Submit's confirmation): from the open document
 *  when the server has it, else streamed from disk, with the file's batchStudio.prices. Null when
 *  the file's detection setting finds another kind of JSON Lines. */
export const EstimateCostRequest = message(
  'batchStudio/estimateCost',
  (method) => new RequestType<EstimateCostParams, BatchCost | null, void>(method),
);

export interface DiskFilesParams {
  /** Which list this replaces: `open`, the files shown in the editor whose text the client does not
   *  sync (VS Code syncs no file over 50 MB); `workspace`, every JSON Lines file of the workspace
   *  (`batchStudio.validation.workspace`; empty when it is off). */
  kind: 'open' | 'workspace';
  /** `file:` URIs as the client spells them (`vscode.Uri.toString()`). */
  uris: string[];
}

/** Files the server validates from disk, streamed as the CLI reads them, one at a time: it publishes
 *  their diagnostics and sends their status as for an open document (a file the client opens and
 *  syncs is validated from its document instead). A file is validated again when the client sends
 *  `workspace/didChangeWatchedFiles` for it; its diagnostics are cleared when it leaves both lists. */
export const DiskFilesNotification = message('batchStudio/diskFiles', (method) => new NotificationType<DiskFilesParams>(method));

/** The `source` of every diagnostic the server publishes (quick fixes answer only these). */
export const DIAGNOSTIC_SOURCE = 'batch-studio';

export interface AuthoringCatalogParams {
  /** The file being written, for its settings and its endpoint and model; none for a new file. */
  uri?: string;
}

export interface EndpointChoice {
  url: string;
  /** One line on what the endpoint does. */
  description: string;
  /** The user's names (`batchStudio.models`) first, then those known for the endpoint. */
  models: string[];
  /** The model a new request starts with. */
  suggestedModel: string | null;
}

export interface AuthoringCatalog {
  /** The endpoints a new batch file may target (those Batch Studio has a body schema for). */
  endpoints: EndpointChoice[];
  /** The user's own model names (`batchStudio.models`), also first in each endpoint's `models`. */
  userModels: string[];
  /** The open file's endpoint and model, when it has them. */
  fileEndpoint: string | null;
  fileModel: string | null;
}

/** The endpoints and models to pick from when writing a batch file (New Batch File, Add Request). */
export const AuthoringCatalogRequest = message(
  'batchStudio/authoringCatalog',
  (method) => new RequestType<AuthoringCatalogParams, AuthoringCatalog, void>(method),
);

export interface RequestTemplateParams {
  /** The open file the request is for: its next custom_id, endpoint and model. */
  uri?: string;
  /** The endpoint and model to use instead of the file's (a new file has none). */
  endpoint?: string;
  model?: string;
}

export interface RequestTemplate {
  /** One request line as a snippet (LSP snippet syntax): tab stops for the id and the prompt. */
  snippet: string;
  customId: string;
  endpoint: string;
  model: string;
}

/** A new request for a file; null when neither the file nor the params give an endpoint and a
 *  model (the client then asks for them). */
export const RequestTemplateRequest = message(
  'batchStudio/requestTemplate',
  (method) => new RequestType<RequestTemplateParams, RequestTemplate | null, void>(method),
);

export interface SplitFileParams {
  /** The batch file to split, a `file:` URI: the file on disk is split (save an open document first). */
  uri: string;
  /** At most this many requests per part; may only lower the provider's limit (50,000; Azure OpenAI: 100,000). */
  maxRequests?: number;
  /** At most this many bytes per part; may only lower the limit (200 MB). */
  maxBytes?: number;
  /** Replace the parts of an earlier split, and remove those the new split does not write. */
  overwrite?: boolean;
}

export interface SplitFilePart {
  /** `NAME.part-001.jsonl` beside the input (common/src/partFiles.ts names them). */
  uri: string;
  requests: number;
  /** Its size, UTF-8, line breaks included: what the API counts. */
  bytes: number;
  embeddingInputs: number;
}

/** Why nothing was written: the file fits one batch already; it has errors besides its size; it is
 *  not a batch file; it has bytes that are not UTF-8; a request is larger than a part may be; parts
 *  of an earlier split exist (ask, then send `overwrite`); the file changed while being split. */
export type SplitRefusal = 'fits' | 'errors' | 'notBatch' | 'notUtf8' | 'oversized' | 'partsExist' | 'changed';

export type SplitFileResult =
  | { written: true; parts: SplitFilePart[]; removed: string[]; requests: number; bytes: number }
  | {
      written: false;
      reason: SplitRefusal;
      /** What is wrong and what to do, for the user. */
      message: string;
      /** `partsExist`: the URIs of the parts there are. */
      existing?: string[];
      /** `errors`, `notUtf8`, `oversized`: the 0-based line to show. */
      line?: number;
    };

/** Splits a batch file on disk into parts that each fit a batch, with the file's own validation
 *  settings (its provider's limits): `NAME.part-001.jsonl`, … beside it. A file that cannot be
 *  read fails the request with the reason; a limit above the provider's is an invalid param. */
export const SplitFileRequest = message(
  'batchStudio/splitFile',
  (method) => new RequestType<SplitFileParams, SplitFileResult, void>(method),
);

export interface ResultsParams {
  /** A batch input file, or one of its output or error files (`vscode.Uri.toString()`). */
  uri: string;
  /** Rows only for requests that failed or did not run; the totals still count every request. */
  failuresOnly?: boolean;
}

export interface ResultsAnswer {
  /** The input file the rows' lines are in; null when only result files are known. */
  inputUri: string | null;
  /** The result files read, output files first; empty when none was found. */
  resultUris: string[];
  /** One per request, in input order, then the results no request has. */
  rows: ResultRow[];
  totals: ResultTotals;
}

/** A batch's results joined with its requests by custom_id (Show Results): the input's requests
 *  from its open document or from disk, the results from the output and error files beside it
 *  (`run.output.jsonl`, `run.errors.jsonl`) and those linked to it (batchStudio/resultLinks). */
export const ResultsRequest = message('batchStudio/results', (method) => new RequestType<ResultsParams, ResultsAnswer, void>(method));

export interface ResultLinksParams {
  /** Result files the user pointed an input to (Link Results File…), beside those found by name. */
  links: { input: string; results: string[] }[];
}

/** Replaces the server's list of linked result files. */
export const ResultLinksNotification = message('batchStudio/resultLinks', (method) => new NotificationType<ResultLinksParams>(method));

export interface ResultsChangedParams {
  /** Inputs whose results may read differently now (a result file or the input changed on disk, links changed). */
  inputs: string[];
}

/** Sent by the server when result files change, so views of results refresh in place. */
export const ResultsChangedNotification = message(
  'batchStudio/resultsChanged',
  (method) => new NotificationType<ResultsChangedParams>(method),
);

export interface ResultFilesChangedParams {
  /** JSON Lines files created, changed or deleted on disk (`vscode.Uri.toString()`). */
  uris: string[];
}

/** Sent by the client when JSON Lines files change on disk (its watcher: the workspace's, and the
 *  linked result files wherever they are), so the server reads them again when next needed. */
export const ResultFilesChangedNotification = message(
  'batchStudio/resultFilesChanged',
  (method) => new NotificationType<ResultFilesChangedParams>(method),
);
