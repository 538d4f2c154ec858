/** Batch Studio's language server: LSP wiring over the validation core. Runs with --stdio,
 *  --node-ipc or --socket (vscode-languageserver picks the transport from the arguments). */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { applySeverityOverrides, BatchDocument, isBatchFile } from './core';
import { completions, hover } from './lspAssist';
import { toLspDiagnostic } from './lspDiagnostics';
import { type BatchStatusParams, BatchStatusNotification, BatchStatusRequest, type BatchStudioSettings } from './protocol';
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
    serverInfo: { name: 'Batch Studio', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (clientHasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'batchStudio' });
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
  (uri: string, entry: OpenDocument, validation: BatchStudioSettings['validation']) => {
    entry.timer = undefined;
    if (open.get(uri) !== entry) return;
    const { document, version } = entry;
    const isBatch = isBatchFile(document.model, uri, validation.detection);
    const all = isBatch ? applySeverityOverrides(document.diagnostics(), validation.severity) : [];
    const shown = all.slice(0, validation.maxProblems);
    void connection.sendDiagnostics({ uri, version, diagnostics: shown.map((d) => toLspDiagnostic(d, uri)) });
    const summary = document.model.summary();
    entry.status = {
      uri,
      isBatch,
      requests: summary.requests,
      endpoint: summary.endpoint,
      model: summary.model,
      errors: all.filter((d) => d.severity === 'error').length,
      warnings: all.filter((d) => d.severity === 'warning').length,
    };
    void connection.sendNotification(BatchStatusNotification.type, entry.status);
  },
  undefined,
);

connection.listen();
