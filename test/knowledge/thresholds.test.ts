import assert from 'node:assert/strict';
import { abiBand, type AbiBand } from '../../src/knowledge/thresholds';

describe('abiBand', () => {
  describe('at the 2016 AHA/ACC band boundaries', () => {
    const cases: [number, AbiBand][] = [
      [0.9, 'abnormal'],
      [0.91, 'borderline'],
      [0.99, 'borderline'],
      [1.0, 'normal'],
      [1.4, 'normal'],
      [1.41, 'noncompressible'],
    ];
    for (const [value, band] of cases) {
      it(`reads ${value.toFixed(2)} as ${band}`, () => {
        assert.equal(abiBand(value), band);
      });
    }
  });

  describe('with values read to two decimals', () => {
    it('reads 0.904 as 0.90 (abnormal) and 0.906 as 0.91 (borderline)', () => {
      assert.equal(abiBand(0.904), 'abnormal');
      assert.equal(abiBand(0.906), 'borderline');
    });
    it('reads 1.404 as 1.40 (normal) and 1.406 as 1.41 (noncompressible)', () => {
      assert.equal(abiBand(1.404), 'normal');
      assert.equal(abiBand(1.406), 'noncompressible');
    });
  });

  describe('far from the boundaries', () => {
    it('reads 0.4 as abnormal and 2.5 as noncompressible', () => {
      assert.equal(abiBand(0.4), 'abnormal');
      assert.equal(abiBand(2.5), 'noncompressible');
    });
  });
});
