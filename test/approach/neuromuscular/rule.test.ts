import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { emgConfirmation, lgi1Findings, neurologicalEvaluation } from '../../../src/approach/neuromuscular/rule';
import type { PatientFacts } from '../../../src/facts/types';
import { POSITIVE } from '../../../src/knowledge/interpretation';
import { SNOMED } from '../../../src/knowledge/systems';
import { CTX, emg, facts, order, record, result, twitching } from '../../support/facts';

function evaluation(f: PatientFacts) {
  const found = neurologicalEvaluation(f, describeEpisode(f, CTX), CTX);
  return found ? [found] : [];
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

  describe('with neuromyotonia already diagnosed', () => {
    it('does not ask for an EMG to establish it again', () => {
      const diagnosis = record('neuromyotonia', { statedAs: 'Neuromyotonia' });
      const [finding] = evaluation(facts({ records: [twitching(40), diagnosis] }));
      assert.ok(finding.kind === 'neurological-evaluation');
      assert.deepEqual(finding.existing, { kind: 'diagnosis', diagnosis });
    });
  });

  describe('with an EMG reported two years before the twitching began', () => {
    it('does not count it for this episode', () => {
      const [finding] = evaluation(facts({ records: [twitching(40)], emg: [emg({ daysAgo: 700 })] }));
      assert.ok(finding.kind === 'neurological-evaluation' && finding.existing === undefined);
    });
  });
});

describe('approach/neuromuscular: emgConfirmation', () => {
  describe('with an EMG whose findings are coded as neuromyotonia', () => {
    it('is confirmed by the EMG', () => {
      const report = emg({ daysAgo: 10, neuromyotonia: true });
      assert.deepEqual(emgConfirmation(facts({ emg: [report] })), { by: 'emg', evidence: [report.evidence] });
    });
  });

  describe('with a confirmed G71.19 that does not name neuromyotonia and no EMG', () => {
    it('is not confirmed: G71.19 covers other myotonic disorders', () => {
      assert.equal(
        emgConfirmation(facts({ records: [record('neuromyotonia', { statedAs: 'Other specified myotonic disorders', broadlyCoded: true })] })),
        undefined,
      );
    });
  });

  describe('with a confirmed diagnosis naming Isaacs syndrome and no EMG report', () => {
    it('is confirmed by the diagnosis, with no report to name', () => {
      const isaacs = record('neuromyotonia', { statedAs: "Isaacs' syndrome", broadlyCoded: true });
      assert.deepEqual(emgConfirmation(facts({ records: [isaacs] })), { by: 'diagnosis', diagnosis: [isaacs.evidence], emgReport: undefined });
    });
  });

  describe("with a diagnosis coded by a site's own neuromyotonia code, with no words", () => {
    it('is confirmed by the diagnosis: a specific code speaks for itself', () => {
      const specific = record('neuromyotonia');
      assert.equal(emgConfirmation(facts({ records: [specific] }))?.by, 'diagnosis');
    });
  });

  describe('with a diagnosis naming neuromyotonia that is only provisional', () => {
    it('is not confirmed', () => {
      assert.equal(emgConfirmation(facts({ records: [record('neuromyotonia', { statedAs: 'Neuromyotonia', confirmed: false })] })), undefined);
    });
  });

  describe('with a diagnosis naming neuromyotonia and an EMG report that does not code it', () => {
    it('is confirmed by the diagnosis and names the report', () => {
      const report = emg({ daysAgo: 30 });
      const confirmation = emgConfirmation(facts({ records: [record('neuromyotonia', { statedAs: 'Neuromyotonia' })], emg: [report] }));
      assert.ok(confirmation?.by === 'diagnosis');
      assert.equal(confirmation.emgReport, report.evidence);
    });
  });
});

describe('approach/neuromuscular: lgi1Findings', () => {
  describe('with EMG-confirmed neuromyotonia and no LGI1 result', () => {
    it('asks for LGI1 antibodies', () => {
      const report = emg({ daysAgo: 10, neuromyotonia: true });
      assert.deepEqual(lgi1Findings(facts({ emg: [report] })), [
        { kind: 'lgi1-testing', confirmation: { by: 'emg', evidence: [report.evidence] }, unreadable: [] },
      ]);
    });
  });

  describe('with neuromyotonia diagnosed on the problem list', () => {
    it('asks for LGI1 antibodies, the confirmation taken from the diagnosis', () => {
      const [finding] = lgi1Findings(facts({ records: [record('neuromyotonia', { statedAs: 'Neuromyotonia (Isaacs syndrome)' })] }));
      assert.ok(finding.kind === 'lgi1-testing' && finding.confirmation.by === 'diagnosis');
    });
  });

  describe('with an LGI1 order pending', () => {
    it('does not ask again', () => {
      assert.deepEqual(lgi1Findings(facts({ emg: [emg({ neuromyotonia: true })], orders: [order('lgi1Antibody')] })), []);
    });
  });

  for (const [how, options] of [
    ['coded Positive', { valueCodings: [{ system: POSITIVE.system, code: POSITIVE.code }] }],
    ['coded Detected (260373001)', { valueCodings: [{ system: SNOMED, code: '260373001' }] }],
    ['flagged DET', { interpretation: ['DET'] }],
    ['flagged A (abnormal)', { interpretation: ['A'] }],
    ['written "Positive 1:40"', { valueText: 'Positive 1:40' }],
    ['written "reactive"', { valueText: 'reactive' }],
  ] as const) {
    describe(`with an LGI1 result ${how}`, () => {
      it('reports it as positive', () => {
        const [finding] = lgi1Findings(facts({ results: [result('lgi1Antibody', undefined, options)] }));
        assert.equal(finding?.kind, 'lgi1-positive');
      });
    });
  }

  for (const [how, options] of [
    ['coded Not detected (260415000)', { valueCodings: [{ system: SNOMED, code: '260415000' }] }],
    ['flagged NEG', { interpretation: ['NEG'] }],
    ['written "Not detected"', { valueText: 'Not detected' }],
    ['written "Negative (<1:10)"', { valueText: 'Negative (<1:10)' }],
  ] as const) {
    describe(`with EMG-confirmed neuromyotonia and an LGI1 result ${how}`, () => {
      it('takes the question as answered', () => {
        assert.deepEqual(lgi1Findings(facts({ emg: [emg({ neuromyotonia: true })], results: [result('lgi1Antibody', undefined, options)] })), []);
      });
    });
  }

  describe('with an LGI1 result written "Indeterminate"', () => {
    it('says it cannot be read, without reading it as negative', () => {
      const unread = result('lgi1Antibody', undefined, { valueText: 'Indeterminate' });
      assert.deepEqual(lgi1Findings(facts({ results: [unread] })), [{ kind: 'lgi1-unreadable', results: [unread] }]);
    });
  });

  describe('with EMG-confirmed neuromyotonia and an LGI1 result that cannot be read', () => {
    it('still asks for the test, naming the unread result', () => {
      const unread = result('lgi1Antibody', undefined, { valueText: 'see scanned report' });
      const [finding] = lgi1Findings(facts({ emg: [emg({ neuromyotonia: true })], results: [unread] }));
      assert.ok(finding.kind === 'lgi1-testing');
      assert.deepEqual(finding.unreadable, [unread]);
    });
  });

  describe('with a result coded Negative but flagged A', () => {
    it('cannot be read: it says both', () => {
      const [finding] = lgi1Findings(
        facts({ results: [result('lgi1Antibody', undefined, { interpretation: ['A'], valueCodings: [{ system: SNOMED, code: '260385009' }] })] }),
      );
      assert.equal(finding?.kind, 'lgi1-unreadable');
    });
  });
});
