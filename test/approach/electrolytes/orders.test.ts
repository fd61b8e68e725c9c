import assert from 'node:assert/strict';
import { checkMetabolicPanel } from '../../../src/approach/electrolytes/orders';
import { draft, facts, order, result, twitching } from '../../support/facts';
import { orderCheck as check } from '../check';

describe('approach/electrolytes: checkMetabolicPanel', () => {
  const chart = () => facts({ records: [twitching(5)] });

  describe('with a basic metabolic panel drafted and no magnesium anywhere', () => {
    it('suggests adding magnesium', () => {
      const panel = draft(['basicMetabolicPanel']);
      const finding = checkMetabolicPanel(check(chart(), [panel]), panel, panel.tests[0]);
      assert.equal(finding?.kind, 'order-panel-without-magnesium');
      assert.equal(finding?.panel, panel);
    });
  });

  describe('with a magnesium drafted beside the panel', () => {
    it('says nothing', () => {
      const panel = draft(['basicMetabolicPanel']);
      assert.equal(checkMetabolicPanel(check(chart(), [panel, draft(['magnesium'])]), panel, panel.tests[0]), undefined);
    });
  });

  describe('with a magnesium result in the window', () => {
    it('says nothing', () => {
      const panel = draft(['comprehensiveMetabolicPanel']);
      const f = facts({ records: [twitching(5)], results: [result('magnesium', 2)] });
      assert.equal(checkMetabolicPanel(check(f, [panel]), panel, panel.tests[0]), undefined);
    });
  });

  describe('with a magnesium ordered in the window', () => {
    it('says nothing', () => {
      const panel = draft(['basicMetabolicPanel']);
      const f = facts({ records: [twitching(5)], orders: [order('magnesium', { daysAgo: 3 })] });
      assert.equal(checkMetabolicPanel(check(f, [panel]), panel, panel.tests[0]), undefined);
    });
  });

  describe('with a magnesium only from last year', () => {
    it('suggests magnesium and names the old result', () => {
      const panel = draft(['basicMetabolicPanel']);
      const old = result('magnesium', 1.9, { daysAgo: 400 });
      const finding = checkMetabolicPanel(check(facts({ records: [twitching(5)], results: [old] }), [panel]), panel, panel.tests[0]);
      assert.equal(finding?.oldMagnesium, old);
    });
  });

  describe('without twitching in the chart or the drafts', () => {
    it('says nothing: a panel is routine', () => {
      const panel = draft(['basicMetabolicPanel']);
      assert.equal(checkMetabolicPanel(check(facts(), [panel], false), panel, panel.tests[0]), undefined);
    });
  });
});
