import assert from 'node:assert/strict';
import { benignFindings } from '../../../src/approach/benign/rule';
import { describeEpisode } from '../../../src/approach/episode';
import type { PatientFacts } from '../../../src/facts/types';
import { CTX, facts, record, twitching } from '../../support/facts';

function benign(f: PatientFacts, otherConcerns = false) {
  return benignFindings(f, describeEpisode(f, CTX), otherConcerns);
}

describe('approach/benign: benignFindings', () => {
  describe('with twitching for 5 days and nothing else', () => {
    it('calls it likely benign, naming recorded dehydration as a benign cause', () => {
      const dehydration = record('dehydration');
      const [finding] = benign(facts({ records: [twitching(5), dehydration] }));
      assert.ok(finding.kind === 'likely-benign');
      assert.equal(finding.durationDays, 5);
      assert.deepEqual(finding.contributing, [dehydration]);
    });

    it('says when the medication list could not be read', () => {
      const [finding] = benign(facts({ records: [twitching(5)], unavailable: new Set(['medicationStatements', 'medicationRequests']) }));
      assert.ok(finding.kind === 'likely-benign' && finding.medicationsUnavailable);
    });
  });

  describe('with twitching for 20 days (over the 14-day threshold)', () => {
    it('never calls persistent twitching benign (pitfall.persistent-not-benign)', () => {
      assert.deepEqual(benign(facts({ records: [twitching(20)] })), []);
    });
  });

  describe('with another concern found by another family', () => {
    it('says nothing', () => {
      assert.deepEqual(benign(facts({ records: [twitching(5)] }), true), []);
    });
  });

  describe('with twitching recorded 5 days ago without an onset', () => {
    it('asks when it began', () => {
      const [finding] = benign(facts({ records: [record('twitching', { sinceDaysAgo: 5 })] }));
      assert.equal(finding.kind, 'twitching-duration-unknown');
    });
  });
});
