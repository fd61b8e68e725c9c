import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { neurologicalEvaluation } from '../../../src/approach/neuromuscular/rule';
import { redFlags, urgentAssessment } from '../../../src/approach/red-flags/rule';
import type { ElectrolyteLow } from '../../../src/approach/electrolytes/findings';
import type { PatientFacts } from '../../../src/facts/types';
import { SNOMED } from '../../../src/knowledge/systems';
import { CTX, facts, record, result, twitching } from '../../support/facts';

function flags(f: PatientFacts) {
  return redFlags(f, describeEpisode(f, CTX), CTX).map((flag) => flag.flag);
}

const UPPER_ARM = { system: SNOMED, code: '40983000' };
const LEFT_THIGH = { system: SNOMED, code: '61396006' };

function severeLow(analyte: ElectrolyteLow['analyte']): ElectrolyteLow {
  return { kind: 'electrolyte-low', analyte, result: result(analyte, 1), basis: 'cut-off', severe: true, adultCutOffCaveat: false, medicines: [] };
}

describe('approach/red-flags: redFlags', () => {
  it('flags muscle weakness', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleWeakness')] })), ['weakness']);
  });

  it('flags atrophy', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleAtrophy')] })), ['weakness']);
  });

  it('does not flag weakness that has resolved', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleWeakness', { active: false })] })), []);
  });

  it('flags fasciculations recorded at the upper arm as well as the thigh', () => {
    const f = facts({ records: [twitching(5, { bodySites: [LEFT_THIGH] }), twitching(5, { bodySites: [UPPER_ARM] })] });
    assert.deepEqual(flags(f), ['widespread']);
  });

  it('flags one record naming the thigh and the upper arm', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5, { bodySites: [LEFT_THIGH, UPPER_ARM] })] })), ['widespread']);
  });

  it('does not flag fasciculations of the thigh only', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5, { bodySites: [LEFT_THIGH] })] })), []);
  });

  it('flags claudication, with its work-up', () => {
    const f = facts({ records: [twitching(5), record('claudication')], results: [result('ankleBrachialIndex', 0.8)] });
    const [flag] = redFlags(f, describeEpisode(f, CTX), CTX);
    assert.ok(flag.flag === 'claudication' && flag.worst === 'abnormal' && flag.existingAbi !== undefined);
  });

  it('flags lumbar radiculopathy', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('radiculopathy')] })), ['radiculopathy']);
  });

  it('flags numbness recorded without a body site (it may radiate down the leg)', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('sensoryChange')] })), ['radiculopathy']);
  });

  it('does not flag numbness of the upper arm', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('sensoryChange', { bodySites: [UPPER_ARM] })] })), []);
  });
});

describe('approach/red-flags: urgentAssessment', () => {
  it('says nothing without a flag and with at most one severe deficiency (that one keeps its own card)', () => {
    assert.equal(urgentAssessment([], [], undefined), undefined);
    assert.equal(urgentAssessment([], [severeLow('potassium')], undefined), undefined);
  });

  it('gathers two severe deficiencies into one urgent assessment', () => {
    assert.equal(urgentAssessment([], [severeLow('potassium'), severeLow('magnesium')], undefined)?.severe.length, 2);
  });

  it('gathers every flag and the severe deficiency beside them, with the evaluation the neurological flags ask for', () => {
    const f = facts({ records: [twitching(40), record('muscleWeakness'), record('claudication'), record('radiculopathy')] });
    const episode = describeEpisode(f, CTX);
    const evaluation = neurologicalEvaluation(f, episode, CTX);
    const urgent = urgentAssessment(redFlags(f, episode, CTX), [severeLow('potassium')], evaluation);
    assert.deepEqual(
      urgent?.flags.map((flag) => flag.flag),
      ['weakness', 'claudication', 'radiculopathy'],
    );
    assert.equal(urgent?.severe.length, 1);
    assert.equal(urgent?.evaluation, evaluation);
  });

  it('leaves the evaluation out when only claudication is flagged (it asks for pulses and an ABI, not an EMG)', () => {
    const f = facts({ records: [twitching(40), record('claudication')] });
    const episode = describeEpisode(f, CTX);
    assert.equal(urgentAssessment(redFlags(f, episode, CTX), [], neurologicalEvaluation(f, episode, CTX))?.evaluation, undefined);
  });
});
