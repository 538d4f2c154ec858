// What the batch explorer tests share: the explorer's test hooks (what the tree shows, what was
// said, answers for the next prompts), the emulator the runner started, and the explorer
// fixtures in workspace/explorer, whose downloads and generated files are removed again.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import OpenAI from 'openai';
import * as vscode from 'vscode';
import type { FaultSpec } from '../../emulator/src/faults';
import { enableTestMode, EXTENSION_ID, fixtureUri, type Message, openFixture, testing, waitUntil } from './helpers';
import type { ExplorerSnapshot, SnapshotItem } from '../../../client/src/explorer/snapshot';

/** A tree item as plain data (`testing.explorerSnapshot()`). */
export type Item = SnapshotItem;
export type Snapshot = ExplorerSnapshot;
export type { Message };

/** The emulator scripts/e2e/run.js started, and the one key it accepts. */
export function emulator(): { url: string; key: string } {
  const url = process.env.BATCH_STUDIO_API_BASE_URL;
  const key = process.env.BATCH_STUDIO_E2E_EMULATOR_KEY;
  assert.ok(url && key, 'the runner (scripts/e2e/run.js) started the emulator and passed its URL and key');
  return { url, key };
}

/** Sets the emulator's fault rules through its control route (/__emulator/faults), clearing the
 *  rules in force first; none only clears them. */
export async function setFaults(...specs: FaultSpec[]): Promise<void> {
  const { url, key } = emulator();
  const faults = `${url.replace(/\/v1$/, '')}/__emulator/faults`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const cleared = await fetch(faults, { method: 'DELETE', headers });
  assert.strictEqual(cleared.status, 200, await cleared.text());
  if (specs.length === 0) return;
  const added = await fetch(faults, { method: 'POST', headers, body: JSON.stringify(specs) });
  assert.strictEqual(added.status, 200, await added.text());
}

/** An SDK client on the emulator, for setting up state a user would have made elsewhere. */
export function emulatorClient(): OpenAI {
  const { url, key } = emulator();
  return new OpenAI({ baseURL: url, apiKey: key, maxRetries: 0 });
}

export async function snapshot(): Promise<Snapshot> {
  return (await testing()).explorerSnapshot();
}

/** Test mode (`enableTestMode`): what was shown since the last call with `clear`. */
export async function messages(clear = false): Promise<Message[]> {
  return (await testing()).messages(clear);
}

/** Test mode (`enableTestMode`): answers for the next prompts, in order; null dismisses one (Escape). */
export async function answerPrompts(...answers: (string | null)[]): Promise<void> {
  (await testing()).answerPrompts(answers);
}

/** The one message matching `pattern` (of `kind`), failing with everything that was shown. */
export function findMessage(shown: readonly Message[], kind: Message['kind'], pattern: RegExp): Message {
  const found = shown.filter((m) => m.kind === kind && pattern.test(m.message));
  assert.strictEqual(
    found.length,
    1,
    `one ${kind} matching ${pattern}; shown:\n  ${shown.map((m) => `${m.kind}: ${m.message}`).join('\n  ') || 'nothing'}`,
  );
  return found[0];
}

/** Waits until a message matching `pattern` has been shown (auto-refresh notices come late). */
export async function waitForMessage(kind: Message['kind'], pattern: RegExp, timeoutMs?: number): Promise<Message> {
  let shown: Message[] = [];
  try {
    return await waitUntil(
      async () => {
        shown = await messages();
        return shown.find((m) => m.kind === kind && pattern.test(m.message));
      },
      `a ${kind} matching ${pattern}`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; shown:\n  ${shown.map((m) => `${m.kind}: ${m.message}`).join('\n  ') || 'nothing'}`);
  }
}

export function batchItem(snap: Snapshot, batchId: string): Item | undefined {
  return snap.items.find((item) => item.id === `batch:${batchId}`);
}

/** A row under an item, by its path of labels (`['errors', 'line 3: mismatched_model']`). */
export function row(item: Item, ...labels: string[]): Item {
  let current = item;
  for (const label of labels) {
    const next = current.children?.find((child) => child.label === label);
    assert.ok(next, `${current.label} has a row ${label}; it has: ${(current.children ?? []).map((c) => c.label).join(', ')}`);
    current = next;
  }
  return current;
}

/** Waits until the batch's tree item satisfies `accept` (the explorer refreshes on its own). */
export async function waitForBatch(
  batchId: string,
  accept: (item: Item) => boolean,
  description: string,
  timeoutMs = 20_000,
): Promise<Item> {
  let last: Item | undefined;
  try {
    return await waitUntil(
      async () => {
        last = batchItem(await snapshot(), batchId);
        return last && accept(last) ? last : undefined;
      },
      `${batchId} to be ${description}`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the tree shows: ${last ? `${last.label} — ${last.description}` : 'no such batch'}`);
  }
}

/** Waits until the batch list has loaded (or failed to), and returns what the tree shows. */
export function loadedSnapshot(description = 'the batch list to load'): Promise<Snapshot> {
  return waitUntil(async () => {
    const snap = await snapshot();
    return snap.loaded || snap.error ? snap : undefined;
  }, description);
}

/** Whether a `view/item/context` menu entry of `command` is offered on an item with `contextValue`. */
export function menuOffers(command: string, contextValue: string | undefined): boolean {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const entries = manifest.contributes.menus['view/item/context'].filter((entry) => entry.command === command);
  assert.ok(entries.length > 0, `${command} is in the tree's context menu`);
  return entries.some((entry) => {
    const clause = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(entry.when ?? '');
    assert.ok(clause, `the menu entry of ${command} is keyed on viewItem: ${entry.when}`);
    return new RegExp(clause[1]).test(contextValue ?? '');
  });
}

/** Forgets the key through "Clear API Key" if one is set, so the explorer shows how to connect. */
export async function ensureNoApiKey(): Promise<void> {
  if (!(await snapshot()).hasApiKey) return;
  await vscode.commands.executeCommand('batchStudio.clearApiKey');
  await waitUntil(async () => ((await snapshot()).hasApiKey ? undefined : true), 'the key to be cleared');
}

/** Sets the emulator's key through "Set API Key" unless a key is set already. */
export async function ensureApiKey(): Promise<void> {
  if ((await snapshot()).hasApiKey) return;
  await answerPrompts(emulator().key);
  assert.strictEqual(await vscode.commands.executeCommand('batchStudio.setApiKey'), true, 'the key was saved');
}

export const EXPLORER_DIR = 'explorer';

export function explorerFixture(name: string): vscode.Uri {
  return fixtureUri(`${EXPLORER_DIR}/${name}`);
}

/** Removes what the explorer tests write into workspace/explorer (see workspace/.gitignore). */
export function removeWrittenFiles(): void {
  const dir = fixtureUri(EXPLORER_DIR).fsPath;
  for (const name of fs.readdirSync(dir)) {
    if (/\.(output|errors|retry)\.jsonl$|^generated-.*\.jsonl$|^\..*\.part$/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** One chat request per line, `count` of them: a generated input file in workspace/explorer. */
export function writeGeneratedInput(name: string, count: number): vscode.Uri {
  assert.match(name, /^generated-.*\.jsonl$/, 'generated inputs are named so that they are cleaned up');
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      custom_id: `row-${String(i + 1).padStart(4, '0')}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Translate product title ${i + 1} into French.` }] },
    }),
  );
  const uri = explorerFixture(name);
  fs.writeFileSync(uri.fsPath, `${lines.join('\n')}\n`);
  return uri;
}

/** The `custom_id` of every line of a JSON Lines file. */
export function customIds(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { custom_id: string }).custom_id);
}

/** Shows the Batches view (auto-refresh runs only while it is visible). */
export async function showBatchesView(): Promise<void> {
  await vscode.commands.executeCommand('batchStudio.batches.focus');
  await waitUntil(async () => ((await snapshot()).visible ? true : undefined), 'the Batches view to be visible');
}

/** The Batches view as a file of tests that submits batches watches it: what earlier runs wrote
 *  removed, Batch Studio active (opening explorer/reviews.jsonl activates it when the file runs
 *  alone) in test mode, the API key set or not, the view shown with the panel closed, refreshed
 *  every 2 s: the shortest interval allowed (the emulator finishes a small batch in about 1.5 s). */
export async function watchBatchesView(apiKey: 'set' | 'unset'): Promise<void> {
  removeWrittenFiles();
  await openFixture('explorer/reviews.jsonl');
  await enableTestMode();
  await (apiKey === 'set' ? ensureApiKey() : ensureNoApiKey());
  await vscode.workspace.getConfiguration('batchStudio.explorer').update('refreshIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await showBatchesView();
}

/** After watchBatchesView: the default interval, no editor open, nothing written left. */
export async function stopWatchingBatchesView(): Promise<void> {
  await vscode.workspace
    .getConfiguration('batchStudio.explorer')
    .update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  removeWrittenFiles();
}
