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

  describe('with thigh pain on record', () => {
    it('says nothing: the MRI follows the approach', () => {
      const mri = draft(['mriThigh']);
      assert.equal(checkMriThigh(orderCheck(facts({ records: [twitching(5), record('thighPain')] }), [mri]), mri, mri.tests[0]), undefined);
    });
  });
});
