import assert from 'node:assert/strict';
import { CARD_DEFINITIONS, evaluateOrders, evaluatePatientView } from '../../src/approach';
import { CTX, draft, facts, record, result, twitching } from '../support/facts';

const NORMAL = [result('magnesium', 2), result('potassium', 4), result('calciumTotal', 9)];

describe('approach: evaluatePatientView', () => {
  describe('without active twitching', () => {
    it('finds nothing, whatever else is on record', () => {
      assert.deepEqual(evaluatePatientView(facts({ records: [record('muscleWeakness')], results: [result('potassium', 2.1)] }), CTX), []);
    });
  });

  describe('with recent isolated twitching and normal electrolytes', () => {
    it('finds it likely benign and nothing else', () => {
      assert.deepEqual(
        evaluatePatientView(facts({ records: [twitching(5)], results: NORMAL }), CTX).map((f) => f.kind),
        ['likely-benign'],
      );
    });
  });

  describe('with recent twitching and a severe hypokalaemia', () => {
    it('does not call it benign', () => {
      const kinds = evaluatePatientView(
        facts({ records: [twitching(5)], results: [result('potassium', 2.2), result('magnesium', 2), result('calciumTotal', 9)] }),
        CTX,
      ).map((f) => f.kind);
      assert.deepEqual(kinds, ['electrolyte-low']);
    });
  });

  describe('with weakness, claudication, thigh pain, a low magnesium and an ABI', () => {
    it('gives one urgent finding first (the ABI and the examination inside it), then structure and electrolytes', () => {
      const kinds = evaluatePatientView(
        facts({
          records: [twitching(40), record('muscleWeakness'), record('claudication'), record('thighPain')],
          results: [result('magnesium', 1.3), result('ankleBrachialIndex', 0.8)],
        }),
        CTX,
      ).map((f) => f.kind);
      assert.deepEqual(kinds, ['urgent-assessment', 'mri-thigh', 'electrolytes-missing', 'electrolyte-low']);
    });
  });

  describe('with a severe magnesium and no red flag', () => {
    it('keeps its own critical finding, first', () => {
      const [first] = evaluatePatientView(
        facts({ records: [twitching(20)], results: [result('magnesium', 1.0), result('potassium', 4), result('calciumTotal', 9)] }),
        CTX,
      );
      assert.ok(first.kind === 'electrolyte-low' && first.severe);
    });
  });

  describe('with an implausible potassium', () => {
    it('reads no level from it and names it once', () => {
      const kinds = evaluatePatientView(
        facts({ records: [twitching(5)], results: [result('potassium', 0.4), result('magnesium', 2), result('calciumTotal', 9)] }),
        CTX,
      ).map((f) => f.kind);
      assert.deepEqual(kinds, ['result-implausible']);
    });
  });

  describe('with fasciculations recorded only at the upper arm', () => {
    it('finds nothing: that is not hamstring twitching', () => {
      const upperArm = { system: 'http://snomed.info/sct', code: '40983000' };
      assert.deepEqual(evaluatePatientView(facts({ records: [twitching(5, { bodySites: [upperArm] })], results: NORMAL }), CTX), []);
    });
  });
});

describe('approach: evaluateOrders', () => {
  describe('with a draft coded both as a BMP and a CMP', () => {
    it('checks it as one panel', () => {
      const panel = draft(['basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
      assert.deepEqual(
        evaluateOrders(facts({ records: [twitching(5)] }), [panel], CTX, { twitching: true }).map((f) => f.kind),
        ['order-panel-without-magnesium'],
      );
    });
  });

  describe('with a draft that is not selected', () => {
    it('raises nothing about it', () => {
      const panel = draft(['basicMetabolicPanel'], { selected: false });
      assert.deepEqual(evaluateOrders(facts({ records: [twitching(5)] }), [panel], CTX, { twitching: true }), []);
    });
  });

  describe('with a repeat that also lacks its indication', () => {
    it('reports the repeat only: it says all there is to say', () => {
      const mri = draft(['mriThigh']);
      const other = draft(['mriThigh'], { selected: false });
      assert.deepEqual(
        evaluateOrders(facts({ records: [twitching(5)] }), [other, mri], CTX, { twitching: true }).map((f) => f.kind),
        ['order-duplicate'],
      );
    });
  });
});

describe('approach: CARD_DEFINITIONS', () => {
  it('gives every card a title', () => {
    for (const [kind, definition] of Object.entries(CARD_DEFINITIONS)) assert.ok(definition.title.length > 3, kind);
  });
});
