import assert from 'node:assert/strict';
import { checkLgi1Antibody, emgStanding } from '../../../src/approach/neuromuscular/orders';
import { draft, emg, facts, order, twitching } from '../../support/facts';
import { orderCheck } from '../check';

describe('approach/neuromuscular: checkLgi1Antibody', () => {
  describe('with no EMG on record', () => {
    it('says LGI1 follows EMG confirmation and that no EMG is on record', () => {
      const lgi1 = draft(['lgi1Antibody']);
      const finding = checkLgi1Antibody(orderCheck(facts({ records: [twitching(40)] }), [lgi1]), lgi1, lgi1.tests[0]);
      assert.deepEqual(finding?.emg, { status: 'none' });
    });
  });

  describe('with an EMG drafted beside it', () => {
    it('says the EMG is pending', () => {
      const lgi1 = draft(['lgi1Antibody']);
      const emgDraft = draft(['electromyography']);
      const finding = checkLgi1Antibody(orderCheck(facts({ records: [twitching(40)] }), [emgDraft, lgi1]), lgi1, lgi1.tests[0]);
      assert.deepEqual(finding?.emg, { status: 'pending', evidence: emgDraft.evidence });
    });
  });

  describe('with an EMG reported without neuromyotonia', () => {
    it('says the EMG on record does not confirm it', () => {
      const lgi1 = draft(['lgi1Antibody']);
      const report = emg({ daysAgo: 20 });
      const finding = checkLgi1Antibody(orderCheck(facts({ records: [twitching(40)], emg: [report] }), [lgi1]), lgi1, lgi1.tests[0]);
      assert.deepEqual(finding?.emg, { status: 'not-confirming', evidence: report.evidence });
    });
  });

  describe('with an EMG that confirms neuromyotonia', () => {
    it('says nothing: the order follows the approach', () => {
      const lgi1 = draft(['lgi1Antibody']);
      const f = facts({ records: [twitching(40)], emg: [emg({ daysAgo: 20, neuromyotonia: true })] });
      assert.equal(checkLgi1Antibody(orderCheck(f, [lgi1]), lgi1, lgi1.tests[0]), undefined);
    });
  });
});

describe('approach/neuromuscular: emgStanding', () => {
  it('is indicated, with its reasons, for twitching of 40 days and no EMG', () => {
    assert.deepEqual(emgStanding(orderCheck(facts({ records: [twitching(40)] }), [])), { status: 'indicated', reasons: ['duration'] });
  });

  it('is on record when an EMG was ordered this episode', () => {
    const ordered = order('electromyography', { daysAgo: 5 });
    assert.deepEqual(emgStanding(orderCheck(facts({ records: [twitching(40)], orders: [ordered] }), [])), { status: 'on-record', evidence: ordered.evidence });
  });

  it('is not yet indicated for recent isolated twitching', () => {
    assert.deepEqual(emgStanding(orderCheck(facts({ records: [twitching(5)] }), [])), { status: 'not-yet-indicated' });
  });
});
