import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  assertRange,
  CODES,
  codeOf,
  findDiagnostic,
  openFixture,
  rangeOf,
  screenshot,
  SOURCE,
  summarize,
  waitForCodes,
  WARNING_CODES,
} from './helpers';

// broken-batch.jsonl, by 0-based line: 2 repeats line 0's custom_id, 3 has a numeric custom_id,
// 4 misspells temperature, 5 is blank.
describe('diagnostics on a broken batch file', () => {
  let document: vscode.TextDocument;
  let diagnostics: vscode.Diagnostic[];

  before(async () => {
    document = await openFixture('broken-batch.jsonl');
    diagnostics = await waitForCodes(document.uri, ['duplicate_custom_id', 'invalid_type', 'unknown_parameter', 'blank_line']);
  });

  it('underlines exactly the problems in the file', async () => {
    assert.deepStrictEqual(summarize(diagnostics), ['3:duplicate_custom_id', '4:invalid_type', '5:unknown_parameter', '6:blank_line']);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('broken-batch');
  });

  it('labels every problem with the contract source, code and severity', () => {
    for (const d of diagnostics) {
      const code = codeOf(d);
      assert.strictEqual(d.source, SOURCE, `source of ${code}`);
      assert.strictEqual(typeof d.code === 'object' ? typeof d.code.value : typeof d.code, 'string', `code ${code} is a string`);
      assert.ok(CODES.includes(code), `${code} is a documented code`);
      const expected = WARNING_CODES.has(code) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      assert.strictEqual(d.severity, expected, `severity of ${code}`);
      assert.ok(d.message.trim().length > 0, `${code} has a message`);
    }
  });

  it('marks a repeated custom_id on its second use and links to the first', () => {
    const duplicate = findDiagnostic(diagnostics, 'duplicate_custom_id', 2);
    assertRange(duplicate.range, rangeOf(document, 2, '"request-1"'), 'duplicate_custom_id');
    assert.strictEqual(duplicate.severity, vscode.DiagnosticSeverity.Error);
    const related = duplicate.relatedInformation ?? [];
    assert.strictEqual(related.length, 1, 'one related location: the first use');
    assert.strictEqual(related[0].location.uri.toString(), document.uri.toString(), 'related location is in the same file');
    assertRange(related[0].location.range, rangeOf(document, 0, '"request-1"'), 'related location');
  });

  it('reports a numeric custom_id as invalid_type on the number', () => {
    const invalid = findDiagnostic(diagnostics, 'invalid_type', 3);
    assertRange(invalid.range, rangeOf(document, 3, '123'), 'invalid_type');
    assert.strictEqual(invalid.severity, vscode.DiagnosticSeverity.Error);
  });

  it('warns about a misspelt parameter and names the right one', () => {
    const unknown = findDiagnostic(diagnostics, 'unknown_parameter', 4);
    assertRange(unknown.range, rangeOf(document, 4, '"temprature"'), 'unknown_parameter');
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unknown.message, /temperature/, 'the message suggests "temperature"');
  });

  it('warns about a blank line in the middle of the file', () => {
    const blank = findDiagnostic(diagnostics, 'blank_line', 5);
    assert.strictEqual(blank.severity, vscode.DiagnosticSeverity.Warning);
  });
});
