/** The one validation entry: whichever way the lines arrive (an open document's model, a text, bytes,
 *  a file streamed from disk), the same settings give the same diagnostics and summary. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchDocument,
  bytesLineSource,
  type LineSource,
  textLineSource,
  validateLines,
  validateModel,
  type ValidationOptions,
  type ValidationResult,
} from '../../server/src/core';
import { validateFile } from '../../server/src/validateFile';
import { requestLine } from '../helpers/requests';

const chat = (id: unknown, extra: Record<string, unknown> = {}) =>
  requestLine(id as string, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });

/** Every way into the entry, for one text. */
async function everyWay(name: string, text: string, options: ValidationOptions): Promise<ValidationResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-validate-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const document = new BatchDocument(text);
    return [
      validateModel(document.model, document.lineText, name, options),
      await validateLines(textLineSource(name, text), options),
      await validateLines(bytesLineSource(name, Buffer.from(text, 'utf8')), options),
      (({ file: _file, ...result }) => result)(await validateFile(file, options)),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (result: ValidationResult) => result.diagnostics.map((d) => `${d.line + 1}:${d.code}:${d.severity}`);

describe('the validation entry', () => {
  const text = [chat('a'), chat(1), '', chat('a', { temprature: 1 }), chat('b', { stream: true })].join('\r') + '\r\n';

  it('gives the same diagnostics and summary for a document, a text, bytes and a file', async () => {
    const [document, ...others] = await everyWay('batch.jsonl', text, { detection: 'auto', maxProblems: Infinity });
    assert.deepEqual(codes(document), [
      '2:invalid_type:error',
      '3:blank_line:warning',
      '4:duplicate_custom_id:error',
      '4:unknown_parameter:warning',
      '5:streaming_unsupported:error',
    ]);
    assert.deepEqual(
      {
        isBatch: document.summary.isBatch,
        requests: document.summary.requests,
        problems: document.summary.problems,
        errors: document.summary.errors,
        warnings: document.summary.warnings,
      },
      { isBatch: true, requests: 4, problems: 5, errors: 3, warnings: 2 },
    );
    for (const other of others) assert.deepEqual(other, document);
  });

  it('applies severity overrides before counting, and caps what it returns but not the counts', async () => {
    const options: ValidationOptions = {
      severity: { blank_line: 'off', unknown_parameter: 'error', streaming_unsupported: 'info', bogus: 'off', invalid_type: 'loud' },
      maxProblems: 2,
    };
    for (const result of await everyWay('batch.jsonl', text, options)) {
      assert.deepEqual(codes(result), ['2:invalid_type:error', '4:duplicate_custom_id:error']);
      assert.deepEqual([result.summary.problems, result.summary.errors, result.summary.warnings, result.summary.infos], [4, 3, 0, 1]);
    }
  });

  it("takes the settings' defaults: auto detection, no overrides, at most 1000 problems", async () => {
    const many = Array.from({ length: 1200 }, (_, i) => chat(i)).join('\n');
    const [result] = await everyWay('batch.jsonl', many, {});
    assert.equal(result.diagnostics.length, 1000);
    assert.equal(result.summary.errors, 1200);
    const [notBatch] = await everyWay('train.jsonl', JSON.stringify({ messages: [] }), {});
    assert.equal(notBatch.isBatch, false);
    assert.deepEqual(notBatch.diagnostics, []);
    assert.equal(notBatch.summary.errors, 0);
  });

  it('reports bytes that are not UTF-8 for sources that read bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"custom_id": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('", "method": "POST", "url": "/v1/moderations", "body": {"input": "x"}}\n'),
    ]);
    const result = await validateLines(bytesLineSource('batch.jsonl', bytes), { detection: 'always' });
    assert.deepEqual(
      result.diagnostics.map((d) => [d.line, d.start, d.code]),
      [[0, 18, 'invalid_json_line']],
    );
    assert.match(result.diagnostics[0].message, /not valid UTF-8/);
    const off = await validateLines(bytesLineSource('batch.jsonl', bytes), { detection: 'always', severity: { invalid_json_line: 'off' } });
    assert.deepEqual(off.diagnostics, [], 'the UTF-8 fault is overridden like any other invalid_json_line');
  });

  it('checks the limits it is given', async () => {
    const lines = [chat('a'), chat('b'), chat('c')].join('\n');
    const result = await validateLines(textLineSource('batch.jsonl', lines), { limits: { requestsPerFile: 2 } });
    assert.deepEqual(codes(result), ['3:too_many_requests:error']);
    assert.match(result.diagnostics[0].message, /3 requests; a batch may hold at most 2/);
    const embeddings = requestLine('e', '/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b', 'c'] });
    const perRequest = await validateLines(textLineSource('batch.jsonl', embeddings), { limits: { embeddingInputsPerRequest: 2 } });
    assert.deepEqual(codes(perRequest), ['1:too_many_embedding_inputs:error']);
    assert.deepEqual(codes(documentResult(embeddings, { embeddingInputsPerRequest: 2 })), ['1:too_many_embedding_inputs:error']);
  });

  it('reads a source once, takes the few lines a cross-line problem needs back by number, and hands each line to onLine', async () => {
    let reads = 0;
    const asked: number[] = [];
    const counting = (text: string): LineSource => {
      const inner = textLineSource('batch.jsonl', text);
      return {
        name: inner.name,
        read: (onLine) => (reads++, inner.read(onLine)),
        lineText: (index) => (asked.push(index), inner.lineText?.(index)),
      };
    };
    const seen: string[] = [];
    await validateLines(counting([chat('a'), chat(1)].join('\n')), {
      onLine: (line, index, facts) => void seen.push(`${index}:${facts.customId ?? '-'}:${JSON.stringify(line.eol)}`),
    });
    assert.equal(reads, 1);
    assert.deepEqual(asked, [], 'a line problem carries its own range');
    assert.deepEqual(seen, ['0:a:"\\n"', '1:-:""']);
    reads = 0;
    const duplicate = await validateLines(counting([chat('a'), chat('b'), chat('a')].join('\n')));
    assert.equal(reads, 1, 'one pass');
    assert.deepEqual(asked.sort(), [0, 2], 'only the lines of the duplicate');
    assert.deepEqual(
      duplicate.diagnostics.map((d) => [d.line, d.code, d.start > 0]),
      [[2, 'duplicate_custom_id', true]],
    );
  });
});

/** A document with its own limits, through validateModel. */
function documentResult(text: string, limits: ConstructorParameters<typeof BatchDocument>[1]): ValidationResult {
  const document = new BatchDocument(text, limits);
  return validateModel(document.model, document.lineText, 'batch.jsonl');
}
