import assert from 'node:assert/strict';
import { describeEpisode } from '../../../src/approach/episode';
import { redFlagFindings } from '../../../src/approach/red-flags/rule';
import type { PatientFacts } from '../../../src/facts/types';
import { SNOMED } from '../../../src/knowledge/systems';
import { CTX, facts, record, twitching } from '../../support/facts';

function flags(f: PatientFacts) {
  return redFlagFindings(f, describeEpisode(f, CTX)).map((finding) => finding.kind);
}

const UPPER_ARM = { system: SNOMED, code: '40983000' };
const LEFT_THIGH = { system: SNOMED, code: '61396006' };

describe('approach/red-flags: redFlagFindings', () => {
  it('flags muscle weakness', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleWeakness')] })), ['red-flag-weakness-atrophy']);
  });

  it('flags atrophy', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleAtrophy')] })), ['red-flag-weakness-atrophy']);
  });

  it('does not flag weakness that has resolved', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('muscleWeakness', { active: false })] })), []);
  });

  it('flags fasciculations recorded at the upper arm as well as the thigh', () => {
    const f = facts({ records: [twitching(5, { bodySites: [LEFT_THIGH] }), twitching(5, { bodySites: [UPPER_ARM] })] });
    assert.deepEqual(flags(f), ['red-flag-widespread-fasciculations']);
  });

  it('does not flag fasciculations of the thigh only', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5, { bodySites: [LEFT_THIGH] })] })), []);
  });

  it('flags lumbar radiculopathy', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('radiculopathy')] })), ['red-flag-radiculopathy']);
  });

  it('flags numbness recorded without a body site (it may radiate down the leg)', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('sensoryChange')] })), ['red-flag-radiculopathy']);
  });

  it('does not flag numbness of the upper arm', () => {
    assert.deepEqual(flags(facts({ records: [twitching(5), record('sensoryChange', { bodySites: [UPPER_ARM] })] })), []);
  });
});
