import assert from 'node:assert/strict';
import type { ReferenceRange, ResultRecord } from '../src/facts/types';
import type { QuantityLike } from '../src/fhir/units';
import { ELECTROLYTES } from '../src/knowledge/thresholds';
import { assessLevel, type LevelAssessment } from '../src/rules/electrolytes';
import { UCUM } from './support/builders';

const MAGNESIUM = ELECTROLYTES.magnesium;

function result(quantity: QuantityLike | undefined, options: { interpretation?: string[]; referenceRange?: ReferenceRange } = {}): ResultRecord {
  return {
    kind: 'magnesium',
    evidence: { reference: 'Observation/mg-1', description: 'Magnesium' },
    effective: new Date('2026-11-24T08:00:00Z'),
    quantity,
    interpretation: options.interpretation ?? [],
    referenceRange: options.referenceRange,
    valueCodings: [],
  };
}

/** The assessment, which must not be "unassessable". */
function assessed(level: LevelAssessment): Exclude<LevelAssessment, { status: 'unassessable' }> {
  assert.ok(level.status !== 'unassessable', `unassessable: ${level.status === 'unassessable' ? level.reason : ''}`);
  return level;
}

const mgdl = (value: number): QuantityLike => ({ value, unit: 'mg/dL', system: UCUM, code: 'mg/dL' });

describe('assessLevel', () => {
  describe('with a normal value the laboratory flagged L', () => {
    it('is low on the laboratory interpretation', () => {
      const level = assessed(assessLevel(result(mgdl(2.0), { interpretation: ['L'] }), MAGNESIUM));
      assert.equal(level.status, 'low');
      assert.equal(level.basis, 'lab-interpretation');
      assert.equal(level.canonicalValue, 2.0);
    });
  });

  describe('with a low value the laboratory flagged N', () => {
    it('is not low, on the laboratory interpretation', () => {
      const level = assessLevel(result(mgdl(1.2), { interpretation: ['N'], referenceRange: { low: mgdl(1.6) } }), MAGNESIUM);
      assert.deepEqual(level, { status: 'not-low', basis: 'lab-interpretation', canonicalValue: 1.2 });
    });
  });

  describe('with an L flag and a unit nobody knows', () => {
    it('is still low: the interpretation needs no unit', () => {
      const level = assessLevel(result({ value: 0.5, unit: 'furlongs' }, { interpretation: ['LL'] }), MAGNESIUM);
      assert.deepEqual(level, { status: 'low', basis: 'lab-interpretation', canonicalValue: undefined });
    });
  });

  describe('with a reference range and no interpretation', () => {
    it('calls 1.8 mg/dL low against a range starting at 1.9, though the cut-off is 1.7', () => {
      const level = assessLevel(result(mgdl(1.8), { referenceRange: { low: mgdl(1.9) } }), MAGNESIUM);
      assert.deepEqual(level, {
        status: 'low',
        basis: 'lab-range',
        canonicalValue: 1.8,
        limit: '1.9 mg/dL (laboratory reference range)',
      });
    });

    it('calls 1.6 mg/dL not low against a range starting at 1.5, though it is under the cut-off', () => {
      const level = assessed(assessLevel(result(mgdl(1.6), { referenceRange: { low: mgdl(1.5) } }), MAGNESIUM));
      assert.equal(level.status, 'not-low');
      assert.equal(level.basis, 'lab-range');
    });

    it('converts a range given in mmol/L before comparing', () => {
      // 0.66 mmol/L is about 1.60 mg/dL: 1.65 mg/dL is inside the range.
      const level = assessed(assessLevel(result(mgdl(1.65), { referenceRange: { low: { value: 0.66, unit: 'mmol/L', system: UCUM, code: 'mmol/L' } } }), MAGNESIUM));
      assert.equal(level.status, 'not-low');
      assert.equal(level.basis, 'lab-range');
      assert.equal(level.limit, '1.6 mg/dL (laboratory reference range)');
    });
  });

  describe('without an interpretation or a reference range', () => {
    it('calls 1.6 mg/dL low against the 1.7 mg/dL cut-off, citing the source', () => {
      const level = assessed(assessLevel(result(mgdl(1.6)), MAGNESIUM));
      assert.equal(level.status, 'low');
      assert.equal(level.basis, 'cut-off');
      assert.equal(level.limit, `1.7 mg/dL (${MAGNESIUM.source})`);
    });

    it('calls exactly 1.7 mg/dL not low', () => {
      assert.equal(assessLevel(result(mgdl(1.7)), MAGNESIUM).status, 'not-low');
    });

    it('uses the cut-off when the range has no usable low', () => {
      const level = assessLevel(result(mgdl(1.6), { referenceRange: { text: '1.6-2.6 mg/dL' } }), MAGNESIUM);
      assert.ok(level.status === 'low' && level.basis === 'cut-off', JSON.stringify(level));
    });

    it('converts 0.55 mmol/L to about 1.34 mg/dL and calls it low', () => {
      const level = assessLevel(result({ value: 0.55, unit: 'mmol/L', system: UCUM, code: 'mmol/L' }), MAGNESIUM);
      assert.ok(level.status === 'low' && level.basis === 'cut-off', JSON.stringify(level));
      assert.ok(Math.abs(level.canonicalValue! - 1.337) < 0.01, String(level.canonicalValue));
    });
  });

  describe('with a unit that is not known', () => {
    it('is unassessable, with the reason', () => {
      assert.deepEqual(assessLevel(result({ value: 1.2, unit: 'furlongs' }), MAGNESIUM), {
        status: 'unassessable',
        reason: 'the result has no recognised unit',
      });
    });
  });

  describe('without a value', () => {
    it('is unassessable: no numeric value', () => {
      assert.deepEqual(assessLevel(result(undefined), MAGNESIUM), { status: 'unassessable', reason: 'the result has no numeric value' });
    });
  });

  describe('with a comparator', () => {
    it('cannot judge "> 1.5 mg/dL" against a 1.7 mg/dL limit: unassessable', () => {
      assert.deepEqual(assessLevel(result({ ...mgdl(1.5), comparator: '>' }), MAGNESIUM), {
        status: 'unassessable',
        reason: 'the result is reported as > 1.5',
      });
    });

    it('calls "< 1.0 mg/dL" low', () => {
      const level = assessed(assessLevel(result({ ...mgdl(1.0), comparator: '<' }), MAGNESIUM));
      assert.equal(level.status, 'low');
    });
  });
});
