import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { emgConfirmation, lgi1Findings, neurologicalEvaluation } from '../../../src/approach/neuromuscular/rule';
import type { PatientFacts } from '../../../src/facts/types';
import { POSITIVE } from '../../../src/knowledge/interpretation';
import { CTX, emg, facts, order, record, result, twitching } from '../../support/facts';

function evaluation(f: PatientFacts) {
  return neurologicalEvaluation(f, describeEpisode(f, CTX), CTX);
}

describe('approach/neuromuscular: neurologicalEvaluation', () => {
  describe('with twitching for 5 days and nothing else', () => {
    it('finds nothing to evaluate yet', () => {
      assert.deepEqual(evaluation(facts({ records: [twitching(5)] })), []);
    });
  });

  describe('with twitching for 40 days', () => {
    it('asks for an exam and EMG for its duration', () => {
      const [finding] = evaluation(facts({ records: [twitching(40)] }));
      assert.ok(finding.kind === 'neurological-evaluation');
      assert.deepEqual(finding.reasons, ['duration']);
      assert.equal(finding.durationDays, 40);
      assert.equal(finding.existing, undefined);
    });
  });

  describe('with twitching for 5 days and cramps', () => {
    it('asks for evaluation because of the other symptom (neuro.pnh-presentation)', () => {
      const [finding] = evaluation(facts({ records: [twitching(5), record('muscleCramp')] }));
      assert.ok(finding.kind === 'neurological-evaluation');
      assert.deepEqual(finding.reasons, ['symptoms']);
    });
  });

  describe('with an EMG ordered since the twitching began', () => {
    it('names it instead of asking again', () => {
      const ordered = order('electromyography', { daysAgo: 10 });
      const [finding] = evaluation(facts({ records: [twitching(40)], orders: [ordered] }));
      assert.ok(finding.kind === 'neurological-evaluation');
      assert.deepEqual(finding.existing, { kind: 'order', order: ordered });
    });
  });

  describe('with an EMG reported two years before the twitching began', () => {
    it('does not count it for this episode', () => {
      const [finding] = evaluation(facts({ records: [twitching(40)], emg: [emg({ daysAgo: 700 })] }));
      assert.ok(finding.kind === 'neurological-evaluation' && finding.existing === undefined);
    });
  });
});

describe('approach/neuromuscular: lgi1Findings', () => {
  describe('with an EMG whose findings are coded as neuromyotonia', () => {
    it('asks for LGI1 antibodies', () => {
      const report = emg({ daysAgo: 10, neuromyotonia: true });
      assert.deepEqual(lgi1Findings(facts({ emg: [report] })), [{ kind: 'lgi1-testing', confirmation: [report.evidence] }]);
    });
  });

  describe('with a confirmed neuromyotonia diagnosis but no EMG on record', () => {
    it('does not take the diagnosis alone as EMG confirmation', () => {
      assert.deepEqual(emgConfirmation(facts({ records: [record('neuromyotonia')] })), []);
    });
  });

  describe('with an LGI1 order pending', () => {
    it('does not ask again', () => {
      assert.deepEqual(lgi1Findings(facts({ emg: [emg({ neuromyotonia: true })], orders: [order('lgi1Antibody')] })), []);
    });
  });

  describe('with a positive LGI1 result coded as Positive', () => {
    it('reports it', () => {
      const positive = result('lgi1Antibody', undefined, { valueCodings: [{ system: POSITIVE.system, code: POSITIVE.code }] });
      assert.deepEqual(lgi1Findings(facts({ results: [positive] })), [{ kind: 'lgi1-positive', result: positive }]);
    });
  });

  describe('with an LGI1 result flagged DET', () => {
    it('reports it as positive', () => {
      const [finding] = lgi1Findings(facts({ results: [result('lgi1Antibody', undefined, { interpretation: ['DET'] })] }));
      assert.equal(finding.kind, 'lgi1-positive');
    });
  });
});
