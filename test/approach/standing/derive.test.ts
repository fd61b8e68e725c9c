import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { electrolyteFindings } from '../../../src/approach/electrolytes/rule';
import { redFlags } from '../../../src/approach/red-flags/rule';
import { deriveStanding } from '../../../src/approach/standing/derive';
import type { PatientFacts } from '../../../src/facts/types';
import { CTX, emg, facts, order, record, result, twitching } from '../../support/facts';

function standingOf(f: PatientFacts) {
  const episode = describeEpisode(f, CTX);
  return deriveStanding({ facts: f, episode, flags: redFlags(f, episode, CTX), electrolytes: electrolyteFindings(f, CTX), mriIndicated: false, ctx: CTX });
}

const branch = (f: PatientFacts, id: string) => standingOf(f).branches.find((b) => b.id === id)!;

describe('approach/standing: where the patient stands, from PatientFacts alone', () => {
  describe('the electrolyte branches', () => {
    const f = facts({
      records: [twitching(5)],
      results: [result('magnesium', 1.3, { interpretation: ['L'] }), result('potassium', 4.1)],
      orders: [order('calcium', { daysAgo: 1 })],
    });
    it('magnesium resulted abnormal, with the step due', () => {
      const mg = branch(f, 'magnesium');
      assert.deepEqual([mg.status, mg.outcome, mg.next], ['resulted', 'abnormal', 'Replete magnesium and recheck']);
    });
    it('potassium resulted normal, nothing due', () => {
      const k = branch(f, 'potassium');
      assert.deepEqual([k.status, k.outcome, k.next], ['resulted', 'normal', undefined]);
    });
    it('calcium ordered', () => {
      assert.equal(branch(f, 'calcium').status, 'ordered');
    });
  });

  describe('the EMG, neuromyotonia and LGI1 branches', () => {
    it('not started and due for persistent twitching', () => {
      const f = facts({ records: [twitching(40)] });
      assert.deepEqual([branch(f, 'emg').status, branch(f, 'emg').next], ['not-started', 'Order EMG with nerve conduction studies']);
      assert.equal(branch(f, 'neurological-examination').next, 'Examine strength, reflexes and sensation');
    });
    it('a normal EMG after onset: resulted normal, neuromyotonia excluded, the examination taken as done', () => {
      const f = facts({ records: [twitching(40)], emg: [emg({ daysAgo: 10, outcome: 'normal' })] });
      assert.deepEqual([branch(f, 'emg').status, branch(f, 'emg').outcome], ['resulted', 'normal']);
      assert.deepEqual([branch(f, 'neuromyotonia').status, branch(f, 'neuromyotonia').outcome], ['resulted', 'normal']);
      assert.equal(branch(f, 'neurological-examination').next, undefined);
    });
    it('an EMG showing neuromyotonia: diagnosed, and LGI1 due', () => {
      const f = facts({ records: [twitching(40)], emg: [emg({ daysAgo: 10, neuromyotonia: true })] });
      assert.equal(branch(f, 'neuromyotonia').status, 'diagnosed');
      assert.equal(branch(f, 'lgi1').next, 'Test LGI1 antibodies');
    });
    it('an EMG from before the twitching does not count for this episode', () => {
      const f = facts({ records: [twitching(40)], emg: [emg({ daysAgo: 400, outcome: 'normal' })] });
      assert.equal(branch(f, 'emg').status, 'not-started');
    });
  });

  describe('the red flags', () => {
    it('weakness that began with the twitching: new and urgent', () => {
      const [flag] = standingOf(facts({ records: [twitching(10), record('muscleWeakness', { sinceDaysAgo: 5 })] })).redFlags;
      assert.deepEqual([flag.course, flag.urgent], ['new', true]);
    });
    it('weakness with an EMG reported after it began: answered, not urgent', () => {
      const [flag] = standingOf(
        facts({ records: [twitching(30), record('muscleWeakness', { sinceDaysAgo: 20 })], emg: [emg({ daysAgo: 5, outcome: 'abnormal' })] }),
      ).redFlags;
      assert.ok(flag.answeredBy);
      assert.equal(flag.urgent, false);
    });
    it('weakness recorded as worsening stays urgent even after an EMG', () => {
      const [flag] = standingOf(
        facts({ records: [twitching(30), record('muscleWeakness', { sinceDaysAgo: 20, progressive: true })], emg: [emg({ daysAgo: 5, outcome: 'abnormal' })] }),
      ).redFlags;
      assert.deepEqual([flag.course, flag.urgent], ['progressive', true]);
    });
    it('sciatica known 91 days before the twitching is established; 89 days is new (the 90-day setting)', () => {
      const established = standingOf(facts({ records: [twitching(10), record('radiculopathy', { sinceDaysAgo: 101 })] })).redFlags[0];
      const recent = standingOf(facts({ records: [twitching(10), record('radiculopathy', { sinceDaysAgo: 99 })] })).redFlags[0];
      assert.deepEqual([established.course, established.urgent], ['established', false]);
      assert.deepEqual([recent.course, recent.urgent], ['new', true]);
    });
    it('claudication explained by PAD on record', () => {
      const [flag] = standingOf(
        facts({ records: [twitching(10), record('claudication', { sinceDaysAgo: 30 }), record('peripheralVascularDisease', { sinceDaysAgo: 30 })] }),
      ).redFlags;
      assert.equal(flag.explainedBy[0].concept, 'peripheralVascularDisease');
      assert.equal(flag.urgent, false);
      assert.match(flag.line, /explained by/);
    });
  });
});
