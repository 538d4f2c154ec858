/** A minimal LSP client for protocol tests: starts the built server over stdio and speaks to it
 *  with vscode-languageserver-protocol, as any editor would. */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  type ClientCapabilities,
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { type BatchStatusParams, BatchStatusNotification } from '../../common/src/protocol';

export const SERVER = path.resolve(__dirname, '../../../server/out/server.js');

export interface ClientOptions {
  /** Answer workspace/configuration with these `batchStudio` settings; omit to act like a client without it. */
  settings?: Record<string, unknown>;
  /** Claim completion snippet support (`completionItem.snippetSupport`), as VS Code does. */
  snippets?: boolean;
  /** More capabilities to claim, e.g. `{ window: { workDoneProgress: true } }`. */
  capabilities?: ClientCapabilities;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication as it arrived, with the time it arrived (performance.now()). */
  readonly published: (PublishDiagnosticsParams & { at: number })[] = [];
  readonly statuses = new Map<string, BatchStatusParams>();
  /** Every status as it arrived, with the time it arrived (performance.now()). */
  readonly statusLog: (BatchStatusParams & { at: number })[] = [];
  readonly stderr: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown> | undefined;
  /** Settings for one file (by scopeUri), answered instead of `settings`, as a folder's settings would be. */
  readonly settingsByUri = new Map<string, Record<string, unknown>>();
  /** The scopeUri of every workspace/configuration item asked for, in order. */
  readonly configurationScopes: (string | undefined)[] = [];
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult: InitializeResult | undefined;
  /** While set, workspace/configuration is answered only once it resolves: the server's handlers
   *  that wait for settings wait until the test lets them go on. */
  configurationHeld: Promise<void> | undefined;

  private constructor(
    private readonly process: ChildProcess,
    options: ClientOptions,
  ) {
    this.settings = options.settings;
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.published.push({ ...params, at: performance.now() });
      this.wake();
    });
    this.connection.onNotification(BatchStatusNotification.type, (params) => {
      this.statuses.set(params.uri, params);
      this.statusLog.push({ ...params, at: performance.now() });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', async (params: { items: { section?: string; scopeUri?: string }[] }) => {
      await this.configurationHeld;
      return params.items.map((item) => {
        this.configurationScopes.push(item.scopeUri);
        return (item.scopeUri !== undefined ? this.settingsByUri.get(item.scopeUri) : undefined) ?? this.settings ?? null;
      });
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.stderr.push(params.message));
    process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(child, options);
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        ...(options.settings ? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } } : {}),
        ...(options.snippets ? { textDocument: { completion: { completionItem: { snippetSupport: true } } } } : {}),
        ...options.capabilities,
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** The server's process id (its memory is in /proc/<pid>/status). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  open(uri: string, text: string): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jsonl', version: 1, text } });
  }

  /** Sends one incremental change, as an editor does for a keystroke or paste. */
  change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` that satisfy `accept` (checking what arrived already). */
  async waitForDiagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[], version?: number) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const published = this.diagnostics.get(uri);
        return published && accept(published.diagnostics, published.version) ? published.diagnostics : undefined;
      },
      timeoutMs,
      `diagnostics for ${uri}`,
    );
  }

  async waitForStatus(
    uri: string,
    accept: (status: BatchStatusParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<BatchStatusParams> {
    return this.waitFor(
      () => {
        const status = this.statuses.get(uri);
        return status && accept(status) ? status : undefined;
      },
      timeoutMs,
      `status for ${uri}`,
    );
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    this.connection.dispose();
    this.process.kill();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.join('')}`)),
        timeoutMs,
      );
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          clearTimeout(timer);
          resolve(value);
        } else {
          this.waiters.push(attempt);
        }
      };
      attempt();
    });
  }
}
