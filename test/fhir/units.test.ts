import assert from 'node:assert/strict';
import { convert, roundForDisplay, toCanonical, ucumCodeOf, type Conversion } from '../../src/fhir/units';
import { ELECTROLYTES } from '../../src/knowledge/catalogue';
import { UCUM } from '../support/builders';

const MG = { molarMass: ELECTROLYTES.magnesium.molarMass, charge: ELECTROLYTES.magnesium.charge };
const K = { molarMass: ELECTROLYTES.potassium.molarMass, charge: ELECTROLYTES.potassium.charge };
const CA = { molarMass: ELECTROLYTES.calciumTotal.molarMass, charge: ELECTROLYTES.calciumTotal.charge };

function valueOf(conversion: Conversion): number {
  assert.ok(conversion.ok, `conversion failed: ${conversion.ok ? '' : conversion.reason}`);
  return conversion.value;
}

function close(actual: number, expected: number, tolerance = 0.01): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

describe('toCanonical', () => {
  describe('with magnesium 0.7 mmol/L (UCUM coded)', () => {
    it('converts through the molar mass to about 1.70 mg/dL', () => {
      close(valueOf(toCanonical({ value: 0.7, unit: 'mmol/L', system: UCUM, code: 'mmol/L' }, 'mg/dL', MG)), 1.7);
    });
  });

  describe('with magnesium 1.4 meq/L', () => {
    it('converts through the charge to about 1.70 mg/dL', () => {
      close(valueOf(toCanonical({ value: 1.4, unit: 'meq/L', system: UCUM, code: 'meq/L' }, 'mg/dL', MG)), 1.7);
    });
  });

  describe('with magnesium already in mg/dL', () => {
    it('returns the value unchanged', () => {
      assert.deepEqual(toCanonical({ value: 1.3, code: 'mg/dL', system: UCUM }, 'mg/dL', MG), { ok: true, value: 1.3 });
    });
  });

  describe('with potassium 3.1 and only the printed unit "mEq/L"', () => {
    it('reads mEq/L as UCUM meq/L: 3.1 mmol/L', () => {
      assert.equal(ucumCodeOf({ unit: 'mEq/L' }), 'meq/L');
      close(valueOf(toCanonical({ value: 3.1, unit: 'mEq/L' }, 'mmol/L', K)), 3.1, 1e-9);
    });
  });

  describe('with calcium 2.35 mmol/L', () => {
    it('converts to about 9.42 mg/dL', () => {
      close(valueOf(toCanonical({ value: 2.35, code: 'mmol/L', system: UCUM }, 'mg/dL', CA)), 9.42);
    });
  });

  describe('with a code from a system other than UCUM', () => {
    it('ignores the code and reads the printed unit', () => {
      const q = { value: 1.3, unit: 'mg/dl', code: 'MGDL', system: 'http://example.org/lab-units' };
      assert.equal(ucumCodeOf(q), 'mg/dL');
      assert.deepEqual(toCanonical(q, 'mg/dL', MG), { ok: true, value: 1.3 });
    });
  });

  describe('with a printed unit nobody knows', () => {
    it('answers ok:false with the reason "no recognised unit"', () => {
      assert.deepEqual(toCanonical({ value: 1.2, unit: 'furlongs' }, 'mg/dL', MG), { ok: false, reason: 'the result has no recognised unit' });
    });
  });

  describe('with a UCUM unit that cannot become mg/dL', () => {
    it('answers ok:false naming the unit and the target', () => {
      assert.deepEqual(toCanonical({ value: 1.2, code: 'kg', system: UCUM }, 'mg/dL', MG), {
        ok: false,
        reason: 'unit "kg" cannot be converted to mg/dL',
      });
    });
  });

  // A plain-object look-up keyed by these words finds what every object inherits, not a unit.
  for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'mg/constructor', 'mtoString']) {
    describe(`with "${word}" as the unit`, () => {
      it('answers ok:false "no recognised unit" for the coded unit and for the printed one', () => {
        const refused = { ok: false, reason: 'the result has no recognised unit' };
        assert.deepEqual(toCanonical({ value: 1.3, code: word, system: UCUM }, 'mg/dL', MG), refused);
        assert.deepEqual(toCanonical({ value: 1.3, unit: word }, 'mg/dL', MG), refused);
        assert.equal(ucumCodeOf({ unit: word }), undefined);
        assert.deepEqual(convert(1.3, word, 'mg/dL', MG), refused);
      });
    });
  }

  describe('without a numeric value', () => {
    it('answers ok:false "no numeric value" for a missing value', () => {
      assert.deepEqual(toCanonical({ unit: 'mg/dL', code: 'mg/dL', system: UCUM }, 'mg/dL', MG), {
        ok: false,
        reason: 'the result has no numeric value',
      });
    });
    it('answers ok:false for a string or NaN value', () => {
      assert.equal(toCanonical({ value: '1.3', code: 'mg/dL' }, 'mg/dL', MG).ok, false);
      assert.equal(toCanonical({ value: Number.NaN, code: 'mg/dL' }, 'mg/dL', MG).ok, false);
    });
  });
});

describe('roundForDisplay', () => {
  describe('with a converted value', () => {
    it('keeps three significant figures', () => {
      assert.equal(roundForDisplay(1.70135), '1.7');
      assert.equal(roundForDisplay(1.3368), '1.34');
      assert.equal(roundForDisplay(9.4183), '9.42');
    });
  });
});
