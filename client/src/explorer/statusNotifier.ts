/** Shows a notification when a listed batch changes status (statusNotice.ts says what), whose
 *  buttons run the commands for the next step with the batch's id. */
import * as vscode from 'vscode';
import type { Batch } from '../api/batchApi';
import type { Action, Ui } from '../ui';
import { displayLocale } from '../util/display';
import { type NoticeAction, statusNotice } from './statusNotice';

/** Button titles, as the commands are titled in package.json. */
const TITLES: Record<NoticeAction, () => string> = {
  downloadOutput: () => vscode.l10n.t('Download Output'),
  downloadErrors: () => vscode.l10n.t('Download Errors'),
  createRetryFile: () => vscode.l10n.t('Create Retry File'),
  showBatch: () => vscode.l10n.t('Show Batch'),
};

const COMMANDS: Record<Exclude<NoticeAction, 'showBatch'>, string> = {
  downloadOutput: 'batchStudio.downloadOutput',
  downloadErrors: 'batchStudio.downloadErrors',
  createRetryFile: 'batchStudio.createRetryFile',
};

export class StatusNotifier {
  constructor(
    private readonly ui: Ui,
    private readonly labelOf: (batch: Batch) => string,
    /** Show Batch: reveals the batch, expanded, in the tree. */
    private readonly showBatch: (id: string) => Promise<void>,
  ) {}

  /** `batch` has just changed status. */
  notify(batch: Batch): void {
    const notice = statusNotice(batch, this.labelOf(batch), displayLocale());
    if (!notice) return;
    const actions: Action[] = notice.actions.map((action) => ({
      title: TITLES[action](),
      run: () => (action === 'showBatch' ? this.showBatch(batch.id) : vscode.commands.executeCommand(COMMANDS[action], batch.id)),
    }));
    this.ui.notify(notice.severity, notice.message, ...actions);
  }
}
