import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { BatchStatusNotification } from '../../common/src/protocol';
import { KeyStore } from './api/keyStore';
import { ApiSession } from './api/session';
import { registerCommands } from './commands';
import { REQUEST_SCHEME } from '../../common/src/requestUri';
import { Ctx } from './ctx';
import { startWhenNeeded, trackDiskFiles } from './diskFiles';
import { EditRequestAction } from './editRequest/editRequestAction';
import { RequestFileSystem } from './editRequest/requestFileSystem';
import { BatchExplorer } from './explorer/batchExplorer';
import type { ExplorerSnapshot } from './explorer/snapshot';
import { InputFiles } from './inputFiles';
import { registerResults } from './results';
import { batchServer, createLanguageClient } from './languageClient';
import { BatchStatusItem, type ShownStatus, type ShownStatusItem } from './statusItem';
import { TreatedAsBatch } from './treatAsBatch';
import { type ShownMessage, Ui } from './ui';
import { sharePureTranslations } from './util/pureTranslations';

/** What `activate` resolves to: `vscode.extensions.getExtension('batch-studio.batch-studio').exports`. */
export interface BatchStudioApi {
  readonly testing: TestingHooks;
}

/**
 * For Batch Studio's end-to-end tests, which drive the installed package as a user would and
 * read back what the user sees. No command, nothing in the UI; reading changes nothing, and no
 * message is recorded or prompt answered until a test calls `enableTestMode()`.
 */
export interface TestingHooks {
  /** What the language status item shows for the active editor; null when it shows no batch file. */
  status(): ShownStatus | null;
  /** Whether the language server runs: it starts once a JSON Lines file is open. */
  serverState(): 'stopped' | 'starting' | 'running';
  /** The language server's process id while it runs (a test stops it to see it restarted). */
  serverPid(): number | null;
  /** The language status item as shown for the active JSON Lines file, batch file or not. */
  statusItem(): ShownStatusItem;
  /** The Batches view as plain data. */
  explorerSnapshot(): Promise<ExplorerSnapshot>;
  /** From now on, record every message and answer prompts from `answerPrompts` (dismissing them
   *  when none is queued) instead of showing them. */
  enableTestMode(): void;
  /** Test mode: what was shown since the last call with `clear`. */
  messages(clear?: boolean): ShownMessage[];
  /** Test mode: answers for the next prompts, in order; null dismisses one. */
  answerPrompts(answers: readonly (string | null)[]): void;
}

let client: LanguageClient | undefined;

const SERVER_STATES: Record<State, ReturnType<TestingHooks['serverState']>> = {
  [State.Stopped]: 'stopped',
  [State.StartFailed]: 'stopped',
  [State.Starting]: 'starting',
  [State.Running]: 'running',
};

export async function activate(context: vscode.ExtensionContext): Promise<BatchStudioApi> {
  sharePureTranslations();
  const output = vscode.window.createOutputChannel('Batch Studio', { log: true });
  const status = new BatchStatusItem();
  context.subscriptions.push(output, status);

  // The batch explorer and its commands.
  const ui = new Ui();
  const keys = new KeyStore(context.secrets);
  const session = new ApiSession(keys, output);
  const inputFiles = new InputFiles(context.globalState);
  const explorer = new BatchExplorer(session, inputFiles, ui);
  context.subscriptions.push(keys, session, explorer);
  // Edit Request: requests open for editing as documents of their own, and the action on a line.
  const requests = new RequestFileSystem(ui);
  context.subscriptions.push(
    requests,
    vscode.workspace.registerFileSystemProvider(REQUEST_SCHEME, requests, { isCaseSensitive: true }),
    vscode.languages.registerCodeActionsProvider({ language: 'jsonl' }, new EditRequestAction(), {
      providedCodeActionKinds: [EditRequestAction.kind],
    }),
  );
  // Created before the commands, which ask it about files; started below.
  // Files the user chose to treat as batch files: the server is told `detection: always` for them.
  const treatedAsBatch = new TreatedAsBatch(context.workspaceState);
  client = createLanguageClient(context, output, treatedAsBatch.middleware(), ui);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'batchStudio.treatAsBatchFile',
      treatedAsBatch.command(() => client),
    ),
  );
  registerCommands(new Ctx(context, output, ui, keys, session, inputFiles, explorer, batchServer(client), requests));
  // Show Results views, linked result files, and result files changing on disk.
  registerResults(context, client, batchServer(client));
  await session.updateContext();

  context.subscriptions.push(client.onNotification(BatchStatusNotification.type, (params) => status.update(params)));
  // Once a JSON Lines file is open: the workspace's activate Batch Studio earlier (diskFiles/serverStart.ts).
  context.subscriptions.push(await startWhenNeeded(client, output));
  // Batch files VS Code does not sync (over 50 MB; the workspace's, when asked): validated from disk.
  context.subscriptions.push(trackDiskFiles(client, output));

  return {
    testing: {
      status: () => status.shown() ?? null,
      serverState: () => SERVER_STATES[client?.state ?? State.Stopped],
      serverPid: () => client?.serverProcess?.pid ?? null,
      statusItem: () => status.shownItem(),
      explorerSnapshot: () => explorer.snapshot(),
      enableTestMode: () => ui.enableTestMode(),
      messages: (clear: unknown = false) => ui.messages(clear === true), // called from outside: anything but true keeps them
      answerPrompts: (answers) => {
        if (!Array.isArray(answers) || !answers.every((a) => typeof a === 'string' || a === null))
          throw new Error('answerPrompts takes an array of strings or nulls');
        ui.queueAnswers(answers);
      },
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
