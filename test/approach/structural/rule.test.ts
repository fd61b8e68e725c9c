import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { mriFindings } from '../../../src/approach/structural/rule';
import type { PatientFacts } from '../../../src/facts/types';
import { CTX, facts, order, record, twitching } from '../../support/facts';

function mri(f: PatientFacts) {
  return mriFindings(f, describeEpisode(f, CTX), CTX);
}

describe('approach/structural: mriFindings', () => {
  describe('with twitching and left thigh pain', () => {
    it('suggests MRI of the left thigh', () => {
      const [finding] = mri(facts({ records: [twitching(5), record('thighPain', { side: 'left' })] }));
      assert.ok(finding.kind === 'mri-thigh');
      assert.equal(finding.side, 'left');
      assert.equal(finding.pain.length, 1);
    });
  });

  describe('with a hamstring strain that has resolved', () => {
    it('still counts it: a past strain is history', () => {
      const [finding] = mri(facts({ records: [twitching(5), record('hamstringInjury', { active: false, side: 'right' })] }));
      assert.ok(finding.kind === 'mri-thigh' && finding.injuries.length === 1 && finding.side === 'right');
    });
  });

  describe('with pain on the left and a strain on the right', () => {
    it('names no side', () => {
      const [finding] = mri(facts({ records: [twitching(5), record('thighPain', { side: 'left' }), record('hamstringInjury', { side: 'right' })] }));
      assert.ok(finding.kind === 'mri-thigh' && finding.side === undefined);
    });
  });

  describe('with an MRI ordered since the twitching began', () => {
    it('says nothing', () => {
      assert.deepEqual(mri(facts({ records: [twitching(5), record('thighPain')], orders: [order('mriThigh', { daysAgo: 2 })] })), []);
    });
  });

  describe('with neither pain nor strain', () => {
    it('says nothing', () => {
      assert.deepEqual(mri(facts({ records: [twitching(40)] })), []);
    });
  });
});
