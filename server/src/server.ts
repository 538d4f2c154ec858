/** Batch Studio's language server: LSP wiring over the validation core. Runs with --stdio,
 *  --node-ipc or --socket (vscode-languageserver picks the transport from the arguments). Started
 *  as a worker thread by its own analysis pool, the same bundle serves line analysis instead. */
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import {
  AuthoringCatalogRequest,
  type BatchStatusParams,
  BatchStatusNotification,
  BatchStatusRequest,
  DiskFilesNotification,
  RequestTemplateRequest,
  SplitFileRequest,
  ValidateFileRequest,
} from '../../common/src/protocol';
import { SETTINGS_SECTION, type ValidationSettings } from '../../common/src/settings';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../common/src/version';
import { AnalysisPool, analyzeTexts, isAnalysisWorker, serveAnalysis } from './analysisPool';
import { throwIfCancelled, unlessCancelled } from './cancellation';
import { CostService } from './costService';
import { BatchDocument, isBatchFile, validateModel } from './core';
import { DiskDiagnostics } from './diskDiagnostics';
import { tokenizer } from './tokenizer';
import { diskFileReading } from './diskReading';
import { errorText } from './errorText';
import { answerValidateFile } from './fileValidation';
import { authoringCatalog, requestTemplate } from './authoring';
import { completions, hover } from './lspAssist';
import { toLspDiagnostic } from './lspDiagnostics';
import { definition, documentSymbols, references } from './lspNavigate';
import { fixContext } from './fileFixes';
import { CODE_ACTION_KINDS, codeActions, diskFileActions, splitRepairs } from './quickFixes';
import { answerSplitFile } from './splitRequest';
import { batchUriOf, isRequestDocument, requestCompletions, requestDiagnostics, requestHover } from './requestDocuments';
import { ResultFeatures } from './results';
import { SettingsReader } from './settings';
import { setDefaultFileReading } from './validateFile';

interface OpenDocument {
  document: BatchDocument;
  version: number;
  timer?: NodeJS.Timeout;
  status?: BatchStatusParams;
  /** The version whose diagnostics were last published (quick fixes use their offsets). */
  publishedVersion?: number;
  /** A large document's first analysis on the pool's workers, until it is done. */
  analysing?: Promise<void>;
}

/** A document this large (in UTF-16 units) is first analysed on worker threads as well as this one:
 *  below it, starting or feeding workers costs more than it saves. */
const POOL_MIN_CHARS = 8 << 20;

/** Idle workers end after this long, and their memory goes back. */
const POOL_IDLE_MS = 60_000;

if (isAnalysisWorker()) serveAnalysis();
else startLanguageServer();

function startLanguageServer(): void {
  const connection = createConnection();
  // A failure no handler awaits (a message the client refused, say) is logged: Node would otherwise
  // end the process, and every open file would lose its problems.
  process.on('unhandledRejection', (reason) => connection.console.error(`Batch Studio: ${errorText(reason)}`));
  const open = new Map<string, OpenDocument>();
  const pool = new AnalysisPool(__filename, { idleMs: POOL_IDLE_MS });
  setDefaultFileReading({ pool }); // files validated from disk (batchStudio/validateFile) too
  let clientHasConfiguration = false;
  let clientTakesSnippets = false;
  let clientRefreshesInlayHints = false;
  const settings = new SettingsReader(connection, () => clientHasConfiguration);
  // Token counts and cost estimates: after each publish, and batchStudio/estimateCost.
  const counterOf = tokenizer(); // one per process: open documents and files on disk share its encodings
  const costs = new CostService(connection, (uri) => open.get(uri), settings, counterOf);
  // Files the client does not sync (over VS Code's 50 MB, or the workspace's), validated from disk.
  const disk = new DiskDiagnostics(connection, settings, (uri) => open.has(uri), diskFileReading(__filename), counterOf);
  connection.onNotification(
    DiskFilesNotification.type,
    safely('listing files to validate from disk', (params) => disk.setFiles(params), undefined),
  );
  // Results beside their requests: inlay hints, batchStudio/results; hover and definition below add to theirs.
  const results = new ResultFeatures(connection, {
    document: (uri) => open.get(uri),
    analysed: async (uri) => {
      await open.get(uri)?.analysing;
      return open.get(uri);
    },
    refreshesInlayHints: () => clientRefreshesInlayHints,
  });
  results.register();
  connection.onDidChangeWatchedFiles(
    safely(
      'files changed on disk',
      ({ changes }) => {
        disk.filesChanged(changes);
        results.filesChanged(Array.isArray(changes) ? changes.map((change) => change?.uri) : []);
      },
      undefined,
    ),
  );

  /** One failing document must never take the server down: log and carry on. */
  function safely<A extends unknown[], R>(what: string, handler: (...args: A) => R, fallback: R): (...args: A) => R {
    return (...args: A) => {
      try {
        return handler(...args);
      } catch (error) {
        connection.console.error(`Batch Studio: ${what} failed: ${errorText(error)}`);
        return fallback;
      }
    };
  }

  connection.onInitialize((params) => {
    clientHasConfiguration = params.capabilities.workspace?.configuration === true;
    clientTakesSnippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    clientRefreshesInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', ':'] },
        documentSymbolProvider: { label: 'Batch requests' },
        definitionProvider: true,
        referencesProvider: true,
        inlayHintProvider: true,
      },
      serverInfo: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => {
    // A client may refuse the registration: settings are then read as documents open.
    if (clientHasConfiguration)
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch((error: unknown) => connection.console.error(`Batch Studio: registering for settings changes failed: ${String(error)}`));
  });

  connection.onDidOpenTextDocument(
    safely(
      'opening a document',
      ({ textDocument }) => {
        const large = textDocument.text.length >= POOL_MIN_CHARS && pool.workerCount > 0;
        const entry: OpenDocument = {
          document: new BatchDocument(textDocument.text, undefined, { deferAnalysis: large }),
          version: textDocument.version,
        };
        open.set(textDocument.uri, entry);
        disk.documentOpened(textDocument.uri);
        if (large) entry.analysing = analyseOnPool(entry);
        schedule(textDocument.uri, true);
      },
      undefined,
    ),
  );

  /** A large document's lines, analysed on the pool's workers and this thread at once; lines edited
   *  meanwhile are analysed when the model is next read, so the result is the one a single thread
   *  gives. Until this is done, publishing waits (see schedule). */
  async function analyseOnPool(entry: OpenDocument): Promise<void> {
    try {
      const { records, texts } = entry.document.pendingLines();
      entry.document.settle(records, await analyzeTexts(pool, texts, entry.document.lineLimits));
    } catch (error) {
      // The model analyses what is left itself when next read.
      connection.console.error(`Batch Studio: analysing on worker threads failed: ${errorText(error)}`);
    } finally {
      entry.analysing = undefined;
    }
  }

  connection.onDidChangeTextDocument(
    safely(
      'applying an edit',
      ({ textDocument, contentChanges }) => {
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
      },
      undefined,
    ),
  );

  connection.onDidCloseTextDocument(
    safely(
      'closing a document',
      ({ textDocument }) => {
        const entry = open.get(textDocument.uri);
        if (entry?.timer) clearTimeout(entry.timer);
        open.delete(textDocument.uri);
        settings.forget(textDocument.uri);
        costs.forget(textDocument.uri);
        // A file still listed for disk validation gets its diagnostics from disk instead.
        if (!disk.documentClosed(textDocument.uri)) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      },
      undefined,
    ),
  );

  connection.onDidChangeConfiguration(
    safely(
      'reading settings',
      () => {
        settings.forget();
        for (const uri of open.keys()) schedule(uri, true);
        disk.settingsChanged();
      },
      undefined,
    ),
  );

  connection.onCodeAction(async ({ textDocument: { uri }, context }, token) => {
    const entry = open.get(uri);
    // A file too large to be synced has its problems from disk: a split is all that is offered.
    if (!entry) return safely('offering a split', () => diskFileActions(context.diagnostics, context.only, uri), [])();
    await entry.analysing;
    const { validation } = await settings.forDocument(uri);
    throwIfCancelled(token);
    if (open.get(uri) !== entry) return [];
    const request = isRequestDocument(uri);
    return safely(
      'computing code actions',
      () =>
        codeActions(context.diagnostics, context.only, {
          ...fixContext(uri, entry, validation, request),
          splitsFile: request ? undefined : splitRepairs(entry.document.model, entry.document.lineLimits),
        }),
      [],
    )();
  });

  /** The document's assist settings (the user's model names), once it is known to be open. */
  async function assistOptions(uri: string) {
    if (!open.has(uri)) return undefined;
    const { models, validation } = await settings.forDocument(uri);
    return { userModels: models, detection: validation.detection, provider: validation.provider, snippets: clientTakesSnippets };
  }

  connection.onHover(async ({ textDocument, position }, token) => {
    const options = await assistOptions(textDocument.uri);
    throwIfCancelled(token);
    const entry = open.get(textDocument.uri);
    if (entry && options && isRequestDocument(textDocument.uri))
      return safely('hover', () => requestHover(entry.document.getText(), position, options), null)();
    const base = entry && options ? safely('hover', () => hover(entry.document, position, options), null)() : null;
    return entry ? unlessCancelled(results.hover(textDocument.uri, position, base, token), token) : base;
  });

  connection.onCompletion(async ({ textDocument, position }, token) => {
    const options = await assistOptions(textDocument.uri);
    throwIfCancelled(token);
    const entry = open.get(textDocument.uri);
    if (entry && options && isRequestDocument(textDocument.uri))
      return safely('completion', () => requestCompletions(entry.document.getText(), position, options), [])();
    return entry && options ? safely('completion', () => completions(entry.document, position, options), [])() : [];
  });

  /** An open batch file, once its first analysis is done; undefined for any other document. */
  async function batchFile(uri: string): Promise<BatchDocument | undefined> {
    const entry = open.get(uri);
    if (!entry || isRequestDocument(uri)) return undefined;
    await entry.analysing;
    const { validation } = await settings.forDocument(uri);
    return open.get(uri) === entry && isBatchFile(entry.document.model, uri, validation.detection) ? entry.document : undefined;
  }

  connection.onDocumentSymbol(async ({ textDocument }, token) => {
    const document = await batchFile(textDocument.uri);
    throwIfCancelled(token);
    return document ? safely('listing requests', () => documentSymbols(document), null)() : null;
  });

  connection.onDefinition(async ({ textDocument, position }, token) => {
    const document = await batchFile(textDocument.uri);
    throwIfCancelled(token);
    const own = document ? safely('finding a definition', () => definition(document, textDocument.uri, position), null)() : null;
    return unlessCancelled(results.definition(textDocument.uri, position, own, token), token);
  });

  connection.onReferences(async ({ textDocument, position, context }, token) => {
    const document = await batchFile(textDocument.uri);
    throwIfCancelled(token);
    return document
      ? safely('finding references', () => references(document, textDocument.uri, position, context.includeDeclaration), null)()
      : null;
  });

  connection.onRequest(AuthoringCatalogRequest.type, async ({ uri }) => {
    const { models } = await (uri !== undefined && open.has(uri) ? settings.forDocument(uri) : settings.forFile(uri));
    const document = uri === undefined ? undefined : open.get(uri)?.document;
    return safely('listing endpoints and models', () => authoringCatalog(document, models), {
      endpoints: [],
      userModels: [],
      fileEndpoint: null,
      fileModel: null,
    })();
  });

  connection.onRequest(RequestTemplateRequest.type, async (params) => {
    const uri = params.uri;
    const provider = uri !== undefined && open.has(uri) ? (await settings.forDocument(uri)).validation.provider : undefined;
    return safely(
      'making a request template',
      () => requestTemplate(uri === undefined ? undefined : open.get(uri)?.document, params, provider),
      null,
    )();
  });

  connection.onRequest(
    BatchStatusRequest.type,
    safely('reporting status', ({ uri }) => open.get(uri)?.status ?? disk.status(uri) ?? null, null),
  );

  /** A file's validation settings: its open document's, else the file's (read each time). */
  async function validationOf(uri: string): Promise<ValidationSettings> {
    return (await (open.has(uri) ? settings.forDocument(uri) : settings.forFile(uri))).validation;
  }

  /** The answer to a request about a file. A ResponseError is the answer (an unreadable file, a bad
   *  request, a cancellation); anything else is a fault worth a log line, answered as one. */
  async function answerAboutFile<T>(what: string, answer: () => Promise<T>): Promise<T> {
    try {
      return await answer();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`Batch Studio: ${what} failed: ${errorText(error)}`);
      throw new ResponseError(
        ErrorCodes.InternalError,
        `internal error of the language server: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  connection.onRequest(SplitFileRequest.type, (params) =>
    answerAboutFile('splitting a file', () => answerSplitFile(params, { settings: validationOf })),
  );

  connection.onRequest(ValidateFileRequest.type, (params, token) =>
    answerAboutFile('validating a file', () =>
      answerValidateFile(params, { openDocument: (uri) => open.get(uri)?.document, settings: validationOf }, token),
    ),
  );

  /** Validates after the configured delay; a newer edit restarts the wait. */
  function schedule(uri: string, immediately: boolean): void {
    const entry = open.get(uri);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    void settings.forDocument(uri).then(({ validation }) => {
      if (open.get(uri) !== entry) return;
      if (entry.analysing) {
        void entry.analysing.then(() => schedule(uri, immediately));
        return;
      }
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
      if (isRequestDocument(uri)) {
        const batch = open.get(batchUriOf(uri) ?? '')?.document;
        void connection.sendDiagnostics({ uri, version, diagnostics: requestDiagnostics(uri, document.getText(), validation, batch) });
        entry.publishedVersion = version;
        return;
      }
      // The core's one entry applies detection, severity overrides and the problem cap; the model
      // is the document's own, kept up to date edit by edit.
      const { diagnostics, summary } = validateModel(document.model, document.lineText, uri, validation);
      void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, uri)) });
      entry.publishedVersion = version;
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
      costs.count(uri, entry);
    },
    undefined,
  );

  connection.listen();
}
