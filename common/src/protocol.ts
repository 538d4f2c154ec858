/** Messages between the Batch Studio client and server beyond standard LSP, declared once and
 *  imported by both sides (and by the protocol tests). Only vscode-languageserver-protocol's
 *  message types: no runtime of either side. */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export interface BatchStatusParams {
  uri: string;
  /** False when the file is JSON Lines of another kind (the server then reports nothing). */
  isBatch: boolean;
  requests: number;
  endpoint: string | null;
  model: string | null;
  errors: number;
  warnings: number;
}

/** Sent after each validation, for the language status item. */
export namespace BatchStatusNotification {
  export const method = 'batchStudio/status';
  export const type = new NotificationType<BatchStatusParams>(method);
}

export interface BatchStatusRequestParams {
  uri: string;
}

/** Asks for the current status of one open document (null when the server does not have it). */
export namespace BatchStatusRequest {
  export const method = 'batchStudio/getStatus';
  export const type = new RequestType<BatchStatusRequestParams, BatchStatusParams | null, void>(method);
}

/** The `source` of every diagnostic the server publishes (quick fixes answer only these). */
export const DIAGNOSTIC_SOURCE = 'batch-studio';
