/** Batch Studio's language server: LSP wiring over the validation core. Runs with --stdio,
 *  --node-ipc or --socket (vscode-languageserver picks the transport from the arguments). */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { type BatchStatusParams, BatchStatusNotification, BatchStatusRequest, ValidateFileRequest } from '../../common/src/protocol';
import { SETTINGS_SECTION, type ValidationSettings } from '../../common/src/settings';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../common/src/version';
import { BatchDocument, validateModel } from './core';
import { answerValidateFile } from './fileValidation';
import { completions, hover } from './lspAssist';
import { toLspDiagnostic } from './lspDiagnostics';
import { quickFixes } from './quickFixes';
import { SettingsReader } from './settings';

interface OpenDocument {
  document: BatchDocument;
  version: number;
  timer?: NodeJS.Timeout;
  status?: BatchStatusParams;
}

const connection = createConnection();
const open = new Map<string, OpenDocument>();
let clientHasConfiguration = false;
const settings = new SettingsReader(connection, () => clientHasConfiguration);

/** One failing document must never take the server down: log and carry on. */
function safely<A extends unknown[], R>(what: string, handler: (...args: A) => R, fallback: R): (...args: A) => R {
  return (...args: A) => {
    try {
      return handler(...args);
    } catch (error) {
      connection.console.error(`Batch Studio: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}

connection.onInitialize((params) => {
  clientHasConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':'] },
    },
    serverInfo: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
  };
});

connection.onInitialized(() => {
  if (clientHasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
});

connection.onDidOpenTextDocument(
  safely('opening a document', ({ textDocument }) => {
    open.set(textDocument.uri, { document: new BatchDocument(textDocument.text), version: textDocument.version });
    schedule(textDocument.uri, true);
  }, undefined),
);

connection.onDidChangeTextDocument(
  safely('applying an edit', ({ textDocument, contentChanges }) => {
    const entry = open.get(textDocument.uri);
    if (!entry) return;
    try {
      for (const change of contentChanges) entry.document.applyEdit(change);
    } catch (error) {
      // The model may be half-updated: drop it (and its problems) until the document is reopened.
      open.delete(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      throw error;
    }
    entry.version = textDocument.version;
    schedule(textDocument.uri, false);
  }, undefined),
);

connection.onDidCloseTextDocument(
  safely('closing a document', ({ textDocument }) => {
    const entry = open.get(textDocument.uri);
    if (entry?.timer) clearTimeout(entry.timer);
    open.delete(textDocument.uri);
    settings.forget(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  }, undefined),
);

connection.onDidChangeConfiguration(
  safely('reading settings', () => {
    settings.forget();
    for (const uri of open.keys()) schedule(uri, true);
  }, undefined),
);

connection.onCodeAction(safely('computing quick fixes', (params) => quickFixes(params.textDocument.uri, params.context.diagnostics), []));

connection.onHover(safely('hover', ({ textDocument, position }) => {
  const entry = open.get(textDocument.uri);
  return entry ? hover(entry.document, position) : null;
}, null));

connection.onCompletion(safely('completion', ({ textDocument, position }) => {
  const entry = open.get(textDocument.uri);
  return entry ? completions(entry.document, position) : [];
}, []));

connection.onRequest(BatchStatusRequest.type, safely('reporting status', ({ uri }) => open.get(uri)?.status ?? null, null));

connection.onRequest(ValidateFileRequest.type, async (params) => {
  try {
    return await answerValidateFile(params, {
      openDocument: (uri) => open.get(uri)?.document,
      settings: async (uri) => (await (open.has(uri) ? settings.forDocument(uri) : settings.forFile(uri))).validation,
    });
  } catch (error) {
    // An unreadable file or a bad request is the answer; anything else is a fault worth a log line.
    if (error instanceof ResponseError) throw error;
    connection.console.error(`Batch Studio: validating a file failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw new ResponseError(ErrorCodes.InternalError, `internal error of the language server: ${error instanceof Error ? error.message : String(error)}`);
  }
});

/** Validates after the configured delay; a newer edit restarts the wait. */
function schedule(uri: string, immediately: boolean): void {
  const entry = open.get(uri);
  if (!entry) return;
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = undefined;
  void settings.forDocument(uri).then(({ validation }) => {
    if (open.get(uri) !== entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (immediately || validation.delayMs === 0) publish(uri, entry, validation);
    else entry.timer = setTimeout(() => publish(uri, entry, validation), validation.delayMs);
  });
}

const publish = safely(
  'validating',
  (uri: string, entry: OpenDocument, validation: ValidationSettings) => {
    entry.timer = undefined;
    if (open.get(uri) !== entry) return;
    const { document, version } = entry;
    // The core's one entry applies detection, severity overrides and the problem cap; the model
    // is the document's own, kept up to date edit by edit.
    const { diagnostics, summary } = validateModel(document.model, document.lineText, uri, validation);
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, uri)) });
    entry.status = {
      uri,
      isBatch: summary.isBatch,
      requests: summary.requests,
      endpoint: summary.endpoint,
      model: summary.model,
      errors: summary.errors,
      warnings: summary.warnings,
    };
    void connection.sendNotification(BatchStatusNotification.type, entry.status);
  },
  undefined,
);

connection.listen();
