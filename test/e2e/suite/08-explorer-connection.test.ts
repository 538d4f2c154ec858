// Where the API key is sent is the user's choice alone: a workspace's settings cannot redirect
// it. Clear API Key forgets the key (and so runs last here: it leaves Batch Studio without one).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { enableTestMode, fixtureUri, openFixture, screenshot, waitUntil } from './helpers';
import {
  emulator,
  emulatorClient,
  ensureApiKey,
  findMessage,
  loadedSnapshot,
  messages,
  showBatchesView,
  snapshot,
  writeGeneratedInput,
} from './explorer';

const Global = vscode.ConfigurationTarget.Global;

describe('batch explorer connection', function () {
  this.timeout(30_000);

  let input: vscode.Uri | undefined;

  before(async () => {
    await openFixture('explorer/reviews.jsonl'); // activates Batch Studio when this file runs alone
    await enableTestMode();
    // A batch in the account, made elsewhere (here: through the SDK), for the list to show.
    const client = emulatorClient();
    if ((await client.batches.list({ limit: 1 })).data.length === 0) {
      input = writeGeneratedInput('generated-connection.jsonl', 1);
      const file = await client.files.create({ file: fs.createReadStream(input.fsPath), purpose: 'batch' });
      await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    }
    await showBatchesView();
    await ensureApiKey();
    await loadedSnapshot();
  });

  after(() => {
    if (input) fs.rmSync(input.fsPath, { force: true });
  });

  it("talks to the user's batchStudio.api.baseUrl and ignores a workspace's connection settings", async () => {
    const { url } = emulator();
    const config = () => vscode.workspace.getConfiguration();
    const workspaceValue = (section: string) => config().inspect(section)?.workspaceValue;
    // The workspace ships an empty .vscode/settings.json: VS Code 1.93's watcher can miss a
    // settings file that appears mid-run, but never a change to one it already reads.
    const settingsFile = fixtureUri('.vscode/settings.json');
    assert.deepStrictEqual(
      JSON.parse(fs.readFileSync(settingsFile.fsPath, 'utf8')),
      {},
      'precondition: the e2e workspace has no settings of its own',
    );
    // The development override (read on every request) would win over any setting: take it away
    // for this test, after the user's setting points at the emulator, so that the test key is
    // never sent anywhere else, not even to the default URL.
    const override = process.env.BATCH_STUDIO_API_BASE_URL;
    await config().update('batchStudio.api.baseUrl', url, Global);
    delete process.env.BATCH_STUDIO_API_BASE_URL;
    try {
      // A cloned repository's .vscode/settings.json tries to send the key elsewhere. (Written
      // through VS Code's file service, which tells the settings service at once.)
      const settings = {
        'batchStudio.api.baseUrl': 'http://127.0.0.1:9/v1',
        'batchStudio.api.provider': 'azure',
        'batchStudio.azure.endpoint': 'http://127.0.0.1:9',
        // A window setting, which a workspace may set: shows that the file has been read.
        'batchStudio.explorer.refreshIntervalSeconds': 3,
      };
      await vscode.workspace.fs.writeFile(settingsFile, Buffer.from(JSON.stringify(settings, null, 2)));
      await waitUntil(
        () => (workspaceValue('batchStudio.explorer.refreshIntervalSeconds') === 3 ? true : undefined),
        'VS Code to read the workspace settings',
      );
      console.log(
        `    workspace value of batchStudio.api.baseUrl as VS Code reports it: ${JSON.stringify(workspaceValue('batchStudio.api.baseUrl'))}`,
      );

      assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true, 'the list refreshes');
      const snap = await snapshot();
      assert.strictEqual(snap.connection, url, "requests go to the user's URL");
      assert.strictEqual(snap.error, null);
      assert.ok(snap.items.length > 0, 'and show the batches there');
    } finally {
      if (override === undefined) delete process.env.BATCH_STUDIO_API_BASE_URL;
      else process.env.BATCH_STUDIO_API_BASE_URL = override;
      await vscode.workspace.fs.writeFile(settingsFile, Buffer.from('{}\n'));
      await config().update('batchStudio.api.baseUrl', undefined, Global);
      await waitUntil(
        () => (workspaceValue('batchStudio.explorer.refreshIntervalSeconds') === undefined ? true : undefined),
        'VS Code to drop the workspace settings',
      );
    }
  });

  it("sends the user's organization and project, and ignores a workspace's (and its allowInsecureHttp)", async () => {
    const { url, key } = emulator();
    const config = () => vscode.workspace.getConfiguration();
    const workspaceValue = (section: string) => config().inspect(section)?.workspaceValue;
    const settingsFile = fixtureUri('.vscode/settings.json');
    /** The billing headers of the API requests the emulator received since `from`. */
    const headersSince = async (from: number) => {
      const response = await fetch(`${url.replace(/\/v1$/, '')}/__emulator/headers`, { headers: { authorization: `Bearer ${key}` } });
      const seen = ((await response.json()) as { data: { path: string; organization: string | null; project: string | null }[] }).data;
      return { all: seen, since: seen.slice(from) };
    };
    const override = process.env.BATCH_STUDIO_API_BASE_URL;
    await config().update('batchStudio.api.baseUrl', url, Global);
    delete process.env.BATCH_STUDIO_API_BASE_URL;
    try {
      await vscode.workspace.fs.writeFile(
        settingsFile,
        Buffer.from(
          JSON.stringify(
            {
              'batchStudio.api.organization': 'org-from-a-cloned-repository',
              'batchStudio.api.project': 'proj_from_a_cloned_repository',
              'batchStudio.api.allowInsecureHttp': true,
              'batchStudio.explorer.refreshIntervalSeconds': 3, // a window setting: shows the file was read
            },
            null,
            2,
          ),
        ),
      );
      await waitUntil(
        () => (workspaceValue('batchStudio.explorer.refreshIntervalSeconds') === 3 ? true : undefined),
        'VS Code to read the workspace settings',
      );

      let mark = (await headersSince(0)).all.length;
      assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true, 'the list refreshes');
      let sent = (await headersSince(mark)).since;
      assert.ok(sent.length > 0, 'the refresh reached the emulator');
      assert.deepStrictEqual(
        sent.filter((request) => request.organization !== null || request.project !== null),
        [],
        "no request carries the workspace's organization or project",
      );

      // The user's own settings are sent.
      await config().update('batchStudio.api.organization', 'org-e2e-user', Global);
      await config().update('batchStudio.api.project', 'proj_e2e_user', Global);
      mark = (await headersSince(0)).all.length;
      assert.strictEqual(await vscode.commands.executeCommand('batchStudio.refreshBatches'), true, 'the list refreshes');
      sent = (await headersSince(mark)).since;
      assert.ok(sent.length > 0, 'the refresh reached the emulator');
      assert.deepStrictEqual(
        sent.map(({ organization, project }) => ({ organization, project })),
        sent.map(() => ({ organization: 'org-e2e-user', project: 'proj_e2e_user' })),
      );

      // A plain http:// URL on another machine is refused: the workspace's opt-in counts for nothing.
      await config().update('batchStudio.api.baseUrl', 'http://batch-api.e2e.invalid:4000/v1', Global);
      mark = (await headersSince(0)).all.length;
      await vscode.commands.executeCommand('batchStudio.refreshBatches');
      const refused = await snapshot();
      assert.match(
        refused.error ?? '',
        /^batchStudio\.api\.baseUrl is http:\/\/batch-api\.e2e\.invalid:4000\/v1, a plain http:\/\/ address on another machine: your API key would cross the network unencrypted\..*batchStudio\.api\.allowInsecureHttp/,
      );
      assert.deepStrictEqual(
        refused.items.map((item) => item.label),
        ['Not connected'],
        'no batches, the reason instead',
      );
    } finally {
      if (override === undefined) delete process.env.BATCH_STUDIO_API_BASE_URL;
      else process.env.BATCH_STUDIO_API_BASE_URL = override;
      await vscode.workspace.fs.writeFile(settingsFile, Buffer.from('{}\n'));
      for (const section of ['batchStudio.api.baseUrl', 'batchStudio.api.organization', 'batchStudio.api.project'])
        await config().update(section, undefined, Global);
      await waitUntil(
        () => (workspaceValue('batchStudio.explorer.refreshIntervalSeconds') === undefined ? true : undefined),
        'VS Code to drop the workspace settings',
      );
    }
  });

  it('forgets the key on Clear API Key and shows how to connect again', async () => {
    await messages(true);
    await vscode.commands.executeCommand('batchStudio.clearApiKey');
    findMessage(await messages(true), 'notification', /^API key removed\. Batch Studio has no key now\.$/);
    const snap = await snapshot();
    assert.deepStrictEqual(
      { hasApiKey: snap.hasApiKey, connection: snap.connection, items: snap.items },
      { hasApiKey: false, connection: null, items: [] },
      'an empty tree again, so the view shows its welcome text',
    );
    await screenshot('explorer-key-cleared');
  });
});
