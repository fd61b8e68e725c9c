import assert from 'node:assert/strict';
import { checkDuplicate, covers } from '../../../src/approach/duplicates/rule';
import { draft, emg, facts, order, result, twitching } from '../../support/facts';
import { orderCheck } from '../check';

const chart = (parts = {}) => facts({ records: [twitching(5)], ...parts });

describe('approach/duplicates: covers', () => {
  it('takes a metabolic panel as covering potassium and total calcium, never magnesium', () => {
    const bmp = { kind: 'basicMetabolicPanel', concept: 'basicMetabolicPanel' } as const;
    assert.ok(covers(bmp, { kind: 'potassium', concept: 'potassium' }));
    assert.ok(covers(bmp, { kind: 'calcium', concept: 'calciumTotal' }));
    assert.ok(!covers(bmp, { kind: 'magnesium', concept: 'magnesium' }));
  });

  it('tells ionized from total calcium', () => {
    assert.ok(!covers({ kind: 'calcium', concept: 'calciumTotal' }, { kind: 'calcium', concept: 'calciumIonized' }));
    assert.ok(!covers({ kind: 'calcium', concept: 'calciumIonized' }, { kind: 'calcium', concept: 'calciumTotal' }));
  });
});

describe('approach/duplicates: checkDuplicate', () => {
  describe('with a normal magnesium in the window', () => {
    it('flags a magnesium draft as a repeat of the result', () => {
      const mg = draft(['magnesium']);
      const normal = result('magnesium', 2.0);
      const finding = checkDuplicate(orderCheck(chart({ results: [normal] }), [mg]), mg, mg.tests[0]);
      assert.deepEqual(finding?.prior, { kind: 'result', result: normal });
    });
  });

  describe('with a low magnesium in the window', () => {
    it('does not flag the recheck', () => {
      const mg = draft(['magnesium']);
      assert.equal(checkDuplicate(orderCheck(chart({ results: [result('magnesium', 1.2)] }), [mg]), mg, mg.tests[0]), undefined);
    });
  });

  describe('with an EMG reported in the window', () => {
    it('flags an EMG draft', () => {
      const e = draft(['electromyography']);
      const report = emg({ daysAgo: 10 });
      assert.deepEqual(checkDuplicate(orderCheck(chart({ emg: [report] }), [e]), e, e.tests[0])?.prior, { kind: 'emg', emg: report });
    });
  });

  describe('with a completed magnesium order and no result yet', () => {
    it('does not flag it: a done lab order says nothing until its result is read', () => {
      const mg = draft(['magnesium']);
      const f = chart({ orders: [order('magnesium', { daysAgo: 3, status: 'completed' })] });
      assert.equal(checkDuplicate(orderCheck(f, [mg]), mg, mg.tests[0]), undefined);
    });
  });

  describe('with a potassium drafted beside a basic metabolic panel', () => {
    it('flags the potassium, the narrower draft', () => {
      const k = draft(['potassium']);
      const bmp = draft(['basicMetabolicPanel']);
      const check = orderCheck(chart(), [bmp, k]);
      assert.equal(checkDuplicate(check, k, k.tests[0])?.prior.kind, 'draft');
      assert.equal(checkDuplicate(check, bmp, bmp.tests[0]), undefined);
    });
  });

  describe('without twitching', () => {
    it('says nothing', () => {
      const mg = draft(['magnesium']);
      assert.equal(checkDuplicate(orderCheck(facts({ results: [result('magnesium', 2)] }), [mg], false), mg, mg.tests[0]), undefined);
    });
  });
});
