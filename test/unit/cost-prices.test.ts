/** Prices and estimates: the dated table in schemas/prices.json, the batchStudio.prices setting
 *  over it, what a file's totals cost, and how an estimate reads. */
import * as assert from 'node:assert/strict';
import { type BatchCost, describeEstimate, describeTokens, usd } from '../../common/src/cost';
import { normalizePrices } from '../../common/src/priceSetting';
import { estimateCost, findPrice, PRICES_DATE, type TokenTotals } from '../../server/src/core/cost';
import table from '../../schemas/prices.json';

const totals = (inputTokens: number, maxOutputTokens: number | null): TokenTotals => ({
  requests: 1,
  inputTokens,
  maxOutputTokens,
  uncountedParts: 0,
});

describe('prices and estimates', () => {
  describe('schemas/prices.json', () => {
    it('is dated and names its source', () => {
      assert.match(table.date, /^\d{4}-\d{2}(-\d{2})?$/);
      assert.equal(PRICES_DATE, table.date);
      assert.match(table.source, /^https:\/\/platform\.openai\.com\/docs\/pricing\b/);
    });

    it('prices the models the issue names per 1M tokens: output 1 to 10 times input, embeddings input only', () => {
      const models = table.models as Record<string, { input: number; output?: number; snapshots?: string[] }>;
      for (const model of [
        'gpt-4o',
        'gpt-4o-mini',
        'gpt-4.1',
        'gpt-4.1-mini',
        'gpt-4.1-nano',
        'o1',
        'o3',
        'o3-mini',
        'o4-mini',
        'gpt-3.5-turbo',
        'text-embedding-3-small',
        'text-embedding-3-large',
        'text-embedding-ada-002',
      ])
        assert.ok(models[model], `${model} is priced`);
      for (const [model, { input, output }] of Object.entries(models)) {
        assert.ok(input >= 0 && input < 100, `${model}: input ${input}`);
        if (output !== undefined) assert.ok(output >= input && output <= Math.max(input * 10, 0), `${model}: output ${output}`);
        if (model.startsWith('text-embedding-')) assert.equal(output, undefined, `${model} produces no output tokens`);
      }
    });

    it('lists each model once, snapshots included', () => {
      const names = Object.entries(table.models as Record<string, { snapshots?: string[] }>).flatMap(([name, entry]) => [
        name,
        ...(entry.snapshots ?? []),
      ]);
      assert.equal(new Set(names).size, names.length);
    });
  });

  describe('finding a price', () => {
    it("takes the table's price for a model and for its dated snapshots", () => {
      assert.deepEqual(findPrice('gpt-4o-mini'), { price: { input: 0.075, output: 0.3 }, source: 'table' });
      assert.deepEqual(findPrice('gpt-4o-mini-2024-07-18'), findPrice('gpt-4o-mini'));
      assert.deepEqual(findPrice('text-embedding-3-small'), { price: { input: 0.01 }, source: 'table' });
      assert.notDeepEqual(findPrice('gpt-4o-2024-05-13'), findPrice('gpt-4o'), 'a snapshot priced apart keeps its own price');
    });

    it('has none for a model neither the table nor the setting knows: fine-tunes and newer models are never guessed', () => {
      assert.equal(findPrice('ft:gpt-4o-mini-2024-07-18:acme::abc123'), undefined);
      assert.equal(findPrice('gpt-4o-mini-2099-01-01'), undefined);
      assert.equal(findPrice('my-azure-deployment'), undefined);
      assert.equal(findPrice(null), undefined);
    });

    it('prefers the setting, for the name itself or the model it is a snapshot of', () => {
      const overrides = { 'gpt-4o-mini': { input: 1, output: 2 }, 'ft:gpt-4o-mini-2024-07-18:acme::abc123': { input: 0.15, output: 0.6 } };
      assert.deepEqual(findPrice('gpt-4o-mini', overrides), { price: { input: 1, output: 2 }, source: 'setting' });
      assert.deepEqual(findPrice('gpt-4o-mini-2024-07-18', overrides), { price: { input: 1, output: 2 }, source: 'setting' });
      assert.deepEqual(findPrice('ft:gpt-4o-mini-2024-07-18:acme::abc123', overrides)?.source, 'setting');
      assert.deepEqual(findPrice('gpt-4o', overrides)?.source, 'table');
      assert.equal(findPrice('toString', {}), undefined, 'only the object’s own keys');
    });

    it('takes from the setting only prices that are numbers of at least 0', () => {
      assert.deepEqual(
        normalizePrices({
          a: { input: 1, output: 2 },
          b: { input: 0.5 },
          c: { input: -1, output: 2 },
          d: { input: '1' },
          e: null,
          f: { output: 2 },
          g: { input: 1, output: 'x' },
        }),
        { a: { input: 1, output: 2 }, b: { input: 0.5 } },
      );
      assert.deepEqual(normalizePrices('cheap'), {});
      assert.deepEqual(normalizePrices(undefined), {});
    });
  });

  describe('estimating', () => {
    it('prices input and the most output per 1M tokens', () => {
      const cost = estimateCost(totals(2_000_000, 1_000_000), 'gpt-4o-mini');
      assert.deepEqual(cost.estimatedCostUsd, { input: 0.15, output: 0.3, total: 0.45 });
      assert.equal(cost.priceSource, 'table');
      assert.equal(cost.encoding, 'o200k_base');
      assert.deepEqual(estimateCost(totals(153, 15), 'gpt-4o-mini').estimatedCostUsd, {
        input: 0.000011475,
        output: 0.0000045,
        total: 0.000015975,
      });
    });

    it('has no output cost (nor total) when a request sets no output cap', () => {
      assert.deepEqual(estimateCost(totals(1_000_000, null), 'gpt-4o').estimatedCostUsd, { input: 1.25, output: null, total: null });
    });

    it('costs nothing for the output of embeddings', () => {
      const cost = estimateCost(totals(1_000_000, 0), 'text-embedding-3-large');
      assert.deepEqual(cost.estimatedCostUsd, { input: 0.065, output: 0, total: 0.065 });
      assert.equal(cost.encoding, 'cl100k_base');
    });

    it('has no cost for an unknown model, but keeps the tokens', () => {
      const cost = estimateCost(totals(1000, 10), 'gpt-99');
      assert.deepEqual(cost.estimatedCostUsd, { input: null, output: null, total: null });
      assert.equal(cost.priceSource, null);
      assert.equal(cost.inputTokens, 1000);
    });

    it("uses the setting's price over the table's", () => {
      const cost = estimateCost(totals(1_000_000, 1_000_000), 'gpt-4o-mini', { 'gpt-4o-mini': { input: 1, output: 3 } });
      assert.deepEqual([cost.estimatedCostUsd, cost.priceSource], [{ input: 1, output: 3, total: 4 }, 'setting']);
    });
  });

  describe('how an estimate reads', () => {
    const cost = (overrides: Partial<BatchCost>): BatchCost => ({ ...estimateCost(totals(1234, 500), 'gpt-4o-mini'), ...overrides });

    it('in dollars: cents from a cent up, two significant digits below', () => {
      assert.deepEqual(
        [usd(1234.5), usd(0.45), usd(0.01), usd(0.0042), usd(0.000011475), usd(0)],
        ['$1,234.50', '$0.45', '$0.01', '$0.0042', '$0.000011', '$0.00'],
      );
    });

    it('tokens, with the output cap and what was not counted', () => {
      assert.equal(describeTokens(cost({})), '1,234 input tokens + up to 500 output');
      assert.equal(describeTokens(cost({ maxOutputTokens: null })), '1,234 input tokens, output not capped');
      assert.equal(
        describeTokens(cost({ maxOutputTokens: 0, uncountedParts: 2 })),
        '1,234 input tokens (2 image, audio or file parts not counted)',
      );
    });

    it('the estimate, at the dated prices or the setting’s, or why there is none', () => {
      assert.equal(
        describeEstimate(cost({}), 'gpt-4o-mini'),
        `est. $0.000093 + up to $0.00015 output, at most $0.00024, at batch prices of ${PRICES_DATE}`,
      );
      assert.equal(
        describeEstimate(estimateCost(totals(1234, null), 'gpt-4o-mini'), 'gpt-4o-mini'),
        `est. $0.000093 for the input at batch prices of ${PRICES_DATE}`,
      );
      assert.equal(
        describeEstimate(estimateCost(totals(1234, 500), 'gpt-4o-mini', { 'gpt-4o-mini': { input: 1, output: 1 } }), 'gpt-4o-mini'),
        'est. $0.0012 + up to $0.00050 output, at most $0.0017, at your batchStudio.prices',
      );
      assert.equal(describeEstimate(estimateCost(totals(1234, 500), 'gpt-99'), 'gpt-99'), 'no price known for gpt-99');
    });
  });
});
