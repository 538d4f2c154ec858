// Providers in the real editor: a file written for Anthropic's Message Batches shows one problem
// that says so, and an Azure OpenAI file (url /chat/completions, a deployment as model) is clean
// once batchStudio.validation.provider is azure. The test writes its own files into the
// workspace and puts the setting back afterwards.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, summarize, testing, waitForDiagnostics, waitUntil } from './helpers';

const ANTHROPIC_FILE = 'providers-anthropic.jsonl';
const AZURE_FILE = 'providers-azure.jsonl';

const anthropicLine = (i: number) =>
  JSON.stringify({
    custom_id: `review-${i}`,
    params: { model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: `Review item ${i}.` }] },
  });
const azureLine = (i: number) =>
  JSON.stringify({
    custom_id: `task-${i}`,
    method: 'POST',
    url: '/chat/completions',
    body: { model: 'team-gpt-4o-mini-batch', messages: [{ role: 'user', content: `Question ${i}` }] },
  });

async function writeFile(name: string, lines: string[]): Promise<vscode.Uri> {
  const uri = fixtureUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(lines.join('\n') + '\n', 'utf8'));
  return uri;
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

const validation = () => vscode.workspace.getConfiguration('batchStudio.validation');

describe('providers', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [ANTHROPIC_FILE, AZURE_FILE]) await vscode.workspace.fs.delete(fixtureUri(name)).then(undefined, () => undefined);
  });

  it("shows one problem for a file in Anthropic's batch format, naming it, instead of errors on every line", async () => {
    const document = await open(await writeFile(ANTHROPIC_FILE, [1, 2, 3, 4, 5].map(anthropicLine)));
    const diagnostics = await waitForDiagnostics(document.uri, (list) => list.length > 0, 'the file to be checked');
    assert.deepStrictEqual(summarize(diagnostics), ['1:other_provider_format']);
    const [problem] = diagnostics;
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(document.getText(problem.range), '"params"');
    assert.match(
      problem.message,
      /^This looks like an Anthropic Message Batches file \(custom_id \+ params\): all 5 lines are in that format\./,
    );
    assert.match(problem.message, /The OpenAI Batch API expects \{custom_id, method, url, body\} per line/);
  });

  it('checks an Azure OpenAI file by Azure rules once batchStudio.validation.provider is azure', async () => {
    const document = await open(await writeFile(AZURE_FILE, [1, 2, 3].map(azureLine)));
    // By default (auto, following batchStudio.api.provider: openai) its url is OpenAI's unsupported_url.
    const openai = await waitForDiagnostics(document.uri, (list) => list.length === 3, 'three unsupported_url problems');
    assert.deepStrictEqual(summarize(openai), ['1:unsupported_url', '2:unsupported_url', '3:unsupported_url']);
    assert.match(openai[0].message, /the OpenAI Batch API needs "\/v1\/chat\/completions"/);
    const hooks = await testing();
    try {
      await validation().update('provider', 'azure', vscode.ConfigurationTarget.Workspace);
      const azure = await waitForDiagnostics(document.uri, (list) => list.length === 0, 'no problems under azure');
      assert.deepStrictEqual(azure.map(codeOf), []);
      const status = await waitUntil(
        () => (hooks.status()?.endpoint === '/chat/completions' ? hooks.status() : undefined),
        'the status item to show the Azure endpoint',
      );
      assert.deepStrictEqual(
        { requests: status?.requests, endpoint: status?.endpoint, model: status?.model },
        { requests: 3, endpoint: '/chat/completions', model: 'team-gpt-4o-mini-batch' },
      );
      // Hover on the model calls it a deployment, not an unknown model.
      const line = document.lineAt(0).text;
      const at = new vscode.Position(0, line.indexOf('team-gpt-4o-mini-batch') + 2);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a hover may hold either kind of content, and both keep their text in `value`
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /the name of your batch deployment/);
      assert.doesNotMatch(text, /not among the models/);
    } finally {
      await validation().update('provider', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const restored = await waitForDiagnostics(
      document.uri,
      (list) => list.length === 3,
      'the problems to come back with the setting restored',
    );
    assert.deepStrictEqual(summarize(restored), ['1:unsupported_url', '2:unsupported_url', '3:unsupported_url']);
  });
});
