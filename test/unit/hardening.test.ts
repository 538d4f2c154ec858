// Faults found by throwing bad input at the core (issue 12): lines of whitespace JSON does not
// allow, a line emptied after a lone \r, and a syntax error in a line nested too deeply.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  analyzeLine,
  BatchDocument,
  bytesLineSource,
  checkRequest,
  textLineSource,
  validateLines,
  validateModel,
  validateText,
  type ValidationResult,
} from '../../server/src/core';
import { validateFile } from '../../server/src/validateFile';
import { requestLine } from '../helpers/requests';

const root = path.resolve(__dirname, '../../..');
const chat = (id: string) => requestLine(id, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

const FOREIGN_WHITESPACE: [string, string, RegExp][] = [
  ['\u00a0', 'U+00A0', /U\+00A0/],
  ['\u3000', 'U+3000', /U\+3000/],
  ['\ufeff', 'U+FEFF', /U\+FEFF/],
  ['\u2028', 'U+2028', /U\+2028/],
  ['\u2029', 'U+2029', /U\+2029/],
  ['\v', '\\v', /vertical tab/],
  ['\f', '\\f', /form feed/],
];

describe('whitespace JSON does not allow', () => {
  for (const [space, label, name] of FOREIGN_WHITESPACE) {
    it(`a line of ${label} is an error naming the character, not a blank line`, () => {
      for (const line of [space, `  ${space}\t`, space + space]) {
        assert.throws(() => JSON.parse(line));
        const facts = analyzeLine(line);
        assert.equal(facts.blank, false);
        assert.equal(facts.problems.length, 1);
        const [problem] = facts.problems;
        assert.equal(problem.code, 'invalid_json_line');
        assert.equal(line[problem.start], space, 'the range is the character');
        assert.equal(problem.end, problem.start + 1);
        assert.match(problem.message, name);
        assert.match(problem.message, /only space, tab, CR and LF/);
      }
    });
  }

  it("names the character inside an object too, and in a request's text", () => {
    const [problem] = analyzeLine('{\u00a0"custom_id": "a"}').problems;
    assert.equal(problem.start, 1);
    assert.match(problem.message, /U\+00A0.*only whitespace is space, tab, CR and LF/);
    const [request] = checkRequest('\u3000');
    assert.equal(request.code, 'invalid_json_line');
    assert.match(request.message, /U\+3000/);
  });

  it('leaves lines of space and tab blank', () => {
    for (const line of ['', ' ', '\t', ' \t  ']) assert.equal(analyzeLine(line).blank, true, JSON.stringify(line));
  });

  it('counts the line as a request, as the API does, on every path (editor, text, bytes, file, command line)', async () => {
    const text = [chat('a'), '\u00a0', chat('b'), chat('c'), ''].join('\n');
    const options = { detection: 'auto' as const, maxProblems: Infinity, limits: { requestsPerFile: 2 } };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-studio-hardening-'));
    try {
      const file = path.join(dir, 'batch.jsonl');
      fs.writeFileSync(file, text);
      const document = new BatchDocument(text, options.limits);
      const results: ValidationResult[] = [
        validateModel(document.model, document.lineText, 'batch.jsonl', options),
        await validateLines(textLineSource('batch.jsonl', text), options),
        await validateLines(bytesLineSource('batch.jsonl', Buffer.from(text, 'utf8')), options),
        (({ file: _file, ...result }) => result)(await validateFile(file, options)),
      ];
      for (const result of results) {
        assert.deepEqual(
          result.diagnostics.map((d) => `${d.line + 1}:${d.code}`),
          ['2:invalid_json_line', '3:too_many_requests'],
        );
        assert.equal(result.summary.requests, 4);
      }
      const cli = spawnSync(process.execPath, [path.join(root, 'server/out/cli.js'), 'lint', file], { encoding: 'utf8' });
      assert.equal(cli.status, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, /batch\.jsonl:2:1\s+error\s+.*U\+00A0.*invalid_json_line/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an edit after a lone \\r', () => {
  it('emptying the line after a lone \\r joins its \\n into one \\r\\n', () => {
    const line = chat('a');
    const document = new BatchDocument(`{}\r${line}\n`);
    assert.equal(document.lineCount, 3);
    document.applyEdit({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: line.length } }, text: '' });
    const fresh = new BatchDocument('{}\r\n');
    assert.equal(document.getText(), '{}\r\n');
    assert.equal(document.lineCount, fresh.lineCount);
    assert.deepEqual(document.diagnostics(), fresh.diagnostics());
    assert.deepEqual(document.diagnostics(), validateText('{}\r\n'));
    // and typing into the joined line's place again splits nothing that should not be split
    document.applyEdit({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: line });
    assert.equal(document.getText(), `{}\r\n${line}`);
    assert.deepEqual(document.diagnostics(), validateText(`{}\r\n${line}`));
  });
});

describe('a line nested too deeply', () => {
  it('places the syntax error where the nesting went past 1,000 levels, not at column 1', () => {
    for (const open of ['[', '{"a":']) {
      const line = open.repeat(20_000);
      const [problem] = analyzeLine(line).problems;
      assert.equal(problem.code, 'invalid_json_line');
      assert.equal(problem.start, open.length * 1000, open);
      assert.equal(problem.end, problem.start + 1);
      assert.match(problem.message, /nesting deeper than 1,000 levels at column \d+/);
    }
  });
});
