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

  describe('with a hamstring strain a year ago, resolved', () => {
    it('does not call for MRI of recent, isolated twitching', () => {
      assert.deepEqual(mri(facts({ records: [twitching(5), record('hamstringInjury', { active: false, sinceDaysAgo: 365 })] })), []);
    });

    it('calls for it when the twitching persists: a history of strain counts then', () => {
      const [finding] = mri(facts({ records: [twitching(40), record('hamstringInjury', { active: false, side: 'right', sinceDaysAgo: 365 })] }));
      assert.ok(finding.kind === 'mri-thigh' && finding.injuries.length === 1 && finding.side === 'right');
    });
  });

  describe('with a strain three weeks ago (inside the 90-day window)', () => {
    it('calls for MRI even of recent, isolated twitching', () => {
      const [finding] = mri(facts({ records: [twitching(5), record('hamstringInjury', { sinceDaysAgo: 21 })] }));
      assert.ok(finding.kind === 'mri-thigh' && finding.injuries.length === 1);
    });
  });

  describe('with twitching of the left thigh and a strain of the right', () => {
    it('does not take the other thigh as an indication', () => {
      const leftTwitching = twitching(40, { side: 'left' });
      assert.deepEqual(mri(facts({ records: [leftTwitching, record('hamstringInjury', { side: 'right', sinceDaysAgo: 10 })] })), []);
    });

    it('names the other thigh when the twitching side has its own indication', () => {
      const [finding] = mri(
        facts({
          records: [twitching(5, { side: 'left' }), record('thighPain', { side: 'left' }), record('hamstringInjury', { side: 'right', sinceDaysAgo: 10 })],
        }),
      );
      assert.ok(finding.kind === 'mri-thigh' && finding.side === 'left' && finding.otherSide.length === 1);
    });
  });

  describe('with pain on the left and a strain on the right, and no side for the twitching', () => {
    it('names no side', () => {
      const [finding] = mri(
        facts({ records: [twitching(5), record('thighPain', { side: 'left' }), record('hamstringInjury', { side: 'right', sinceDaysAgo: 10 })] }),
      );
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
