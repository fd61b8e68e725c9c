import assert from 'node:assert/strict';
import { dailyMilligrams } from '../../src/facts/dose';

const dosage = (dose: object, repeat?: object) => ({ doseAndRate: [{ doseQuantity: dose }], ...(repeat ? { timing: { repeat } } : {}) });

describe('facts/dose: milligrams a day from FHIR Dosage', () => {
  it('200 mg three times a day is 600 mg a day', () => {
    assert.equal(dailyMilligrams([dosage({ value: 200, code: 'mg' }, { frequency: 3, period: 1, periodUnit: 'd' })], undefined), 600);
  });
  it('two tablets of "Caffeine 200 MG Oral Tablet" every 12 hours is 800 mg a day', () => {
    assert.equal(dailyMilligrams([dosage({ value: 2, code: '{tbl}' }, { frequency: 1, period: 12, periodUnit: 'h' })], 'Caffeine 200 MG Oral Tablet'), 800);
  });
  it('morning and evening lines are added', () => {
    const line = dosage({ value: 100, code: 'mg' }, { frequency: 1, period: 1, periodUnit: 'd' });
    assert.equal(dailyMilligrams([line, line], undefined), 200);
  });
  it('gives no figure without timing, with a unit it does not know, or with an inherited name as unit', () => {
    assert.equal(dailyMilligrams([dosage({ value: 200, code: 'mg' })], undefined), undefined);
    assert.equal(dailyMilligrams([dosage({ value: 1, code: 'cup' }, { frequency: 3, period: 1, periodUnit: 'd' })], undefined), undefined);
    assert.equal(dailyMilligrams([dosage({ value: 1, code: 'constructor' }, { frequency: 1, period: 1, periodUnit: 'constructor' })], undefined), undefined);
    assert.equal(dailyMilligrams([], undefined), undefined);
  });
});
