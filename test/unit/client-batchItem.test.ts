import * as assert from 'node:assert/strict';
import type { Batch } from 'openai/resources/batches';
import { batchDescription, batchLabel, needsFileName } from '../../client/src/batch/labels';
import { batchRows, UNSET } from '../../client/src/explorer/batchFields';
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
    it('shows the status and the counts', () => {
      assert.equal(
        batchDescription(batch({ status: 'in_progress', request_counts: { total: 12, completed: 3, failed: 0 } })),
        'in progress · 3/12',
      );
      assert.equal(
        batchDescription(batch({ status: 'completed', request_counts: { total: 12, completed: 10, failed: 2 } })),
        'completed · 10/12 · 2 failed',
      );
    });
    it('shows only the status before any request is counted', () => {
      assert.equal(batchDescription(batch({ status: 'validating', request_counts: { total: 0, completed: 0, failed: 0 } })), 'validating');
      assert.equal(batchDescription(batch({ status: 'validating', request_counts: undefined })), 'validating');
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
    it('lists every field of the Batch object, showing absent and null ones as unset', () => {
      const b = batch({
        status: 'completed',
        model: 'gpt-4o-mini',
        output_file_id: 'file-out',
        completed_at: 1_700_000_500,
        in_progress_at: 1_700_000_100,
        metadata: { description: 'd' },
      });
      const nulls = { ...b, error_file_id: null, failed_at: null, errors: null, usage: null } as unknown as Batch;
      const rows = batchRows(nulls);
      assert.deepEqual(
        rows.map((r) => r.label),
        [
          'id',
          'status',
          'endpoint',
          'model',
          'input_file_id',
          'output_file_id',
          'error_file_id',
          'completion_window',
          'created_at',
          'in_progress_at',
          'finalizing_at',
          'completed_at',
          'failed_at',
          'expired_at',
          'cancelling_at',
          'cancelled_at',
          'expires_at',
          'request_counts',
          'metadata',
          'errors',
        ],
      );
      const unset = rows.filter((r) => r.value === UNSET).map((r) => r.label);
      assert.deepEqual(unset, [
        'error_file_id',
        'finalizing_at',
        'failed_at',
        'expired_at',
        'cancelling_at',
        'cancelled_at',
        'expires_at',
        'errors',
      ]);
      const completed = batchRows(b).find((r) => r.key === 'completed_at')!;
      assert.match(completed.value, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(.+\)$/);
      assert.equal(batchRows(b).find((r) => r.key === 'metadata')!.children![0].value, 'd');
    });

    it('lists validation errors as `line N: code` with the line to open', () => {
      const b = batch({
        status: 'failed',
        errors: {
          object: 'list',
          data: [
            { code: 'invalid_url', message: 'The url must be /v1/chat/completions.', param: 'url', line: 3 },
            { code: 'empty_file', message: 'The file has no requests.', param: null, line: null },
          ],
        },
      });
      const errors = batchRows(b).find((r) => r.key === 'errors')!;
      assert.equal(errors.value, '2');
      assert.equal(errors.expanded, true);
      assert.deepEqual(
        errors.children!.map((r) => [r.label, r.value, r.line]),
        [
          ['line 3: invalid_url', 'The url must be /v1/chat/completions.', 3],
          ['empty_file', 'The file has no requests.', undefined],
        ],
      );
    });

    it('shows usage with its details', () => {
      const b = batch({
        usage: {
          input_tokens: 100,
          input_tokens_details: { cached_tokens: 20 },
          output_tokens: 50,
          output_tokens_details: { reasoning_tokens: 5 },
          total_tokens: 150,
        },
      });
      const usage = batchRows(b).find((r) => r.key === 'usage')!;
      assert.equal(usage.value, '150 tokens');
      assert.deepEqual(
        usage.children!.map((r) => r.label),
        ['input_tokens', 'cached_tokens', 'output_tokens', 'reasoning_tokens', 'total_tokens'],
      );
    });
  });

  it('escapes user text in the Markdown tooltip', () => {
    assert.equal(escapeMarkdown('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    const tooltip = batchTooltip(
      batch({ metadata: { description: '*bold* [link](http://x)' } }),
      '*bold* [link](http://x)',
      '/data/run.jsonl',
    );
    assert.ok(tooltip.includes('\\*bold\\* \\[link\\]\\(http://x\\)'));
    assert.ok(tooltip.includes('Input file: /data/run\\.jsonl'));
  });
});
