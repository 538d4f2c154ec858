import * as assert from 'node:assert/strict';
import type { Batch } from 'openai/resources/batches';
import { batchAccessibilityLabel, batchDescription, batchLabel, needsFileName, pickDescription } from '../../client/src/batch/labels';
import { batchRows } from '../../client/src/explorer/batchFields';
import { batchContextValue, batchTooltip, statusIcon } from '../../client/src/explorer/batchItem';
import { escapeMarkdown } from '../../client/src/util/escapeMarkdown';
import { batch } from '../helpers/clientBatches';

describe('client: how a batch looks in the explorer', () => {
  describe('label', () => {
    it('prefers metadata.description, then the input file name, then the fetched file name, then the id', () => {
      const b = batch({ metadata: { description: ' nightly eval ', input_file_name: 'run.jsonl' } });
      assert.equal(batchLabel(b, 'fetched.jsonl'), 'nightly eval');
      assert.equal(batchLabel(batch({ metadata: { input_file_name: 'run.jsonl' } }), 'fetched.jsonl'), 'run.jsonl');
      const bare = batch();
      assert.equal(needsFileName(bare), true);
      assert.equal(batchLabel(bare, 'fetched.jsonl'), 'fetched.jsonl');
      assert.equal(batchLabel(bare), bare.id);
      const noMetadata = batch({ metadata: null });
      assert.equal(batchLabel(noMetadata), noMetadata.id);
    });

    it('ignores blank metadata values', () => {
      const b = batch({ metadata: { description: '   ' } });
      assert.equal(batchLabel(b), b.id);
      assert.equal(needsFileName(b), true);
    });
  });

  describe('description', () => {
    it('shows the counts first, short, with the status after them unless the icon says completed', () => {
      assert.equal(
        batchDescription(batch({ status: 'in_progress', request_counts: { total: 1250, completed: 1234, failed: 2 } }), 'en'),
        '1,234/1,250 · 2 failed · in progress',
      );
      assert.equal(
        batchDescription(batch({ status: 'completed', request_counts: { total: 12, completed: 10, failed: 2 } }), 'en'),
        '10/12 · 2 failed',
      );
      assert.equal(batchDescription(batch({ status: 'completed', request_counts: { total: 3, completed: 3, failed: 0 } }), 'en'), '3/3');
      assert.equal(
        batchDescription(batch({ status: 'cancelled', request_counts: { total: 60, completed: 12, failed: 0 } }), 'en'),
        '12/60 · cancelled',
      );
      assert.equal(
        batchDescription(batch({ status: 'completed', request_counts: { total: 40000, completed: 40000, failed: 0 } }), 'de'),
        '40.000/40.000',
      );
    });
    it('counts the errors of a batch refused at validation', () => {
      const failed = batch({
        status: 'failed',
        request_counts: { total: 0, completed: 0, failed: 0 },
        errors: { data: [{ code: 'invalid_url', line: 2 }] },
      });
      assert.equal(batchDescription(failed, 'en'), '1 error · failed');
    });
    it('shows only the status before any request is counted', () => {
      assert.equal(
        batchDescription(batch({ status: 'validating', request_counts: { total: 0, completed: 0, failed: 0 } }), 'en'),
        'validating',
      );
      assert.equal(batchDescription(batch({ status: 'validating', request_counts: undefined }), 'en'), 'validating');
    });
    it('names the status in quick picks (no icon there) and for screen readers', () => {
      const running = batch({ status: 'in_progress', request_counts: { total: 200, completed: 21, failed: 1 } });
      assert.equal(pickDescription(running, 'en'), 'in progress · 21/200 · 1 failed');
      assert.equal(batchAccessibilityLabel(running, 'Nightly', 'en'), 'Nightly, in progress, 21 of 200 requests done, 1 failed');
    });
  });

  it('picks an icon and colour per status', () => {
    assert.deepEqual(statusIcon(batch({ status: 'in_progress' })), { id: 'sync~spin', color: 'charts.blue' });
    assert.deepEqual(statusIcon(batch({ status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 } })), {
      id: 'check',
      color: 'testing.iconPassed',
    });
    assert.equal(statusIcon(batch({ status: 'completed', request_counts: { total: 2, completed: 1, failed: 1 } })).id, 'warning');
    assert.equal(statusIcon(batch({ status: 'failed' })).id, 'error');
    assert.equal(statusIcon(batch({ status: 'cancelled' })).id, 'circle-slash');
    assert.equal(statusIcon(batch({ status: 'expired' })).id, 'watch');
  });

  it('drives menus through contextValue flags', () => {
    const running = batchContextValue(batch({ status: 'in_progress' }));
    assert.match(running, /^batch\b/);
    assert.match(running, /\bcancellable\b/);
    assert.doesNotMatch(running, /\bhasOutput\b/);
    const done = batchContextValue(
      batch({
        status: 'completed',
        output_file_id: 'file-out',
        error_file_id: 'file-err',
        request_counts: { total: 2, completed: 1, failed: 1 },
      }),
    );
    assert.doesNotMatch(done, /\bcancellable\b/);
    for (const flag of ['hasOutput', 'hasErrors', 'retryable', 'finished']) assert.match(done, new RegExp(`\\b${flag}\\b`));
    assert.doesNotMatch(
      batchContextValue(batch({ status: 'completed', output_file_id: 'f', request_counts: { total: 2, completed: 2, failed: 0 } })),
      /\bretryable\b/,
    );
    assert.match(batchContextValue(batch({ status: 'expired' })), /\bretryable\b/);
    assert.doesNotMatch(batchContextValue(batch({ status: 'failed' })), /\bretryable\b/);
  });

  describe('rows', () => {
    it('lists the fields that have a value, and leaves out empty groups', () => {
      const b = batch({
        status: 'completed',
        model: 'gpt-4o-mini',
        output_file_id: 'file-out',
        completed_at: 1_700_000_500,
        in_progress_at: 1_700_000_100,
        metadata: { description: 'd' },
        request_counts: { total: 3, completed: 3, failed: 0 },
      });
      const nulls = {
        ...b,
        error_file_id: null,
        failed_at: null,
        errors: null,
        usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
      } as unknown as Batch;
      const rows = batchRows(nulls, 'en');
      assert.deepEqual(
        rows.map((r) => r.label),
        [
          'status',
          'request_counts',
          'id',
          'endpoint',
          'model',
          'input_file_id',
          'output_file_id',
          'completion_window',
          'created_at',
          'in_progress_at',
          'completed_at',
          'metadata',
        ],
      );
      assert.equal(rows.find((r) => r.key === 'request_counts')!.value, '3/3');
      const completed = rows.find((r) => r.key === 'completed_at')!;
      assert.match(completed.value, /^\w{3} \d{1,2}, \d{4}, .+ \(.+ ago\)$/);
      const metadata = rows.find((r) => r.key === 'metadata')!;
      assert.equal(metadata.expanded, undefined, 'collapsed: the description is the label already');
      assert.equal(metadata.children![0].value, 'd');
    });

    it('puts the errors and the next step first when a batch failed, the lines to open', () => {
      const b = batch({
        status: 'failed',
        request_counts: { total: 0, completed: 0, failed: 0 },
        errors: {
          object: 'list',
          data: [
            { code: 'invalid_url', message: 'The url must be /v1/chat/completions.', param: 'url', line: 3 },
            { code: 'empty_file', message: 'The file has no requests.', param: null, line: null },
          ],
        },
      });
      const rows = batchRows(b, 'en');
      assert.deepEqual(
        rows.slice(0, 3).map((r) => r.key),
        ['errors', 'next', 'status'],
      );
      const errors = rows[0];
      assert.equal(errors.value, '2 errors');
      assert.equal(errors.expanded, true);
      assert.deepEqual(
        errors.children!.map((r) => [r.label, r.value, r.line]),
        [
          ['line 3: invalid_url', 'The url must be /v1/chat/completions.', 3],
          ['empty_file', 'The file has no requests.', undefined],
        ],
      );
      assert.deepEqual(rows[1].command, { command: 'batchStudio.openInputLine', title: 'Open Input File at Line', arguments: [b.id, 3] });
      assert.equal(rows[1].value, 'fix the input file, then submit it again');
      assert.ok(!rows.some((r) => r.key === 'request_counts'), 'no counts while none were counted');
    });

    it('offers the retry file first when requests failed or never ran', () => {
      const partly = batch({ status: 'completed', error_file_id: 'e', request_counts: { total: 5, completed: 3, failed: 2 } });
      const next = batchRows(partly, 'en')[0];
      assert.equal(next.value, 'Create Retry File: the 2 failed requests');
      assert.deepEqual(next.command?.arguments, [partly.id]);
      const cancelled = batchRows(batch({ status: 'cancelled', request_counts: { total: 60, completed: 12, failed: 0 } }), 'en')[0];
      assert.equal(cancelled.value, 'Create Retry File: those that never ran');
      const fine = batchRows(batch({ status: 'completed', request_counts: { total: 3, completed: 3, failed: 0 } }), 'en');
      assert.equal(fine[0].key, 'status', 'nothing to do for a batch that went well');
    });

    it('shows usage with its non-zero details, grouped by the locale', () => {
      const b = batch({
        usage: {
          input_tokens: 10000,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 5000,
          output_tokens_details: { reasoning_tokens: 5 },
          total_tokens: 15000,
        },
      });
      const usage = batchRows(b, 'en').find((r) => r.key === 'usage')!;
      assert.equal(usage.value, '15,000 tokens');
      assert.deepEqual(
        usage.children!.map((r) => `${r.label}=${r.value}`),
        ['input_tokens=10,000', 'output_tokens=5,000', 'reasoning_tokens=5', 'total_tokens=15,000'],
      );
    });
  });

  it('escapes user text in the Markdown tooltip', () => {
    assert.equal(escapeMarkdown('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    const tooltip = batchTooltip(
      batch({ metadata: { description: '*bold* [link](http://x)' } }),
      '*bold* [link](http://x)',
      '/data/run.jsonl',
      'en',
    );
    assert.ok(tooltip.includes('\\*bold\\* \\[link\\]\\(http://x\\)'));
    assert.ok(tooltip.includes('Input file: /data/run\\.jsonl'));
  });

  it('puts what the description leaves out in the tooltip', () => {
    const b = batch({
      status: 'completed',
      model: 'gpt-4o-mini',
      request_counts: { total: 1250, completed: 1234, failed: 16 },
      metadata: { description: 'Nightly', input_file_name: 'run.jsonl' },
    });
    const tooltip = batchTooltip(b, 'Nightly', undefined, 'en');
    assert.ok(tooltip.startsWith(`**Nightly**\n\ncompleted · \`${b.id}\``), tooltip);
    assert.ok(tooltip.includes('- Requests: 1,234 of 1,250 completed, 16 failed'), tooltip);
    assert.ok(tooltip.includes('- Endpoint: /v1/chat/completions · gpt\\-4o\\-mini'), tooltip);
    assert.match(tooltip, /- Created: \w{3} \d{1,2}, \d{4}/);
  });
});
