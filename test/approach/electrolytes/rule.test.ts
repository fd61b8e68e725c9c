import assert from 'node:assert/strict';
import { assessLevel, electrolyteFindings, missingFinding } from '../../../src/approach/electrolytes/rule';
import { ELECTROLYTES } from '../../../src/knowledge/catalogue';
import { CTX, facts, medicine, order, result } from '../../support/facts';

const MAGNESIUM = ELECTROLYTES.magnesium;

describe('approach/electrolytes: assessLevel', () => {
  describe('with a normal value the laboratory flagged L', () => {
    it('is low on the laboratory interpretation', () => {
      assert.deepEqual(assessLevel(result('magnesium', 2.0, { interpretation: ['L'] }), MAGNESIUM), {
        status: 'low',
        basis: 'lab-interpretation',
        canonicalValue: 2.0,
      });
    });
  });

  describe('with a low value the laboratory flagged N', () => {
    it('is not low, on the laboratory interpretation', () => {
      assert.deepEqual(assessLevel(result('magnesium', 1.2, { interpretation: ['N'], rangeLow: 1.6 }), MAGNESIUM), {
        status: 'not-low',
        basis: 'lab-interpretation',
        canonicalValue: 1.2,
      });
    });
  });

  describe('with an L flag and a unit that does not convert', () => {
    it('is still low: the interpretation needs no unit', () => {
      const level = assessLevel(result('magnesium', 0.5, { interpretation: ['LL'], unassessable: 'unit "furlongs" cannot be converted to mg/dL' }), MAGNESIUM);
      assert.deepEqual(level, { status: 'low', basis: 'lab-interpretation', canonicalValue: undefined });
    });
  });

  describe('with a reference range and no interpretation', () => {
    it('calls 1.8 mg/dL low against a range starting at 1.9, though the cut-off is 1.7', () => {
      assert.deepEqual(assessLevel(result('magnesium', 1.8, { rangeLow: 1.9 }), MAGNESIUM), {
        status: 'low',
        basis: 'lab-range',
        canonicalValue: 1.8,
        limit: '1.9 mg/dL',
      });
    });

    it('calls 1.6 mg/dL not low against a range starting at 1.5, though it is under the cut-off', () => {
      const level = assessLevel(result('magnesium', 1.6, { rangeLow: 1.5 }), MAGNESIUM);
      assert.ok(level.status === 'not-low' && level.basis === 'lab-range', JSON.stringify(level));
    });
  });

  describe('without an interpretation or a reference range', () => {
    it('calls 1.6 mg/dL low against the 1.7 mg/dL cut-off', () => {
      const level = assessLevel(result('magnesium', 1.6), MAGNESIUM);
      assert.ok(level.status === 'low' && level.basis === 'cut-off', JSON.stringify(level));
      assert.equal(level.limit, '1.7 mg/dL');
    });

    it('calls exactly 1.7 mg/dL not low', () => {
      assert.equal(assessLevel(result('magnesium', 1.7), MAGNESIUM).status, 'not-low');
    });
  });

  describe('with a value the facts could not convert', () => {
    it('is unassessable, with the reason the facts gave', () => {
      assert.deepEqual(assessLevel(result('magnesium', 1.2, { unassessable: 'the result has no recognised unit' }), MAGNESIUM), {
        status: 'unassessable',
        reason: 'the result has no recognised unit',
      });
    });
  });

  describe('without a value', () => {
    it('is unassessable: no numeric value', () => {
      assert.deepEqual(assessLevel(result('magnesium', undefined), MAGNESIUM), { status: 'unassessable', reason: 'the result has no numeric value' });
    });
  });

  describe('with a comparator', () => {
    it('cannot judge "> 1.5 mg/dL" against a 1.7 mg/dL limit: unassessable', () => {
      assert.deepEqual(assessLevel(result('magnesium', 1.5, { comparator: '>' }), MAGNESIUM), {
        status: 'unassessable',
        reason: 'the result is reported as > 1.5',
      });
    });

    it('calls "< 1.0 mg/dL" low', () => {
      assert.equal(assessLevel(result('magnesium', 1.0, { comparator: '<' }), MAGNESIUM).status, 'low');
    });
  });
});

describe('approach/electrolytes: electrolyteFindings', () => {
  describe('with no result of any electrolyte', () => {
    it('asks for magnesium, potassium and calcium, in that order', () => {
      const [finding] = electrolyteFindings(facts(), CTX);
      assert.ok(finding.kind === 'electrolytes-missing');
      assert.deepEqual(finding.missing, ['magnesium', 'potassium', 'calcium']);
    });
  });

  describe('with a basic metabolic panel ordered last week', () => {
    it('still asks for magnesium, says the panel lacks it, and counts the panel for potassium and calcium', () => {
      const panel = order('basicMetabolicPanel', { daysAgo: 7 });
      const finding = missingFinding(facts({ orders: [panel] }), CTX);
      assert.deepEqual(finding?.missing, ['magnesium']);
      assert.equal(finding?.panelWithoutMagnesium, panel);
      assert.deepEqual(finding?.pending, [panel]);
    });
  });

  describe('with an ionized calcium but no total calcium', () => {
    it('counts calcium as checked', () => {
      const finding = missingFinding(facts({ results: [result('calciumIonized', 1.2), result('magnesium', 2), result('potassium', 4)] }), CTX);
      assert.equal(finding, undefined);
    });
  });

  describe('with a magnesium older than the window', () => {
    it('asks for it again and names the old result', () => {
      const old = result('magnesium', 1.9, { daysAgo: 200 });
      const finding = missingFinding(facts({ results: [old, result('potassium', 4), result('calciumTotal', 9)] }), CTX);
      assert.deepEqual(finding?.missing, ['magnesium']);
      assert.deepEqual(finding?.old, [old]);
    });
  });

  describe('with potassium 2.3 mmol/L', () => {
    it('finds it low and severe (below 2.5 mmol/L)', () => {
      const found = electrolyteFindings(facts({ results: [result('potassium', 2.3), result('magnesium', 2), result('calciumTotal', 9)] }), CTX);
      assert.equal(found.length, 1);
      assert.ok(found[0].kind === 'electrolyte-low' && found[0].severe && found[0].basis === 'cut-off');
    });
  });

  describe('with potassium 3.2 mmol/L', () => {
    it('finds it low, not severe', () => {
      const [low] = electrolyteFindings(facts({ results: [result('potassium', 3.2), result('magnesium', 2), result('calciumTotal', 9)] }), CTX);
      assert.ok(low.kind === 'electrolyte-low' && !low.severe);
    });
  });

  describe('with an unknown age and a level judged against the adult cut-off', () => {
    it('carries the adult cut-off caveat', () => {
      const [low] = electrolyteFindings(facts({ results: [result('magnesium', 1.5), result('potassium', 4), result('calciumTotal', 9)] }), CTX);
      assert.ok(low.kind === 'electrolyte-low' && low.adultCutOffCaveat);
    });
  });

  describe('when the Observations could not be read', () => {
    it('says nothing rather than ask for tests that may have been done', () => {
      assert.deepEqual(electrolyteFindings(facts({ unavailable: new Set(['observations']) }), CTX), []);
    });
  });
});

describe('approach/electrolytes: total calcium with an albumin on record', () => {
  const OTHERS = [result('magnesium', 2), result('potassium', 4)];

  describe('with calcium 8.1 mg/dL flagged L (range from 8.6) and albumin 3.0 g/dL: adjusted 8.9 mg/dL', () => {
    const found = electrolyteFindings(
      facts({ results: [...OTHERS, result('calciumTotal', 8.1, { interpretation: ['L'], rangeLow: 8.6 }), result('albumin', 3.0)] }),
      CTX,
    );

    it('is not low: the flag judged the measured value, and the adjusted value is in range', () => {
      assert.equal(
        found.find((f) => f.kind === 'electrolyte-low'),
        undefined,
      );
    });

    it('says so instead: low as measured by the flag, in range adjusted against the laboratory range', () => {
      const [inRange] = found;
      assert.ok(inRange.kind === 'calcium-adjusted-in-range', JSON.stringify(found));
      assert.equal(inRange.measuredBasis, 'lab-interpretation');
      assert.ok(Math.abs(inRange.adjusted.value - 8.9) < 1e-9);
      assert.equal(inRange.limit, 8.6);
      assert.equal(inRange.ionizedOrder, undefined);
    });
  });

  describe('with an ionized calcium ordered last week', () => {
    it('carries the order, so no second one is offered', () => {
      const ionized = order('calcium', { daysAgo: 7, concept: 'calciumIonized' });
      const [inRange] = electrolyteFindings(
        facts({ results: [...OTHERS, result('calciumTotal', 8.1, { interpretation: ['L'] }), result('albumin', 3.0)], orders: [ionized] }),
        CTX,
      );
      assert.ok(inRange.kind === 'calcium-adjusted-in-range');
      assert.equal(inRange.ionizedOrder, ionized);
    });
  });

  describe('with a total calcium ordered last week, not an ionized one', () => {
    it('still offers the ionized calcium', () => {
      const [inRange] = electrolyteFindings(
        facts({
          results: [...OTHERS, result('calciumTotal', 8.1, { interpretation: ['L'] }), result('albumin', 3.0)],
          orders: [order('calcium', { daysAgo: 7 })],
        }),
        CTX,
      );
      assert.ok(inRange.kind === 'calcium-adjusted-in-range');
      assert.equal(inRange.ionizedOrder, undefined);
    });
  });

  describe('with an ionized calcium result in the window', () => {
    it('says nothing of the total: the ionized calcium, the definitive measure, is read on its own', () => {
      const found = electrolyteFindings(
        facts({ results: [...OTHERS, result('calciumTotal', 8.1), result('albumin', 3.0), result('calciumIonized', 1.2)] }),
        CTX,
      );
      assert.deepEqual(found, []);
    });

    it('leaves a low ionized calcium its own low finding', () => {
      const found = electrolyteFindings(
        facts({ results: [...OTHERS, result('calciumTotal', 8.1), result('albumin', 3.0), result('calciumIonized', 1.0)] }),
        CTX,
      );
      assert.deepEqual(
        found.map((f) => f.kind),
        ['electrolyte-low'],
      );
    });
  });

  describe('with calcium 6.6 mg/dL flagged N and albumin 3.5 g/dL: adjusted 7.0 mg/dL', () => {
    it('is low and severe on the adjusted value, whatever the flag on the measured one', () => {
      const [low] = electrolyteFindings(facts({ results: [...OTHERS, result('calciumTotal', 6.6, { interpretation: ['N'] }), result('albumin', 3.5)] }), CTX);
      assert.ok(low.kind === 'electrolyte-low', JSON.stringify(low));
      assert.equal(low.basis, 'cut-off');
      assert.ok(low.severe);
      assert.ok(low.adjusted && Math.abs(low.adjusted.value - 7.0) < 1e-9);
    });
  });

  describe('with calcium 8.6 mg/dL flagged N and albumin 4.8 g/dL', () => {
    it('is not low: a high albumin is not taken to lower the calcium, and the flag decides', () => {
      assert.deepEqual(
        electrolyteFindings(facts({ results: [...OTHERS, result('calciumTotal', 8.6, { interpretation: ['N'] }), result('albumin', 4.8)] }), CTX),
        [],
      );
    });
  });

  describe('with calcium 8.1 mg/dL flagged L and albumin 4.2 g/dL', () => {
    it('is low on the flag, unadjusted', () => {
      const [low] = electrolyteFindings(facts({ results: [...OTHERS, result('calciumTotal', 8.1, { interpretation: ['L'] }), result('albumin', 4.2)] }), CTX);
      assert.ok(low.kind === 'electrolyte-low' && low.basis === 'lab-interpretation' && low.adjusted === undefined);
    });
  });

  describe('with calcium 9.4 mg/dL and albumin 4.0 g/dL', () => {
    it('finds nothing about calcium', () => {
      assert.deepEqual(electrolyteFindings(facts({ results: [...OTHERS, result('calciumTotal', 9.4), result('albumin', 4.0)] }), CTX), []);
    });
  });

  describe('with calcium 8.1 mg/dL flagged L and no albumin', () => {
    it('is low on the flag, as before', () => {
      const [low] = electrolyteFindings(facts({ results: [...OTHERS, result('calciumTotal', 8.1, { interpretation: ['L'] })] }), CTX);
      assert.ok(low.kind === 'electrolyte-low' && low.basis === 'lab-interpretation' && low.adjusted === undefined);
    });
  });
});

describe('approach/electrolytes: medicines that lower electrolytes', () => {
  describe('with low potassium and low magnesium, on furosemide and omeprazole', () => {
    const found = electrolyteFindings(
      facts({
        results: [result('potassium', 3.1), result('magnesium', 1.4), result('calciumTotal', 9.4)],
        medicines: [medicine('furosemide'), medicine('omeprazole'), medicine('furosemide', { matchedBy: 'code' })],
      }),
      CTX,
    );
    const low = (analyte: string) => found.find((f) => f.kind === 'electrolyte-low' && f.analyte === analyte);

    it('names furosemide, once, on the potassium finding, and not the proton pump inhibitor', () => {
      const potassium = low('potassium');
      assert.ok(potassium?.kind === 'electrolyte-low');
      assert.deepEqual(
        potassium.medicines.map((m) => m.ingredient.name),
        ['furosemide'],
      );
    });

    it('names both on the magnesium finding', () => {
      const magnesium = low('magnesium');
      assert.ok(magnesium?.kind === 'electrolyte-low');
      assert.deepEqual(
        magnesium.medicines.map((m) => m.ingredient.name),
        ['furosemide', 'omeprazole'],
      );
    });
  });

  describe('with a low total calcium on furosemide', () => {
    it('names no medicine: the list covers potassium and magnesium', () => {
      const [low] = electrolyteFindings(
        facts({ results: [result('potassium', 4), result('magnesium', 2), result('calciumTotal', 8.0)], medicines: [medicine('furosemide')] }),
        CTX,
      );
      assert.ok(low.kind === 'electrolyte-low' && low.analyte === 'calciumTotal');
      assert.deepEqual(low.medicines, []);
    });
  });
});

describe('approach/electrolytes: low potassium with low magnesium', () => {
  describe('with potassium 3.0 mmol/L and magnesium 1.4 mg/dL', () => {
    it('gives the potassium finding the magnesium result, and the magnesium finding nothing of the kind', () => {
      const magnesium = result('magnesium', 1.4);
      const found = electrolyteFindings(facts({ results: [result('potassium', 3.0), magnesium, result('calciumTotal', 9.4)] }), CTX);
      const potassium = found.find((f) => f.kind === 'electrolyte-low' && f.analyte === 'potassium');
      const mg = found.find((f) => f.kind === 'electrolyte-low' && f.analyte === 'magnesium');
      assert.ok(potassium?.kind === 'electrolyte-low' && mg?.kind === 'electrolyte-low');
      assert.equal(potassium.lowMagnesium, magnesium);
      assert.equal(mg.lowMagnesium, undefined);
    });
  });

  describe('with potassium 3.0 mmol/L and a normal magnesium', () => {
    it('says nothing of magnesium', () => {
      const [potassium] = electrolyteFindings(facts({ results: [result('potassium', 3.0), result('magnesium', 2.0), result('calciumTotal', 9.4)] }), CTX);
      assert.ok(potassium.kind === 'electrolyte-low' && potassium.lowMagnesium === undefined);
    });
  });
});
