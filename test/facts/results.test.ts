import assert from 'node:assert/strict';
import { buildPatientFacts } from '../../src/facts/build';
import { routeResources } from '../../src/facts/route';
import type { ResultRecord } from '../../src/facts/types';
import { poolFrom } from '../../src/fhir/data-loader';
import { bundle, daysAgo, LOINC, magnesium, NOW, observation, PATIENT_ID, type Resource } from '../support/builders';

const INPUT = { patientId: PATIENT_ID, now: NOW, lookbackDays: 90, unavailable: new Set<string>() };

function resultsOf(...resources: Resource[]): ResultRecord[] {
  return buildPatientFacts(routeResources(poolFrom([bundle(...resources)])), INPUT).results;
}

function only(...resources: Resource[]): ResultRecord {
  const results = resultsOf(...resources);
  assert.equal(results.length, 1, JSON.stringify(results.map((r) => r.evidence)));
  return results[0];
}

describe('facts/results: the value in the canonical unit', () => {
  describe('with magnesium 0.55 mmol/L', () => {
    it('reads about 1.34 mg/dL', () => {
      const measured = only(observation({ code: '2601-3', value: 0.55, unit: 'mmol/L', unitCode: 'mmol/L' })).measured;
      assert.ok(measured?.ok && Math.abs(measured.value - 1.337) < 0.01 && measured.unit === 'mg/dL', JSON.stringify(measured));
    });
  });

  describe('with potassium 3.1 mEq/L written only as a printed unit', () => {
    it('reads 3.1 mmol/L (mEq/L is the display of UCUM meq/L)', () => {
      const measured = only(observation({ code: '2823-3', value: 3.1, unit: 'mEq/L' })).measured;
      assert.deepEqual(measured, { ok: true, value: 3.1, unit: 'mmol/L', sentAs: 'substance' });
    });
  });

  describe('with a magnesium range whose lower limit is in mmol/L', () => {
    it('converts the limit: 0.66 mmol/L is about 1.60 mg/dL', () => {
      const r = only(magnesium(1.65, { referenceLow: { value: 0.66, unit: 'mmol/L' } }));
      assert.ok(r.rangeLow !== undefined && Math.abs(r.rangeLow - 1.604) < 0.01, String(r.rangeLow));
    });
  });

  describe('with a unit nobody knows', () => {
    it('says why it cannot be compared', () => {
      assert.deepEqual(only(observation({ code: '19123-9', value: 1.2, unit: 'furlongs' })).measured, {
        ok: false,
        reason: 'the result has no recognised unit',
      });
    });
  });

  describe('with an ABI of 0.82 and no unit', () => {
    it('reads the ratio', () => {
      assert.deepEqual(only(observation({ code: '77194-9', system: LOINC, value: 0.82, unit: '', unitCode: '1' })).measured, {
        ok: true,
        value: 0.82,
        unit: '1',
      });
    });
  });

  describe('with an ABI in mmHg', () => {
    it('is not a ratio', () => {
      const measured = only(observation({ code: '77194-9', value: 82, unit: 'mm[Hg]', unitCode: 'mm[Hg]' })).measured;
      assert.deepEqual(measured, { ok: false, reason: 'the result is not a dimensionless ratio' });
    });
  });
});

describe('facts/results: which results are kept', () => {
  describe('with three magnesium results in no particular order', () => {
    it('keeps only the newest one that counts', () => {
      const kept = resultsOf(
        magnesium(1.9, { id: 'mid', effective: `${daysAgo(10)}T08:00:00Z` }),
        magnesium(1.1, { id: 'newest-preliminary', status: 'preliminary', effective: `${daysAgo(1)}T08:00:00Z` }),
        magnesium(2.0, { id: 'newest-final', effective: `${daysAgo(3)}T08:00:00Z` }),
        magnesium(1.4, { id: 'old', effective: `${daysAgo(30)}T08:00:00Z` }),
      );
      assert.deepEqual(
        kept.map((r) => r.evidence.reference),
        ['Observation/newest-final'],
      );
    });
  });

  describe('with results of several kinds', () => {
    it('returns them newest first', () => {
      const kept = resultsOf(
        magnesium(1.9, { id: 'mg', effective: `${daysAgo(10)}T08:00:00Z` }),
        observation({ id: 'k', code: '2823-3', value: 4, unit: 'mmol/L', unitCode: 'mmol/L', effective: `${daysAgo(1)}T08:00:00Z` }),
        observation({ id: 'abi', code: '77194-9', value: 1.1, unit: '', unitCode: '1', effective: `${daysAgo(5)}T08:00:00Z` }),
      );
      assert.deepEqual(
        kept.map((r) => r.evidence.reference),
        ['Observation/k', 'Observation/abi', 'Observation/mg'],
      );
    });
  });

  describe('with two ABI results', () => {
    it('keeps both (one per side matters)', () => {
      const kept = resultsOf(
        observation({ id: 'abi-1', code: '77194-9', value: 1.1, unit: '', unitCode: '1' }),
        observation({ id: 'abi-2', code: '77194-9', value: 0.8, unit: '', unitCode: '1' }),
      );
      assert.equal(kept.length, 2);
    });
  });
});
