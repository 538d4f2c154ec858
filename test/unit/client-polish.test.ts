/** The explorer's parts that are not one batch's row: split files' groups, what the language
 *  status item says, and Open Batch by ID's reading of what was pasted. */
import * as assert from 'node:assert/strict';
import type { Batch } from 'openai/resources/batches';
import { batchIdFrom } from '../../client/src/commands/openBatchById';
import { groupAccessibilityLabel, groupBatches, groupDescription, groupIcon } from '../../client/src/explorer/batchGroups';
import { shortCost, statusItemText } from '../../client/src/statusItemText';
import type { BatchCost } from '../../common/src/cost';
import { GROUP_METADATA_KEY } from '../../common/src/partFiles';
import { batch } from '../helpers/clientBatches';

const named = (name: string, overrides: Partial<Batch> = {}) => batch({ metadata: { input_file_name: name }, ...overrides });

describe('client: the parts of a split file in the Batches view', () => {
  it('gathers the parts under their common name, where the newest is, in part order', () => {
    const other = named('other.jsonl');
    const part2 = named('reviews.part-002.jsonl', { request_counts: { total: 1000, completed: 400, failed: 0 } });
    const part1 = named('reviews.part-001.jsonl', { status: 'completed', request_counts: { total: 1000, completed: 990, failed: 10 } });
    const lone = named('solo.part-001.jsonl');
    const entries = groupBatches([other, part2, lone, part1], (b) => b.metadata?.input_file_name);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'batch' ? e.batch.id : `${e.name}: ${e.batches.map((b) => b.id).join(', ')}`)),
      [other.id, `reviews.jsonl: ${part1.id}, ${part2.id}`, lone.id],
      'one part alone stays a batch of its own',
    );
    const group = entries[1];
    assert.ok(group.kind === 'group');
    assert.equal(groupDescription(group.batches, 'en'), '1,390/2,000 · 10 failed · 2 parts, 1 running');
    assert.equal(groupIcon(group.batches).id, 'sync~spin');
    assert.equal(
      groupAccessibilityLabel(group.name, group.batches, 'en'),
      'reviews.jsonl, 2 parts, 1 completed, 1 in progress, 1,390 of 2,000 requests done, 10 failed',
    );
  });

  it('takes the group Submit All Parts wrote in the metadata, and tells finished groups apart', () => {
    const a = batch({
      status: 'completed',
      metadata: { input_file_name: 'data.part-001.jsonl', [GROUP_METADATA_KEY]: 'data.ndjson' },
      request_counts: { total: 5, completed: 5, failed: 0 },
    });
    const b = batch({
      status: 'completed',
      metadata: { input_file_name: 'data.part-002.jsonl', [GROUP_METADATA_KEY]: 'data.ndjson' },
      request_counts: { total: 5, completed: 5, failed: 0 },
    });
    const [entry] = groupBatches([b, a], (x) => x.metadata?.input_file_name);
    assert.ok(entry.kind === 'group');
    assert.equal(entry.name, 'data.ndjson');
    assert.equal(groupDescription(entry.batches, 'en'), '10/10 · 2 parts');
    assert.equal(groupIcon(entry.batches).id, 'check');
    assert.equal(groupIcon([a, { ...b, status: 'failed' }]).id, 'error');
  });
});

describe('client: the language status item', () => {
  const status = {
    uri: 'file:///a.jsonl',
    isBatch: true,
    requests: 12000,
    endpoint: '/v1/chat/completions',
    model: 'gpt-4o-mini',
    errors: 0,
    warnings: 0,
  };
  const cost: BatchCost = {
    encoding: 'o200k_base',
    inputTokens: 78,
    maxOutputTokens: 180,
    uncountedParts: 0,
    estimatedCostUsd: { input: 0.0000058, output: 0.000054, total: 0.00006 },
    priceSource: 'table',
    pricesDate: '2025-08',
  };

  it('shows the request count and model at a glance, and the cost once counted', () => {
    const counting = statusItemText(status, undefined, 'en');
    assert.equal(counting.text, '$(layers) 12,000 requests · gpt-4o-mini');
    assert.equal(counting.detail, '/v1/chat/completions · counting tokens…', 'the model only once');
    assert.equal(
      statusItemText({ ...status, model: null }, undefined, 'en').detail,
      '/v1/chat/completions · no model yet · counting tokens…',
    );
    assert.equal(counting.action, 'submit');
    const counted = statusItemText(status, cost, 'en');
    assert.equal(counted.text, '$(layers) 12,000 requests · gpt-4o-mini · ≤ $0.000060');
    assert.equal(
      counted.accessibilityLabel,
      'Batch file: 12,000 requests, to /v1/chat/completions, model gpt-4o-mini, est. $0.0000058 + up to $0.000054 output, at most $0.000060, at batch prices of 2025-08, no problems',
    );
    assert.ok(!counted.accessibilityLabel.includes('$('), 'no codicon syntax read out');
  });

  it('offers the problems of a file that has some, and to treat another JSON Lines file as a batch file', () => {
    const broken = statusItemText({ ...status, errors: 2, warnings: 1 }, undefined, 'de');
    assert.equal(broken.text, '$(layers) 12.000 requests · gpt-4o-mini');
    assert.equal(broken.action, 'showProblems');
    assert.match(broken.accessibilityLabel, /, 2 errors and 1 warning$/);
    const other = statusItemText({ ...status, isBatch: false }, undefined, 'en');
    assert.deepEqual([other.text, other.detail, other.action], ['JSON Lines', 'not a batch file', 'treatAsBatch']);
  });

  it('shortens the estimate to what it costs at most', () => {
    assert.equal(shortCost(cost), '≤ $0.000060');
    assert.equal(shortCost({ ...cost, estimatedCostUsd: { input: 0.5, output: 0, total: 0.5 } }), '$0.50');
    assert.equal(shortCost({ ...cost, estimatedCostUsd: { input: 0.5, output: null, total: null } }), '$0.50 + output');
    assert.equal(shortCost({ ...cost, estimatedCostUsd: { input: null, output: null, total: null } }), undefined);
  });
});

describe('client: Open Batch by ID', () => {
  it('takes an id as pasted: bare, quoted, or in a link', () => {
    assert.equal(batchIdFrom(' batch_abc123 '), 'batch_abc123');
    assert.equal(batchIdFrom('"batch_abc123"'), 'batch_abc123');
    assert.equal(batchIdFrom('https://platform.openai.com/batches/batch_abc123?x=1'), 'batch_abc123');
  });
});
