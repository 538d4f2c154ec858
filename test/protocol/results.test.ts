import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, InlayHint, InlayHintLabelPart, Location, Position } from 'vscode-languageserver-protocol';
import {
  ResultFilesChangedNotification,
  ResultLinksNotification,
  type ResultsAnswer,
  ResultsChangedNotification,
  ResultsRequest,
} from '../../common/src/protocol';
import { TestClient } from '../helpers/lspClient';
import { chatRequest, chatResult, httpErrorResult, reviewBatch, unrunResult } from '../helpers/resultLines';

const input = [
  chatRequest('req-1', 'Summarise the first review.'),
  chatRequest('fail-2', 'Summarise the second review.'),
  chatRequest('req-3', 'Summarise the third review.'),
  chatRequest('req-4', 'Summarise the fourth review.'),
];
const output = [chatResult('req-1', 'A happy customer.', { prompt: 1200, completion: 34 })];
const errors = [httpErrorResult('fail-2', 429, 'rate_limit_exceeded', 'Rate limit reached for requests.'), unrunResult('req-4')];

const uriOf = (file: string) => pathToFileURL(file).href;

describe('results beside their requests over LSP', function () {
  this.timeout(60_000);
  let client: TestClient;
  let dir: string;
  let inputUri: string;
  let outputUri: string;
  let errorsUri: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-results-'));
    const write = (name: string, lines: string[]) => {
      fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
      return uriOf(path.join(dir, name));
    };
    inputUri = write('run.jsonl', input);
    outputUri = write('run.output.jsonl', output);
    errorsUri = write('run.errors.jsonl', errors);
  });

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    TestClient.start({
      settings: { validation: { delayMs: 0 } },
      capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true } } },
    });
  const hints = (uri: string, lines = 100) =>
    client.connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
    });
  const hover = (uri: string, position: Position) =>
    client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  const definition = async (uri: string, position: Position): Promise<Location[]> => {
    const found = await client.connection.sendRequest<Location | Location[] | null>('textDocument/definition', {
      textDocument: { uri },
      position,
    });
    return found === null ? [] : Array.isArray(found) ? found : [found];
  };
  /** Inside the custom_id value of a line. */
  const idAt = (lines: string[], line: number): Position => ({ line, character: lines[line].indexOf('"custom_id":"') + 15 });
  const label = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));
  const markdown = (found: Hover | null) =>
    found && typeof found.contents === 'object' && 'value' in found.contents ? found.contents.value : '';
  const at = (location: Location) => [location.uri, location.range.start.line];

  it('marks each request line with its outcome, at its end, linked to the result line', async () => {
    client = await start();
    client.open(inputUri, `${input.join('\n')}\n`);
    const found = await hints(inputUri);
    assert.ok(found);
    assert.deepEqual(
      found.map((h) => [h.position.line, h.position.character, label(h)]),
      [
        [0, input[0].length, '✓ 200 · 1,234 tok'],
        [1, input[1].length, '✗ 429 rate_limit_exceeded'],
        [2, input[2].length, 'not run'],
        [3, input[3].length, '✗ batch_expired'],
      ],
    );
    const parts = found.map((h) => (h.label as InlayHintLabelPart[])[0]);
    assert.deepEqual(parts[0].location && at(parts[0].location), [outputUri, 0]);
    assert.deepEqual(parts[1].location && at(parts[1].location), [errorsUri, 0]);
    assert.equal(parts[2].location, undefined, 'nothing to go to for a request that did not run');
    assert.match(JSON.stringify(parts[2].tooltip), /no line of `run\.output\.jsonl`, `run\.errors\.jsonl` has this custom_id/);

    // Only the lines asked for; none in the output file, nor in an input without results.
    const some = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: inputUri },
      range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
    });
    assert.deepEqual(
      some.map((h) => h.position.line),
      [1, 2],
    );
    client.open(outputUri, `${output.join('\n')}\n`);
    assert.deepEqual((await hints(outputUri)) ?? [], []);
    const lonely = uriOf(path.join(dir, 'lonely.jsonl'));
    fs.writeFileSync(path.join(dir, 'lonely.jsonl'), `${input[0]}\n`);
    client.open(lonely, `${input[0]}\n`);
    assert.deepEqual((await hints(lonely)) ?? [], []);
  });

  it('shows the result when hovering a custom_id: the reply, the tokens, the error', async () => {
    client = await start();
    client.open(inputUri, `${input.join('\n')}\n`);
    const ok = markdown(await hover(inputUri, idAt(input, 0)));
    assert.match(ok, /\*\*Result: ✓ 200\*\* — run\\\.output\\\.jsonl, line 1/);
    assert.match(ok, /> A happy customer\\\./);
    assert.match(ok, /Tokens: 1,234 tokens \(1,200 in, 34 out\)/);
    assert.match(
      markdown(await hover(inputUri, idAt(input, 1))),
      /✗ 429 rate\\_limit\\_exceeded.*\n\n> Rate limit reached for requests\\\./,
    );
    assert.match(markdown(await hover(inputUri, idAt(input, 2))), /\*\*Result: not run\*\*/);
    assert.match(markdown(await hover(inputUri, idAt(input, 3))), /batch\\_expired[\s\S]*completion window expired/);
    // The schema's hover on the key keeps its place above the result.
    const onKey = markdown(await hover(inputUri, { line: 0, character: 3 }));
    assert.match(onKey, /^\*\*custom_id\*\*[\s\S]*\n---\n\n\*\*Result: ✓ 200\*\*/);
    // Elsewhere on the line, no result.
    assert.doesNotMatch(markdown(await hover(inputUri, { line: 0, character: input[0].indexOf('"model"') + 2 })), /Result/);
  });

  it('goes from a request to its result and back, also when the input is not open', async () => {
    client = await start();
    client.open(outputUri, `${output.join('\n')}\n`);
    client.open(errorsUri, `${errors.join('\n')}\n`);
    // The input is read from disk.
    assert.deepEqual((await definition(outputUri, idAt(output, 0))).map(at), [[inputUri, 0]]);
    assert.deepEqual((await definition(errorsUri, idAt(errors, 1))).map(at), [[inputUri, 3]]);
    const back = (await definition(errorsUri, idAt(errors, 0)))[0];
    assert.equal(input[1].slice(back.range.start.character, back.range.end.character), '"fail-2"');

    client.open(inputUri, `${input.join('\n')}\n`);
    assert.deepEqual((await definition(inputUri, idAt(input, 0))).map(at), [[outputUri, 0]]);
    assert.deepEqual((await definition(inputUri, idAt(input, 3))).map(at), [[errorsUri, 1]]);
    const there = (await definition(inputUri, idAt(input, 1)))[0];
    assert.equal(errors[0].slice(there.range.start.character, there.range.end.character), '"fail-2"');
    // A request that did not run has only itself, its first use.
    assert.deepEqual((await definition(inputUri, idAt(input, 2))).map(at), [[inputUri, 2]]);

    // In a result file, hover shows the request and the whole result; no problems are reported there.
    const shown = markdown(await hover(outputUri, idAt(output, 0)));
    assert.match(shown, /\*\*Request\*\* — run\\\.jsonl, line 1\n\n> Summarise the first review\\\./);
    assert.match(shown, /> A happy customer\\\./);
    assert.deepEqual(await client.waitForDiagnostics(outputUri), []);
  });

  it('joins the requests with their results for Show Results, from the input or a result file', async () => {
    client = await start();
    const answer = await client.connection.sendRequest(ResultsRequest.type, { uri: inputUri });
    assert.equal(answer.inputUri, inputUri);
    assert.deepEqual(answer.resultUris, [outputUri, errorsUri]);
    assert.deepEqual(
      answer.rows.map((r) => [r.line, r.customId, r.status, r.statusCode, r.error, r.prompt, r.reply, r.tokens?.total ?? null]),
      [
        [0, 'req-1', 'succeeded', 200, null, 'Summarise the first review.', 'A happy customer.', 1234],
        [1, 'fail-2', 'failed', 429, 'rate_limit_exceeded', 'Summarise the second review.', 'Rate limit reached for requests.', null],
        [2, 'req-3', 'not run', null, null, 'Summarise the third review.', '', null],
        [
          3,
          'req-4',
          'failed',
          null,
          'batch_expired',
          'Summarise the fourth review.',
          'This request could not be executed before the completion wi…',
          null,
        ],
      ],
    );
    assert.deepEqual(answer.totals, {
      requests: 4,
      succeeded: 1,
      failed: 2,
      notRun: 1,
      unmatched: 0,
      tokens: { input: 1200, output: 34, total: 1234 },
      unreadableLines: 0,
    });
    const fromErrors: ResultsAnswer = await client.connection.sendRequest(ResultsRequest.type, { uri: errorsUri, failuresOnly: true });
    assert.equal(fromErrors.inputUri, inputUri);
    assert.deepEqual(
      fromErrors.rows.map((r) => r.customId),
      ['fail-2', 'req-3', 'req-4'],
    );
    assert.deepEqual(fromErrors.totals, answer.totals, 'the totals count every request');

    // An output file whose input is not known: its results alone.
    const stray = path.join(dir, 'stray.output.jsonl');
    fs.writeFileSync(stray, `${output[0]}\nnot json\n[1]\n{"custom_id": "x"}\n`);
    const alone = await client.connection.sendRequest(ResultsRequest.type, { uri: uriOf(stray) });
    assert.equal(alone.inputUri, null);
    assert.deepEqual(
      alone.rows.map((r) => [r.line, r.customId, r.status]),
      [[null, 'req-1', 'succeeded']],
    );
    assert.equal(alone.totals.unreadableLines, 3);
    // A file that is not there is an error with the reason, and the server carries on.
    await assert.rejects(client.connection.sendRequest(ResultsRequest.type, { uri: uriOf(path.join(dir, 'nothing.output.jsonl')) }));
    assert.equal((await client.connection.sendRequest(ResultsRequest.type, { uri: inputUri })).rows.length, 4);
  });

  it('reads a result file again when it changes, and says which input to look at again', async () => {
    client = await start();
    const changed: string[][] = [];
    let refreshes = 0;
    client.connection.onNotification(ResultsChangedNotification.type, ({ inputs }) => void changed.push(inputs));
    client.connection.onRequest('workspace/inlayHint/refresh', () => {
      refreshes++;
      return null;
    });
    client.open(inputUri, `${input.join('\n')}\n`);
    assert.equal(label((await hints(inputUri))![2]), 'not run');

    fs.writeFileSync(path.join(dir, 'run.output.jsonl'), `${[output[0], chatResult('req-3', 'Late but fine.')].join('\n')}\n`);
    await client.connection.sendNotification(ResultFilesChangedNotification.type, { uris: [outputUri] });
    const deadline = Date.now() + 10_000;
    while (!changed.some((inputs) => inputs.includes(inputUri)) || refreshes === 0) {
      assert.ok(Date.now() < deadline, `the server announced the change (got ${JSON.stringify(changed)}, ${refreshes} refreshes)`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(label((await hints(inputUri))![2]), '✓ 200 · 17 tok');

    // Deleted: the results are gone.
    fs.rmSync(path.join(dir, 'run.output.jsonl'));
    fs.rmSync(path.join(dir, 'run.errors.jsonl'));
    await client.connection.sendNotification(ResultFilesChangedNotification.type, { uris: [outputUri, errorsUri] });
    assert.deepEqual((await hints(inputUri)) ?? [], []);
  });

  it('uses a results file linked to an input, whatever its name', async () => {
    client = await start();
    const linkedInput = uriOf(path.join(dir, 'reviews.jsonl'));
    fs.writeFileSync(path.join(dir, 'reviews.jsonl'), `${input.join('\n')}\n`);
    const downloaded = uriOf(path.join(dir, 'batch_abc_output.jsonl'));
    fs.writeFileSync(path.join(dir, 'batch_abc_output.jsonl'), `${output.join('\n')}\n`);
    client.open(linkedInput, `${input.join('\n')}\n`);
    assert.deepEqual((await hints(linkedInput)) ?? [], [], 'nothing is found by name');
    await client.connection.sendNotification(ResultLinksNotification.type, { links: [{ input: linkedInput, results: [downloaded] }] });
    assert.equal(label((await hints(linkedInput))![0]), '✓ 200 · 1,234 tok');
    client.open(downloaded, `${output.join('\n')}\n`);
    assert.deepEqual((await definition(downloaded, idAt(output, 0))).map(at), [[linkedInput, 0]]);
    // Malformed links are ignored.
    await client.connection.sendNotification(ResultLinksNotification.type, { links: [{ input: 3, results: 'x' }, null] } as never);
    assert.deepEqual((await hints(linkedInput)) ?? [], []);
    assert.equal(client.exited, false);
  });

  it('joins a 30 MB output file with its 50,000 requests in a few seconds', async function () {
    this.timeout(120_000);
    const count = 50_000;
    const { requests, results } = reviewBatch(count, 6);
    fs.writeFileSync(path.join(dir, 'big.jsonl'), `${requests.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'big.output.jsonl'), `${results.join('\n')}\n`);
    const size = fs.statSync(path.join(dir, 'big.output.jsonl')).size;
    assert.ok(size >= 30 * 1024 * 1024, `the output file is ${(size / 1024 / 1024).toFixed(1)} MB`);
    client = await start();
    const bigInput = uriOf(path.join(dir, 'big.jsonl'));

    let started = performance.now();
    const answer = await client.connection.sendRequest(ResultsRequest.type, { uri: bigInput });
    const cold = performance.now() - started;
    assert.equal(answer.rows.length, count);
    assert.equal(answer.totals.succeeded, count * 0.9);
    assert.equal(answer.totals.failed, count * 0.1);
    started = performance.now();
    const failures = await client.connection.sendRequest(ResultsRequest.type, { uri: bigInput, failuresOnly: true });
    const warm = performance.now() - started;
    assert.equal(failures.rows.length, count * 0.1);

    client.open(bigInput, `${requests.join('\n')}\n`);
    started = performance.now();
    const visible = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: bigInput },
      range: { start: { line: 30_000, character: 0 }, end: { line: 30_060, character: 0 } },
    });
    const opened = performance.now() - started;
    assert.equal(visible.length, 61);
    started = performance.now();
    const scrolled = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: bigInput },
      range: { start: { line: 40_000, character: 0 }, end: { line: 40_060, character: 0 } },
    });
    const hinted = performance.now() - started;
    assert.equal(label(scrolled[9]), '✗ 500 server_error');
    console.log(
      `      ${(size / 1024 / 1024).toFixed(1)} MB output, ${count.toLocaleString('en-US')} requests: joined in ${(cold / 1000).toFixed(2)} s from disk, ` +
        `${(warm / 1000).toFixed(2)} s again (failures only); inlay hints of 61 lines: ${opened.toFixed(0)} ms just after opening the input ` +
        `(its first analysis included), ${hinted.toFixed(0)} ms after scrolling`,
    );
    assert.ok(cold < 10_000, `joined in ${cold.toFixed(0)} ms`);
  });
});
