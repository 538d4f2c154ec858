// Quick fixes and Fix All in the core: for each fault with one obvious repair, the edit the fix
// makes, that it is the preferred one, and that the repaired file validates without the problem.
import * as assert from 'node:assert/strict';
import {
  applyLineEdits,
  type BatchDiagnostic,
  BatchDocument,
  type DiagnosticCode,
  fixAll,
  type FixAllOptions,
  nextCustomId,
  type ProblemFix,
  problemFixes,
  validateText,
} from '../../server/src/core';
import { CustomIdSequence } from '../../server/src/core/nextCustomId';

const MESSAGES = [{ role: 'user', content: 'Hello' }];

const request = (row: Record<string, unknown>, body: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: 'a',
    method: 'POST',
    url: '/v1/chat/completions',
    ...row,
    body: { model: 'gpt-4o-mini', messages: MESSAGES, ...body },
  });

function diagnose(lines: readonly string[]): BatchDiagnostic[] {
  return validateText(lines.join('\n') + '\n');
}

function only(lines: readonly string[], code: DiagnosticCode): BatchDiagnostic {
  const found = diagnose(lines).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(diagnose(lines), null, 1)}`);
  return found[0];
}

function preferred(d: BatchDiagnostic): ProblemFix {
  const fixes = problemFixes(d);
  assert.equal(fixes.filter((f) => f.preferred).length, 1, `one preferred fix of ${d.code}: ${fixes.map((f) => f.title).join(', ')}`);
  assert.ok(fixes[0].preferred, 'the preferred fix comes first');
  return fixes[0];
}

function apply(lines: readonly string[], d: BatchDiagnostic, fix: ProblemFix): string[] {
  if (fix.deleteLine) return lines.filter((_, i) => i !== d.line);
  return lines.map((line, i) => (i === d.line ? applyLineEdits(line, fix.edits) : line));
}

/** The file after Fix All (or the Fix All of one code), as lines. */
function fixedFile(lines: readonly string[], options?: FixAllOptions): string[] {
  const document = new BatchDocument(lines.join('\n') + '\n');
  const out: (string | null)[] = document.getText().split('\n');
  for (const change of fixAll(document.model, document.lineText, document.diagnostics(), options)) out[change.line] = change.text;
  return out.filter((line): line is string => line !== null).slice(0, -1);
}

const codes = (lines: readonly string[]) => diagnose(lines).map((d) => d.code);

describe('quick fixes', () => {
  it('drops the host of a full URL, and says so instead of listing the endpoints', () => {
    const lines = [request({ url: 'https://api.openai.com/v1/chat/completions' })];
    const d = only(lines, 'unsupported_url');
    assert.equal(
      d.message,
      '"https://api.openai.com/v1/chat/completions" is a full URL, but a batch request names the endpoint alone: drop the host, "/v1/chat/completions".',
    );
    const fix = preferred(d);
    assert.equal(fix.title, 'Change to "/v1/chat/completions"');
    assert.equal(problemFixes(d).length, 1, 'no choice of other endpoints');
    const fixed = apply(lines, d, fix);
    assert.equal(fixed[0], request({}));
    assert.deepEqual(codes(fixed), []);
  });

  it('drops the host and corrects the path of a full URL with a typo', () => {
    const d = only([request({ url: 'https://api.openai.com/v1/chat/completion' })], 'unsupported_url');
    assert.match(
      d.message,
      /is a full URL and not an endpoint the Batch API can run: drop the host\. Did you mean "\/v1\/chat\/completions"\?$/,
    );
    assert.equal(preferred(d).title, 'Change to "/v1/chat/completions"');
  });

  it('adds "method": "POST" where it is missing, after custom_id, in the line\'s own spacing', () => {
    const spaced = [
      JSON.stringify({ custom_id: 'a', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: MESSAGES } }, null, 1).replace(
        /\n\s*/g,
        ' ',
      ),
    ];
    const d = only(spaced, 'missing_required_parameter');
    assert.equal(d.param, 'method');
    const fix = preferred(d);
    assert.equal(fix.title, 'Add "method": "POST"');
    const fixed = apply(spaced, d, fix);
    assert.match(fixed[0], /^\{ "custom_id": "a", "method": "POST", "url": /);
    assert.deepEqual(codes(fixed), []);

    const compact = ['{"url":"/v1/chat/completions","custom_id":"a","body":{"model":"gpt-4o-mini","messages":[]}}'];
    const inserted = apply(compact, only(compact, 'missing_required_parameter'), preferred(only(compact, 'missing_required_parameter')));
    assert.equal(
      inserted[0],
      '{"url":"/v1/chat/completions","custom_id":"a","method":"POST","body":{"model":"gpt-4o-mini","messages":[]}}',
    );

    // Without a custom_id, first; the missing custom_id itself has no obvious value.
    const first = ['{"url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}'];
    const [id, method] = diagnose(first).filter((x) => x.code === 'missing_required_parameter');
    assert.deepEqual([id.param, problemFixes(id)], ['custom_id', []]);
    assert.equal(
      apply(first, method, preferred(method))[0],
      '{"method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}',
    );
  });

  it('quotes a numeric custom_id, keeping its digits', () => {
    const lines = [request({ custom_id: 4 })];
    const d = only(lines, 'invalid_type');
    const fix = preferred(d);
    assert.equal(fix.title, 'Change to "4"');
    assert.deepEqual(fix.edits, [{ start: d.start, end: d.end, newText: '"4"' }]);
    assert.deepEqual(codes(apply(lines, d, fix)), []);
    const written = ['{"custom_id": 1.50, "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}'];
    assert.equal(preferred(only(written, 'invalid_type')).title, 'Change to "1.50"');
  });

  it('turns a numeric string into a number where the schema wants one', () => {
    const lines = [request({}, { temperature: '0.5', max_completion_tokens: '100' })];
    const found = diagnose(lines).filter((d) => d.code === 'invalid_type');
    assert.deepEqual(
      found.map((d) => [d.param, preferred(d).title]),
      [
        ['body.temperature', 'Change to 0.5'],
        ['body.max_completion_tokens', 'Change to 100'],
      ],
    );
    let fixed = lines;
    for (const d of [...found].reverse()) fixed = apply(fixed, d, preferred(d));
    assert.equal(fixed[0], request({}, { temperature: 0.5, max_completion_tokens: 100 }));
    assert.deepEqual(codes(fixed), []);
  });

  it('turns "true" or Python\'s "True" into a boolean where the schema wants one', () => {
    const lines = [request({}, { logprobs: 'True' })];
    const d = only(lines, 'invalid_type');
    assert.equal(preferred(d).title, 'Change to true');
    assert.deepEqual(codes(apply(lines, d, preferred(d))), []);
  });

  it('offers no number where the text is not plainly one', () => {
    for (const body of [{ temperature: 'warm' }, { max_completion_tokens: '1.5' }, { max_completion_tokens: '' }]) {
      const d = only([request({}, body)], 'invalid_type');
      assert.deepEqual(problemFixes(d), [], JSON.stringify(body));
    }
  });

  it('clamps a value out of range to the nearest bound', () => {
    for (const [temperature, bound] of [
      [3, '2'],
      [-1, '0'],
    ] as const) {
      const lines = [request({}, { temperature })];
      const d = only(lines, 'invalid_value');
      const fix = preferred(d);
      assert.equal(fix.title, `Change to ${bound}`);
      assert.deepEqual(codes(apply(lines, d, fix)), []);
    }
  });

  it('removes an unknown parameter; renames it first when a known one was meant', () => {
    const unknown = [request({ priority: 1 })];
    const top = only(unknown, 'unknown_parameter');
    const remove = preferred(top);
    assert.equal(remove.title, 'Remove "priority"');
    assert.equal(apply(unknown, top, remove)[0], request({}));

    const misspelt = [request({}, { temprature: 0.5 })];
    const d = only(misspelt, 'unknown_parameter');
    assert.deepEqual(
      problemFixes(d).map((f) => [f.title, f.preferred]),
      [
        ['Change to "temperature"', true],
        ['Remove "temprature"', false],
      ],
    );
    assert.equal(apply(misspelt, d, problemFixes(d)[1])[0], request({}));

    // Renaming to a parameter the body already has would only make a duplicate key.
    const both = [request({}, { temperature: 1, temprature: 0.5 })];
    const twice = only(both, 'unknown_parameter');
    assert.deepEqual(
      problemFixes(twice).map((f) => [f.title, f.preferred]),
      [['Remove "temprature"', true]],
    );
    assert.deepEqual(codes(apply(both, twice, preferred(twice))), []);
  });

  it('removes an unknown parameter wherever it stands, with the right comma', () => {
    for (const [line, expected] of [
      [
        '{"extra": 1, "custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}',
        '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}',
      ],
      [
        '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"input": "x", "zzz": 1, "model": "m"}}',
        '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"input": "x", "model": "m"}}',
      ],
      [
        '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x", "zzz": 1}}',
        '{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": "x"}}',
      ],
    ]) {
      const d = only([line], 'unknown_parameter');
      assert.equal(apply([line], d, preferred(d))[0], expected);
    }
  });

  it('removes "stream" (with stream_options) before setting it to false', () => {
    const lines = [request({}, { stream: true, stream_options: { include_usage: true } })];
    const d = only(lines, 'streaming_unsupported');
    assert.match(d.message, /remove "stream"/);
    assert.deepEqual(
      problemFixes(d).map((f) => [f.title, f.preferred]),
      [
        ['Remove "stream" and "stream_options"', true],
        ['Change to false', false],
      ],
    );
    const fixed = apply(lines, d, preferred(d));
    assert.equal(fixed[0], request({}));
    assert.deepEqual(codes(fixed), []);

    const first = [
      '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"stream": true, "model": "m", "messages": []}}',
    ];
    const d1 = only(first, 'streaming_unsupported');
    assert.equal(preferred(d1).title, 'Remove "stream"');
    assert.equal(
      apply(first, d1, preferred(d1))[0],
      '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m", "messages": []}}',
    );
  });

  it("gives a duplicate id the next free id in the file's numbering", () => {
    const lines = [request({ custom_id: 'req-1' }), request({ custom_id: 'req-1' })];
    const d = only(lines, 'duplicate_custom_id');
    const fix = preferred(d);
    assert.equal(fix.title, 'Change to "req-2"');
    assert.deepEqual(codes(apply(lines, d, fix)), []);

    // Each later use its own id, in line order, past the highest number of the file.
    const many = ['req-1', 'req-2', 'req-1', 'req-7', 'req-2', 'req-1'].map((id) => request({ custom_id: id }));
    const found = diagnose(many).filter((x) => x.code === 'duplicate_custom_id');
    assert.deepEqual(
      found.map((x) => [x.line, preferred(x).title]),
      [
        [2, 'Change to "req-8"'],
        [4, 'Change to "req-9"'],
        [5, 'Change to "req-10"'],
      ],
    );
  });

  it('deletes a blank line', () => {
    const lines = [request({ custom_id: 'a' }), '  ', request({ custom_id: 'b' })];
    const d = only(lines, 'blank_line');
    const fix = preferred(d);
    assert.equal(fix.deleteLine, true);
    assert.deepEqual(codes(apply(lines, d, fix)), []);
  });

  it("prefers the file's model for a mismatched one, but never applies it unseen", () => {
    const lines = [request({ custom_id: 'a' }), request({ custom_id: 'b' }, { model: 'gpt-4o' }), request({ custom_id: 'c' })];
    const fix = preferred(only(lines, 'mismatched_model'));
    assert.equal(fix.title, 'Change to "gpt-4o-mini"');
    assert.equal(fix.unattended, false);
  });

  it('offers a choice, none preferred, where several values are as likely', () => {
    const d = only([request({}, { messages: [{ role: 'x', content: 'hi' }] })], 'invalid_value');
    const fixes = problemFixes(d);
    assert.ok(fixes.length > 1);
    assert.ok(fixes.every((f) => !f.preferred && !f.unattended));
  });
});

describe('fix all', () => {
  const broken = [
    '{"custom_id": "req-1", "url": "https://api.openai.com/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "usr", "content": "a"}], "temperature": "3", "stream": true}}',
    '',
    '{"custom_id": 2, "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "b"}], "temprature": 1, "foo": 1, "bar": 2}}',
    '{"custom_id": "req-1", "method": "post", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "c"}]}}',
    '   ',
    '{"custom_id": "req-2", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "d"}], "max_completion_tokens": "64"}}',
  ];

  it('fixes a broken file in one go, down to what needs a decision', () => {
    assert.deepEqual(
      new Set(codes(broken)),
      new Set([
        'missing_required_parameter',
        'unsupported_url',
        'blank_line',
        'invalid_type',
        'unknown_parameter',
        'duplicate_custom_id',
        'invalid_value',
        'mismatched_model',
      ]),
    );
    const fixed = fixedFile(broken);
    assert.deepEqual(fixed, [
      '{"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "a"}], "temperature": 2}}',
      // The numeric id 2 becomes "2"; no other line has it.
      '{"custom_id": "2", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "b"}], "temperature": 1}}',
      '{"custom_id": "req-3", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "c"}]}}',
      '{"custom_id": "req-2", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "d"}], "max_completion_tokens": 64}}',
    ]);
    // The other model is a choice between two valid requests: left to the user.
    assert.deepEqual(codes(fixed), ['mismatched_model']);
  });

  it('renumbers duplicate ids uniquely across the file, and ids that a fix made strings', () => {
    const lines = [
      request({ custom_id: 'row-01' }),
      request({ custom_id: 'row-01' }),
      request({ custom_id: 2 }),
      request({ custom_id: 'row-02' }),
      request({ custom_id: 'row-02' }),
      request({ custom_id: 'row-03' }),
      request({ custom_id: 'row-01' }),
    ];
    const ids = fixedFile(lines).map((line) => (JSON.parse(line) as { custom_id: string }).custom_id);
    assert.deepEqual(ids, ['row-01', 'row-04', '2', 'row-02', 'row-05', 'row-03', 'row-06']);
    const collide = [request({ custom_id: '7' }), request({ custom_id: 7 }), request({ custom_id: 7 })];
    const renumbered = fixedFile(collide);
    assert.deepEqual(
      renumbered.map((line) => (JSON.parse(line) as { custom_id: string }).custom_id),
      ['7', '8', '9'],
    );
    assert.deepEqual(codes(renumbered), []);
  });

  it('fixes one kind of problem only, with its preferred fixes even where a choice is made', () => {
    const onlyBlank = fixedFile(broken, { code: 'blank_line' });
    assert.equal(onlyBlank.length, 4);
    assert.ok(!codes(onlyBlank).includes('blank_line'));
    assert.ok(codes(onlyBlank).includes('unsupported_url'));

    const models = fixedFile(broken, { code: 'mismatched_model' });
    assert.ok(!codes(models).includes('mismatched_model'));
    assert.deepEqual(models.length, broken.length);
  });

  it('leaves problems whose severity is off alone', () => {
    const fixed = fixedFile(broken, { reported: (code) => code !== 'blank_line' && code !== 'unknown_parameter' });
    assert.ok(fixed.includes(''), 'blank lines kept');
    assert.match(fixed.join('\n'), /"temprature": 1, "foo": 1, "bar": 2/);
    assert.ok(!codes(fixed).includes('unsupported_url'));
  });

  it('leaves a valid file as it is', () => {
    const lines = [request({ custom_id: 'a' }), request({ custom_id: 'b' })];
    const document = new BatchDocument(lines.join('\n'));
    assert.deepEqual(fixAll(document.model, document.lineText, document.diagnostics()), []);
  });
});

describe('custom id sequence', () => {
  it('continues the numbering nextCustomId starts, skipping ids in use and handed out', () => {
    const sequence = new CustomIdSequence(['req-1', 'req-3', 'req-5']);
    assert.equal(nextCustomId(['req-1', 'req-3', 'req-5']), 'req-6');
    assert.ok(sequence.take('req-7'));
    assert.ok(!sequence.take('req-3'));
    assert.deepEqual([sequence.next(), sequence.next(), sequence.next()], ['req-6', 'req-8', 'req-9']);
  });

  it('keeps padding and compares long numbers exactly', () => {
    assert.equal(new CustomIdSequence(['task_0098', 'task_0099']).next(), 'task_0100');
    assert.equal(new CustomIdSequence(['n-99999999999999999998', 'n-99999999999999999999']).next(), 'n-100000000000000000000');
  });

  it('numbers the copy of an unnumbered id after it', () => {
    const sequence = new CustomIdSequence(['alpha', 'beta', 'alpha-2']);
    assert.deepEqual([sequence.nextFor('alpha'), sequence.nextFor('alpha')], ['alpha-3', 'alpha-4']);
  });
});
