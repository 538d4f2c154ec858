import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import type { BatchCost } from '../../common/src/cost';
import {
  type AuthoringCatalog,
  AuthoringCatalogRequest,
  EstimateCostRequest,
  type RequestTemplate,
  type RequestTemplateParams,
  RequestTemplateRequest,
  ResultLinksNotification,
  type ResultLinksParams,
  type ResultsAnswer,
  ResultsRequest,
  type SplitFileParams,
  SplitFileRequest,
  type SplitFileResult,
  type ValidateFileParams,
  ValidateFileRequest,
  type ValidateFileResult,
} from '../../common/src/protocol';
import { REQUEST_SCHEME } from '../../common/src/requestUri';
import { ServerCrashes } from './serverCrashes';
import { refusedWhenGivenUp, stoppedMessage } from './serverStopped';
import type { Action, Ui } from './ui';

/** What the extension asks its language server about a file: the server validates, the client
 *  never bundles the validation core. */
export interface BatchServer {
  /** The file as the Problems panel shows it (the open document, else the file on disk), with its
   *  own settings. Rejects with the reason when the file cannot be read. */
  validateFile(uri: vscode.Uri, options?: Omit<ValidateFileParams, 'uri'>): Promise<ValidateFileResult>;
  /** The endpoints and models to pick from, with the open file's own (New Batch File, Add Request). */
  authoringCatalog(uri?: vscode.Uri): Promise<AuthoringCatalog>;
  /** A new request line for the open file, or with the endpoint and model given; null without them. */
  requestTemplate(uri: vscode.Uri | undefined, options?: Omit<RequestTemplateParams, 'uri'>): Promise<RequestTemplate | null>;
  /** The file's tokens and estimated cost (the open document, else the file on disk); null when it
   *  is not a batch file. Rejects with the reason when the file cannot be read. */
  estimateCost(uri: vscode.Uri): Promise<BatchCost | null>;
  /** Splits the file on disk into parts that each fit a batch (Split into Batches), or says why not.
   *  Rejects with the reason when the file cannot be read or a part written. */
  splitFile(uri: vscode.Uri, options?: Omit<SplitFileParams, 'uri'>): Promise<SplitFileResult>;
  /** A batch's requests joined with their results (Show Results); `uri` is the input or a result
   *  file. Rejects with the reason when the file is not there. */
  results(uri: vscode.Uri, failuresOnly?: boolean): Promise<ResultsAnswer>;
  /** Tells the server which result files the user linked to which inputs (all of them). */
  linkResults(links: ResultLinksParams['links']): Promise<void>;
}

/** What a client's crash policy knows, for its BatchServer: whether the server was given up on, and
 *  the actions that go with saying so. */
interface GivenUp {
  crashes: ServerCrashes;
  restart: Action;
  showOutput: Action;
  ui?: Pick<Ui, 'notify'>;
}
const givenUpOf = new WeakMap<LanguageClient, GivenUp>();

/** The requests the extension sends its server. Once the server was given up on after repeated
 *  crashes, each fails with a sentence that says so, and the user is offered Restart Server. */
export function batchServer(client: LanguageClient): BatchServer {
  const policy = givenUpOf.get(client);
  const server = requests(client);
  if (!policy) return server;
  return refusedWhenGivenUp(
    server,
    () => policy.crashes.givenUp,
    () => policy.ui?.notify('error', stoppedMessage(), policy.restart, policy.showOutput),
  );
}

function requests(client: LanguageClient): BatchServer {
  return {
    // The URI spelled as the client spells it in didOpen, so the server finds the open document.
    validateFile: (uri, options) =>
      client.sendRequest(ValidateFileRequest.type, { ...options, uri: client.code2ProtocolConverter.asUri(uri) }),
    authoringCatalog: (uri) => client.sendRequest(AuthoringCatalogRequest.type, { uri: uri && client.code2ProtocolConverter.asUri(uri) }),
    requestTemplate: (uri, options) =>
      client.sendRequest(RequestTemplateRequest.type, { ...options, uri: uri && client.code2ProtocolConverter.asUri(uri) }),
    estimateCost: (uri) => client.sendRequest(EstimateCostRequest.type, { uri: client.code2ProtocolConverter.asUri(uri) }),
    splitFile: (uri, options) => client.sendRequest(SplitFileRequest.type, { ...options, uri: client.code2ProtocolConverter.asUri(uri) }),
    results: (uri, failuresOnly) =>
      client.sendRequest(ResultsRequest.type, { uri: client.code2ProtocolConverter.asUri(uri), failuresOnly }),
    linkResults: (links) => client.sendNotification(ResultLinksNotification.type, { links }),
  };
}

/** Starts the Batch Studio language server (a Node process over IPC) for JSON Lines documents. If it
 *  stops unexpectedly it is restarted (the open documents are sent again, so their problems come
 *  back) and the user is told once; see serverCrashes.ts. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  middleware?: Middleware,
  ui?: Pick<Ui, 'notify'>,
): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const crashes = new ServerCrashes();
  const showOutput = { title: vscode.l10n.t('Show Output'), run: () => output.show(true) };
  const restart = {
    title: vscode.l10n.t('Restart Server'),
    run: () => {
      crashes.reset();
      client.start().catch((error: unknown) => output.error(`The Batch Studio language server did not start: ${String(error)}`));
    },
  };
  const errorHandler: ErrorHandler = {
    // A message that cannot be read or written: carry on (the library's default for the first three).
    error: (_error, _message, count): ErrorHandlerResult => ({
      action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
    }),
    closed: (): CloseHandlerResult => {
      const decision = crashes.crashed();
      if (decision.action === 'giveUp') {
        output.error(decision.message);
        ui?.notify('error', decision.message, restart, showOutput);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      output.warn('The language server stopped unexpectedly; restarting it.');
      if (decision.tell) ui?.notify('warning', decision.message, showOutput);
      return { action: CloseAction.Restart, handled: true };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'jsonl' },
      { scheme: 'untitled', language: 'jsonl' },
      // Virtual workspaces (GitHub/Azure Repos): the server validates the text it is sent.
      { scheme: 'vscode-vfs', language: 'jsonl' },
      // A request open for editing (Edit Request), checked against the same schemas.
      { scheme: REQUEST_SCHEME },
    ],
    outputChannel: output,
    errorHandler,
    ...(middleware ? { middleware } : {}),
  };
  const client = new LanguageClient('batchStudio', 'Batch Studio', serverOptions, clientOptions);
  givenUpOf.set(client, { crashes, restart, showOutput, ...(ui ? { ui } : {}) });
  return client;
}
