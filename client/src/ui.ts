/** Every message, modal, input box and dialog Batch Studio shows goes through here, so that
 *  - commands never wait on a non-modal notification (a test awaiting a command would hang), and
 *  - end-to-end tests, once they turn test mode on (the `testing` hooks of the extension's API),
 *    can read what was shown and answer prompts in advance instead of clicking. Until then
 *    nothing is recorded and every prompt is the real one. */
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  kind: 'notification' | 'modal' | 'input' | 'pick' | 'openDialog' | 'saveDialog';
  severity?: Severity;
  message: string;
  /** Buttons or items offered. */
  options?: string[];
  /** What was answered (test mode), if anything. */
  answer?: string | null;
}

export interface Action {
  title: string;
  run: () => unknown;
}

const LOG_SIZE = 200;

export class Ui {
  private testMode = false;
  private readonly answers: (string | null)[] = [];
  private readonly shown: ShownMessage[] = [];

  /** From now on every message is recorded, and prompts never open: each takes the next queued
   *  answer, or is dismissed. For end-to-end tests only; there is no way back. */
  enableTestMode(): void {
    this.testMode = true;
  }

  /** Test mode: answers for the next prompts, in order (`null` dismisses one). */
  queueAnswers(answers: readonly (string | null)[]): void {
    this.requireTestMode('answerPrompts');
    this.answers.push(...answers);
  }

  /** Test mode: what was shown since the last call with `clear`. */
  messages(clear = false): ShownMessage[] {
    this.requireTestMode('messages');
    const copy = this.shown.map((m) => ({ ...m }));
    if (clear) this.shown.length = 0;
    return copy;
  }

  private requireTestMode(what: string): void {
    if (!this.testMode) throw new Error(`${what} needs test mode: call enableTestMode() first`);
  }

  private record(message: ShownMessage): void {
    if (!this.testMode) return;
    this.shown.push(message);
    if (this.shown.length > LOG_SIZE) this.shown.shift();
  }

  /** The queued answer for a prompt (test mode), or `undefined` to show the real one. */
  private testAnswer(message: ShownMessage): { answer: string | undefined } | undefined {
    if (!this.testMode) return undefined;
    const answer = this.answers.length > 0 ? this.answers.shift()! : null;
    this.record({ ...message, answer });
    return { answer: answer ?? undefined };
  }

  /** A notification; clicking an action runs it. Returns at once. */
  notify(severity: Severity, message: string, ...actions: Action[]): void {
    this.record({ kind: 'notification', severity, message, ...(actions.length ? { options: actions.map((a) => a.title) } : {}) });
    const show = messageFunction(severity);
    void Promise.resolve(show(message, ...actions.map((a) => a.title)))
      .then((title) => actions.find((a) => a.title === title)?.run())
      // An action that fails (a view that cannot reveal, a file gone) says so rather than failing unseen.
      .then(undefined, (error: unknown) =>
        vscode.window.showErrorMessage(vscode.l10n.t('Batch Studio: {0}', error instanceof Error ? error.message : String(error))),
      );
  }

  /** A modal dialog; resolves to the button chosen, undefined when dismissed. A button given as
   *  `{ close: title }` takes the place of VS Code's own "Cancel" (Escape chooses it too), so the
   *  way out says what it does ("Keep Running"); choosing it resolves to undefined. */
  async modal(
    severity: Severity,
    message: string,
    detail: string | undefined,
    ...buttons: (string | { close: string })[]
  ): Promise<string | undefined> {
    const titles = buttons.map((b) => (typeof b === 'string' ? b : b.close));
    const choices = buttons.filter((b): b is string => typeof b === 'string');
    const test = this.testAnswer({ kind: 'modal', severity, message: detail ? `${message}\n${detail}` : message, options: titles });
    if (test) return choices.includes(test.answer ?? '') ? test.answer : undefined;
    const show = messageFunction(severity);
    const items = buttons.map((b) => (typeof b === 'string' ? { title: b } : { title: b.close, isCloseAffordance: true }));
    const chosen = await show(message, { modal: true, ...(detail ? { detail } : {}) }, ...items);
    return chosen && !chosen.isCloseAffordance ? chosen.title : undefined;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const test = this.testAnswer({ kind: 'input', message: options.prompt ?? options.title ?? '' });
    if (test) return test.answer;
    return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  }

  /** A quick pick; in test mode the answer is an item's label. */
  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const test = this.testAnswer({ kind: 'pick', message: options.placeHolder ?? options.title ?? '', options: items.map((i) => i.label) });
    if (test) return items.find((i) => i.label === test.answer);
    return vscode.window.showQuickPick(items, options);
  }

  /** In test mode the answer is a file system path. */
  async openFile(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined> {
    const test = this.testAnswer({ kind: 'openDialog', message: options.title ?? '' });
    if (test) return test.answer ? vscode.Uri.file(test.answer) : undefined;
    return (await vscode.window.showOpenDialog({ canSelectMany: false, ...options }))?.[0];
  }

  async saveFile(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    const test = this.testAnswer({ kind: 'saveDialog', message: options.title ?? '' });
    if (test) return test.answer ? vscode.Uri.file(test.answer) : undefined;
    return vscode.window.showSaveDialog(options);
  }
}

/** VS Code's message function for a severity. */
function messageFunction(severity: Severity): typeof vscode.window.showInformationMessage {
  return severity === 'error'
    ? vscode.window.showErrorMessage
    : severity === 'warning'
      ? vscode.window.showWarningMessage
      : vscode.window.showInformationMessage;
}
