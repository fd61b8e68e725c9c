import assert from 'node:assert/strict';
import { checkMriThigh } from '../../../src/approach/structural/orders';
import { draft, facts, record, result, twitching } from '../../support/facts';
import { orderCheck } from '../check';

describe('approach/structural: checkMriThigh', () => {
  describe('with an MRI drafted for twitching of 40 days, no pain, no strain, no electrolytes', () => {
    it('puts the electrolytes and EMG first', () => {
      const mri = draft(['mriThigh']);
      const finding = checkMriThigh(orderCheck(facts({ records: [twitching(40)] }), [mri]), mri, mri.tests[0]);
      assert.deepEqual(finding?.electrolytes, ['magnesium', 'potassium', 'calcium']);
      assert.deepEqual(finding?.emg, { status: 'indicated', reasons: ['duration'] });
    });
  });

  describe('with a magnesium drafted beside the MRI', () => {
    it('no longer asks for magnesium', () => {
      const mri = draft(['mriThigh']);
      const finding = checkMriThigh(orderCheck(facts({ records: [twitching(5)] }), [mri, draft(['magnesium'])]), mri, mri.tests[0]);
      assert.deepEqual(finding?.electrolytes, ['potassium', 'calcium']);
    });
  });

  describe('with electrolytes checked and recent twitching', () => {
    it('says the MRI is not yet indicated, with EMG only if it persists', () => {
      const mri = draft(['mriThigh']);
      const f = facts({ records: [twitching(5)], results: [result('magnesium', 2), result('potassium', 4), result('calciumTotal', 9)] });
      const finding = checkMriThigh(orderCheck(f, [mri]), mri, mri.tests[0]);
      assert.deepEqual(finding?.electrolytes, []);
      assert.deepEqual(finding?.emg, { status: 'not-yet-indicated' });
    });
  });

  describe('with a draft whose own reason is a hamstring strain', () => {
    it('says nothing: the order gives its indication', () => {
      const mri = draft(['mriThigh'], { reasonConcepts: ['hamstringInjury'] });
      assert.equal(checkMriThigh(orderCheck(facts({ records: [twitching(5)] }), [mri]), mri, mri.tests[0]), undefined);
    });
  });

  describe('with a draft whose reasonReference is the thigh pain on record', () => {
    it('says nothing', () => {
      const pain = record('thighPain', { reference: 'Condition/pain-1', active: false });
      const mri = draft(['mriThigh'], { reasonReferences: ['Condition/pain-1'] });
      assert.equal(checkMriThigh(orderCheck(facts({ records: [twitching(5), pain] }), [mri]), mri, mri.tests[0]), undefined);
    });
  });

  describe('with only an old strain and recent isolated twitching', () => {
    it('names the strain as on record but not an indication here', () => {
      const mri = draft(['mriThigh']);
      const strain = record('hamstringInjury', { sinceDaysAgo: 700 });
      const finding = checkMriThigh(orderCheck(facts({ records: [twitching(5), strain] }), [mri]), mri, mri.tests[0]);
      assert.deepEqual(finding?.notIndications, [strain]);
    });
  });

  describe('with thigh pain on record', () => {
    it('says nothing: the MRI follows the approach', () => {
      const mri = draft(['mriThigh']);
      assert.equal(checkMriThigh(orderCheck(facts({ records: [twitching(5), record('thighPain')] }), [mri]), mri, mri.tests[0]), undefined);
    });
  });
});
