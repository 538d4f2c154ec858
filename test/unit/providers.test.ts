/** Providers: a file in another provider's batch format gets one problem that says so, and
 *  validation follows the chosen provider (OpenAI or Azure OpenAI): its urls, its request limit,
 *  `model` as a deployment name. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisPool, analyzeTexts } from '../../server/src/analysisPool';
import { requestTemplate } from '../../server/src/authoring';
import {
  AZURE_MAX_REQUESTS_PER_FILE,
  BatchDocument,
  bytesLineSource,
  checkRequest,
  DEFAULT_LIMITS,
  hoverAt,
  MAX_REQUESTS_PER_FILE,
  textLineSource,
  validateLines,
  validateModel,
  type ValidationOptions,
  type ValidationResult,
} from '../../server/src/core';
import { completions } from '../../server/src/lspAssist';
import { validateFile } from '../../server/src/validateFile';
import { requestLine } from '../helpers/requests';

/** This file runs from test/out/unit. */
const root = path.resolve(__dirname, '../../..');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test/fixtures', name), 'utf8');

const chat = (id: string, url = '/v1/chat/completions', extra: Record<string, unknown> = {}) =>
  requestLine(id, url, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });
const anthropic = (id: string) =>
  JSON.stringify({ custom_id: id, params: { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] } });
const gemini = (key: string) => JSON.stringify({ key, request: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] } });

/** The same text through an open document's model, a text and bytes. */
async function everyWay(name: string, text: string, options: ValidationOptions): Promise<ValidationResult[]> {
  const document = new BatchDocument(text);
  return [
    validateModel(document.model, document.lineText, name, options),
    await validateLines(textLineSource(name, text), options),
    await validateLines(bytesLineSource(name, Buffer.from(text, 'utf8')), options),
  ];
}

async function validate(text: string, options: ValidationOptions = {}, name = 'requests.jsonl'): Promise<ValidationResult> {
  const [first, ...others] = await everyWay(name, text, { maxProblems: Infinity, ...options });
  for (const other of others) assert.deepEqual(other, first, 'every way into the validation entry gives the same');
  return first;
}

const codes = (result: ValidationResult) => result.diagnostics.map((d) => `${d.line + 1}:${d.code}`);

describe('providers', () => {
  describe("another provider's batch file", () => {
    it('an Anthropic Message Batches file gets one error on its first line, naming the format and what OpenAI expects', async () => {
      const text = fixture('anthropic-batch.jsonl');
      for (const detection of ['auto', 'always'] as const) {
        const result = await validate(text, { detection });
        assert.equal(result.isBatch, true);
        assert.deepEqual(codes(result), ['1:other_provider_format']);
        const [problem] = result.diagnostics;
        assert.equal(problem.severity, 'error');
        assert.equal(text.split('\n')[0].slice(problem.start, problem.end), '"params"');
        assert.match(
          problem.message,
          /^This looks like an Anthropic Message Batches file \(custom_id \+ params\): all 4 lines are in that format\./,
        );
        assert.match(problem.message, /The OpenAI Batch API expects \{custom_id, method, url, body\} per line/);
        assert.deepEqual([result.summary.errors, result.summary.warnings, result.summary.requests], [1, 0, 4]);
      }
    });

    it('a Gemini batch file (key + request) gets one error naming Gemini, even without a custom_id', async () => {
      const text = fixture('gemini-batch.jsonl');
      const result = await validate(text, { detection: 'auto' });
      assert.equal(result.isBatch, true, 'auto detection takes it for a batch file');
      assert.deepEqual(codes(result), ['1:other_provider_format']);
      assert.equal(text.split('\n')[0].slice(result.diagnostics[0].start, result.diagnostics[0].end), '"request"');
      assert.match(result.diagnostics[0].message, /^This looks like a Gemini batch file \(key \+ request with contents\)/);
      assert.match(result.diagnostics[0].message, /\{custom_id, method, url, body\}/);
    });

    it('a Gemini file keyed by custom_id, with a method, is one too, on the first such line', async () => {
      const line = (id: string) => JSON.stringify({ custom_id: id, method: 'POST', request: { contents: [{ parts: [{ text: 'Hi' }] }] } });
      const result = await validate(['{"note": "header"}', line('a'), line('b'), line('c')].join('\n'));
      assert.deepEqual(codes(result), ['2:other_provider_format']);
      assert.match(result.diagnostics[0].message, /3 of 4 lines are in that format/);
    });

    it('the severity setting applies to the code', async () => {
      const result = await validate(fixture('anthropic-batch.jsonl'), { severity: { other_provider_format: 'warning' } });
      assert.deepEqual([result.diagnostics.map((d) => d.severity), result.summary.errors, result.summary.warnings], [['warning'], 0, 1]);
      assert.deepEqual(codes(await validate(fixture('anthropic-batch.jsonl'), { severity: { other_provider_format: 'off' } })), []);
    });

    it('a stray line in another format in an OpenAI file keeps its own problems', async () => {
      const result = await validate([chat('a'), chat('b'), anthropic('c')].join('\n'));
      assert.ok(!codes(result).includes('3:other_provider_format'));
      assert.ok(codes(result).includes('3:missing_required_parameter'));
    });

    it('follows edits: once most lines are OpenAI requests, the rest get their own problems', () => {
      const document = new BatchDocument([anthropic('a'), anthropic('b'), anthropic('c')].join('\n'));
      assert.deepEqual(
        document.diagnostics().map((d) => d.code),
        ['other_provider_format'],
      );
      document.applyEdit({
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: anthropic('b').length } },
        text: `${chat('a')}\n${chat('b')}`,
      });
      const after = document.diagnostics();
      assert.ok(!after.some((d) => d.code === 'other_provider_format'));
      assert.deepEqual([...new Set(after.map((d) => d.line))], [2]);
      document.applyEdit({
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: chat('b').length } },
        text: `${gemini('a')}\n${gemini('b')}`,
      });
      assert.deepEqual(
        document.diagnostics().map((d) => `${d.line}:${d.code}`),
        ['0:other_provider_format'],
      );
    });

    it('is recognised the same when lines are analysed on worker threads', async function () {
      this.timeout(60_000);
      const pool = new AnalysisPool(path.join(root, 'server/out/cli.js'), { workers: 1 });
      const dir = fs.mkdtempSync(path.join(root, 'test/out/providers-'));
      try {
        const facts = await analyzeTexts(pool, [anthropic('a'), gemini('b'), chat('c')], DEFAULT_LIMITS);
        assert.deepEqual(
          facts.map((f) => f.otherFormat),
          ['anthropic', 'gemini', undefined],
        );
        const file = path.join(dir, 'gemini.jsonl');
        fs.writeFileSync(file, Array.from({ length: 200 }, (_, i) => gemini(`k${i}`)).join('\n'));
        const result = await validateFile(file, { maxProblems: Infinity }, { pool, minPoolBytes: 0, rangeBytes: 1024 });
        assert.deepEqual(codes(result), ['1:other_provider_format']);
        assert.match(result.diagnostics[0].message, /all 200 lines are in that format/);
      } finally {
        await pool.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('leaves fine-tuning data and output files alone, as before', async () => {
      const fineTuning = JSON.stringify({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
        ],
      });
      const output = JSON.stringify({ id: 'batch_req_1', custom_id: 'a', response: { status_code: 200, body: {} }, error: null });
      const geminiOutput = JSON.stringify({ key: 'a', response: { candidates: [] } });
      for (const text of [fineTuning, output, geminiOutput])
        assert.equal((await validate(text, { detection: 'auto' })).isBatch, false, text);
    });
  });

  describe('Azure OpenAI', () => {
    it("accepts Azure's urls, /chat/completions, /embeddings and /responses and their /v1 forms, only under azure", async () => {
      const bodies: Record<string, Record<string, unknown>> = {
        '/chat/completions': { model: 'my-deployment', messages: [{ role: 'user', content: 'Hi' }] },
        '/embeddings': { model: 'my-deployment', input: 'Hi' },
        '/responses': { model: 'my-deployment', input: 'Hi' },
      };
      for (const [url, body] of Object.entries(bodies)) {
        for (const form of [url, `/v1${url}`]) {
          const text = [requestLine('a', form, body), requestLine('b', form, body)].join('\n');
          const azure = await validate(text, { provider: 'azure' });
          assert.deepEqual(codes(azure), [], `${form} under azure`);
          assert.equal(azure.summary.endpoint, form);
          const openai = await validate(text);
          assert.deepEqual(codes(openai), form === url ? ['1:unsupported_url', '2:unsupported_url'] : [], `${form} under openai`);
        }
      }
    });

    it("under openai, Azure's url form is unsupported_url with the /v1 endpoint as its fix", async () => {
      const line = chat('a', '/chat/completions');
      const result = await validate(line);
      assert.deepEqual(codes(result), ['1:unsupported_url']);
      const [problem] = result.diagnostics;
      assert.equal(line.slice(problem.start, problem.end), '"/chat/completions"');
      assert.equal(problem.param, 'url');
      assert.match(problem.message, /Did you mean "\/v1\/chat\/completions"\?/);
      assert.match(problem.message, /azure provider/);
      assert.deepEqual(problem.data?.replacements, ['"/v1/chat/completions"']);
      assert.equal(result.summary.endpoint, null);
    });

    it('under azure, an endpoint only OpenAI runs is unsupported_url; a url neither runs is reported as before', async () => {
      const moderation = requestLine('a', '/v1/moderations', { input: 'Hi' });
      assert.deepEqual(codes(await validate(moderation)), []);
      const azure = await validate(moderation, { provider: 'azure' });
      assert.deepEqual(codes(azure), ['1:unsupported_url']);
      assert.match(
        azure.diagnostics[0].message,
        /not an endpoint Azure OpenAI runs batches for; use one of \/chat\/completions, \/embeddings, \/responses, \/v1\/chat\/completions/,
      );
      const typo = await validate(chat('a', '/v1/chat/completion'), { provider: 'azure' });
      assert.deepEqual(codes(typo), ['1:unsupported_url']);
      assert.match(typo.diagnostics[0].message, /Did you mean "\/v1\/chat\/completions"/);
    });

    it("checks an Azure line's body by its endpoint's schema, under either provider", async () => {
      const line = chat('a', '/chat/completions', { temprature: 1, stream: true });
      assert.deepEqual(codes(await validate(line, { provider: 'azure' })), ['1:unknown_parameter', '1:streaming_unsupported']);
      const embeddings = requestLine('a', '/embeddings', { model: 'my-deployment', input: Array.from({ length: 2049 }, () => 'x') });
      assert.deepEqual(codes(await validate(embeddings, { provider: 'azure' })), ['1:too_many_embedding_inputs']);
    });

    it('one endpoint per file: /chat/completions and /v1/chat/completions in one Azure file is invalid_url on the minority', async () => {
      const text = [chat('a', '/chat/completions'), chat('b', '/chat/completions'), chat('c')].join('\n');
      const result = await validate(text, { provider: 'azure' });
      assert.deepEqual(codes(result), ['3:invalid_url']);
      assert.match(result.diagnostics[0].message, /the file's endpoint is \/chat\/completions \(2 of 3 requests\)/);
    });

    it('allows 100,000 requests per file under azure, 50,000 under openai', async () => {
      assert.equal(AZURE_MAX_REQUESTS_PER_FILE, 100_000);
      const line = (i: number) =>
        `{"custom_id":"r${i}","method":"POST","url":"/v1/chat/completions","body":{"model":"d","messages":[{"role":"user","content":"x"}]}}`;
      const lines = Array.from({ length: AZURE_MAX_REQUESTS_PER_FILE + 1 }, (_, i) => line(i));
      const text = (count: number) => lines.slice(0, count).join('\n');
      const over = async (count: number, provider: 'openai' | 'azure') => {
        const result = await validateLines(textLineSource('big.jsonl', text(count)), { provider, maxProblems: Infinity });
        return result.diagnostics.filter((d) => d.code === 'too_many_requests');
      };
      const openai = await over(MAX_REQUESTS_PER_FILE + 1, 'openai');
      assert.deepEqual(
        openai.map((d) => d.line),
        [MAX_REQUESTS_PER_FILE],
      );
      assert.deepEqual(await over(MAX_REQUESTS_PER_FILE + 1, 'azure'), []);
      assert.deepEqual(await over(AZURE_MAX_REQUESTS_PER_FILE, 'azure'), []);
      const azure = await over(AZURE_MAX_REQUESTS_PER_FILE + 1, 'azure');
      assert.deepEqual(
        azure.map((d) => d.line),
        [AZURE_MAX_REQUESTS_PER_FILE],
      );
      assert.match(azure[0].message, /The file has 100,001 requests; an Azure OpenAI batch may hold at most 100,000\./);
    });

    it("keeps a caller's own request limit under azure", async () => {
      const text = [chat('a'), chat('b'), chat('c')].join('\n');
      const result = await validateLines(textLineSource('small.jsonl', text), { provider: 'azure', limits: { requestsPerFile: 2 } });
      assert.deepEqual(codes(result), ['3:too_many_requests']);
    });

    it('hover calls the model a deployment name under azure, never an unknown model', () => {
      const line = chat('a', '/chat/completions');
      const at = line.indexOf('gpt-4o-mini') + 1;
      const azure = hoverAt(line, at, { provider: 'azure' });
      assert.match(azure?.markdown ?? '', /On Azure OpenAI, `gpt-4o-mini` is the name of your batch deployment/);
      const deployment = chat('a', '/chat/completions').replace('gpt-4o-mini', 'team-x-batch');
      const unknown = hoverAt(deployment, deployment.indexOf('team-x-batch') + 1, { provider: 'azure' });
      assert.doesNotMatch(unknown?.markdown ?? '', /not among the models/);
      assert.match(unknown?.markdown ?? '', /team-x-batch/);
      const key = hoverAt(line, line.indexOf('"model"') + 1, { provider: 'azure' });
      assert.match(key?.markdown ?? '', /the name of your batch deployment/);
      assert.match(
        hoverAt(deployment, deployment.indexOf('team-x-batch') + 1)?.markdown ?? '',
        /not among the models Batch Studio knows/,
        'openai: as before',
      );
    });

    it("writes the next request of an Azure file in its own url form: Add Request and the empty line's completion", () => {
      const text = fixture('azure-chat.jsonl');
      const document = new BatchDocument(text);
      const template = requestTemplate(document, {}, 'azure');
      assert.deepEqual([template?.customId, template?.endpoint, template?.model], ['task-4', '/chat/completions', 'my-gpt-4o-mini-batch']);
      assert.match(
        template?.snippet ?? '',
        /"url": "\/chat\/completions", "body": \{"model": "my-gpt-4o-mini-batch", "messages": \[\{"role": "user"/,
      );
      assert.equal(requestTemplate(document, {}), null, 'openai: the file has no endpoint OpenAI runs, so Add Request asks');
      const lastLine = text.split('\n').length - 1;
      const [item, ...others] = completions(document, { line: lastLine, character: 0 }, { provider: 'azure', snippets: true });
      assert.equal(others.length, 0);
      assert.equal(item.label, 'New request task-4');
      assert.match(item.textEdit?.newText ?? '', /"url": "\/chat\/completions"/);
    });

    it('a request opened for editing follows the provider too', () => {
      const request = JSON.stringify(JSON.parse(chat('a', '/chat/completions')), null, 2);
      assert.deepEqual(
        checkRequest(request).map((d) => d.code),
        ['unsupported_url'],
      );
      assert.deepEqual(checkRequest(request, undefined, 'azure'), []);
    });
  });
});
