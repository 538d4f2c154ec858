/** What to do when the language server stops unexpectedly: restart it, and tell the user once; after
 *  too many crashes in a short time, stop restarting and say so. Pure: no editor types, unit tested
 *  (test/unit/client-serverCrashes.test.ts); client/src/languageClient.ts applies it. */
import * as l10n from '@vscode/l10n';

/** Crashes within CRASH_WINDOW_MS after which the server is not restarted again. */
export const MAX_CRASHES = 5;
export const CRASH_WINDOW_MS = 3 * 60_000;

export type CrashDecision =
  /** Restart; `tell`: show the one message (not for every crash in a row). */
  { action: 'restart'; tell: boolean; message: string } | { action: 'giveUp'; message: string };

/** Read when shown, so that they come in the display language (the bundle is loaded at activation). */
export const restartedMessage = (): string =>
  l10n.t(
    'The Batch Studio language server stopped unexpectedly and was restarted: your batch files are being checked again. Details are in the Batch Studio output.',
  );

export const gaveUpMessage = (): string =>
  l10n.t(
    'The Batch Studio language server stopped unexpectedly {0} times in {1} minutes and was not restarted again, so batch files are not checked now. Restart it, or see the Batch Studio output for what went wrong.',
    MAX_CRASHES,
    CRASH_WINDOW_MS / 60_000,
  );

export class ServerCrashes {
  /** When the recent crashes happened, oldest first (only those within the window). */
  private crashes: number[] = [];
  /** When the user was last told about a restart. */
  private toldAt: number | undefined;
  private gaveUp = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** The server stopped without being asked to. */
  crashed(): CrashDecision {
    const now = this.now();
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    if (this.crashes.length >= MAX_CRASHES) {
      this.gaveUp = true;
      return { action: 'giveUp', message: gaveUpMessage() };
    }
    // One message for a run of crashes: not again until the window has passed since the last one.
    const tell = this.toldAt === undefined || now - this.toldAt >= CRASH_WINDOW_MS;
    if (tell) this.toldAt = now;
    return { action: 'restart', tell, message: restartedMessage() };
  }

  /** Whether the server was given up on (and not restarted since): requests to it are refused. */
  get givenUp(): boolean {
    return this.gaveUp;
  }

  /** The user restarted the server after it was given up on: start counting afresh. */
  reset(): void {
    this.crashes = [];
    this.toldAt = undefined;
    this.gaveUp = false;
  }
}
