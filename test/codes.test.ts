import assert from 'node:assert/strict';
import { CONCEPTS, conceptsOf, sideFromIcd10 } from '../src/knowledge/codes';
import { ICD10CM, LOINC, SNOMED } from './support/builders';

describe('conceptsOf', () => {
  describe('with the fasciculation code R25.3 as senders write it', () => {
    for (const code of ['R25.3', 'r25.3', 'R253', ' R25.3 ']) {
      it(`reads "${code}" as twitching`, () => {
        assert.deepEqual(conceptsOf(ICD10CM, code), ['twitching']);
      });
    }
  });

  describe('with codes from families matched by prefix', () => {
    it('reads S76.312A (strain of left hamstring) as a hamstring injury', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'S76.312A'), ['hamstringInjury']);
    });
    it('reads I70.212 (atherosclerosis with claudication, left leg) as claudication', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'I70.212'), ['claudication']);
    });
    it('reads M62.552 (atrophy of the left thigh) as muscle atrophy', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'M62.552'), ['muscleAtrophy']);
    });
    it('reads a lower-case family code the same way', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 's76.311a'), ['hamstringInjury']);
    });
  });

  describe('with codes it does not know', () => {
    it('answers [] for an unknown ICD-10-CM code', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 'Z99.89'), []);
    });
    it('answers [] for R25.3 under another system', () => {
      assert.deepEqual(conceptsOf(SNOMED, 'R25.3'), []);
    });
    it('matches prefixes only in ICD-10-CM', () => {
      assert.deepEqual(conceptsOf(SNOMED, 'S76.312A'), []);
    });
    it('answers [] for a code that is not a string, or is absurdly long', () => {
      assert.deepEqual(conceptsOf(ICD10CM, 253), []);
      assert.deepEqual(conceptsOf(undefined, 'R25.3'), []);
      assert.deepEqual(conceptsOf(ICD10CM, `S76.3${'1'.repeat(80)}`), []);
    });
  });

  describe('with a LOINC code in two value sets', () => {
    it('answers the concept of the code', () => {
      assert.deepEqual(conceptsOf(LOINC, '19123-9'), ['magnesium']);
    });
  });
});

describe('CONCEPTS', () => {
  describe('as a table', () => {
    it('lists each concept id once', () => {
      const ids = CONCEPTS.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });
});

describe('sideFromIcd10', () => {
  describe('with codes whose character after the subcategory is the side', () => {
    it('reads M79.652 (pain in left thigh) as left', () => {
      assert.equal(sideFromIcd10('M79.652'), 'left');
    });
    it('reads I70.213 (claudication, both legs) as bilateral', () => {
      assert.equal(sideFromIcd10('I70.213'), 'bilateral');
    });
    it('reads S76.311A (strain of right hamstring) as right', () => {
      assert.equal(sideFromIcd10('S76.311A'), 'right');
    });
    it('reads M62.551 as right and M62.559 (unspecified) as no side', () => {
      assert.equal(sideFromIcd10('M62.551'), 'right');
      assert.equal(sideFromIcd10('M62.559'), undefined);
    });
    it('does not read 3 as bilateral outside I70.21-', () => {
      assert.equal(sideFromIcd10('M62.553'), undefined);
    });
  });

  describe('with the sided sciatica codes', () => {
    it('reads M54.41 as right and M54.42 as left', () => {
      assert.equal(sideFromIcd10('M54.41'), 'right');
      assert.equal(sideFromIcd10('M54.42'), 'left');
    });
  });

  describe('with a code without laterality', () => {
    it('answers undefined', () => {
      assert.equal(sideFromIcd10('R25.3'), undefined);
    });
  });
});
