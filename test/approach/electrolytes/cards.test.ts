import assert from 'node:assert/strict';
import { ELECTROLYTE_CARDS, recheckSuggestion } from '../../../src/approach/electrolytes/cards';
import type { CalciumAdjustedInRange, ElectrolyteLow } from '../../../src/approach/electrolytes/findings';
import { electrolyteFindings } from '../../../src/approach/electrolytes/rule';
import { buildServiceRequest } from '../../../src/cards/service-request';
import type { PatientFacts } from '../../../src/facts/types';
import { CTX, facts, medicine, order, result } from '../../support/facts';

function lowOf(patient: PatientFacts, analyte: ElectrolyteLow['analyte']): ElectrolyteLow {
  const found = electrolyteFindings(patient, CTX).find((f): f is ElectrolyteLow => f.kind === 'electrolyte-low' && f.analyte === analyte);
  assert.ok(found, `no low ${analyte}`);
  return found;
}

function inRangeOf(patient: PatientFacts): CalciumAdjustedInRange {
  const found = electrolyteFindings(patient, CTX).find((f): f is CalciumAdjustedInRange => f.kind === 'calcium-adjusted-in-range');
  assert.ok(found, 'no calcium-adjusted-in-range finding');
  return found;
}

const renderLow = (f: ElectrolyteLow) => ELECTROLYTE_CARDS['electrolyte-low'].render(f, CTX);
const renderInRange = (f: CalciumAdjustedInRange) => ELECTROLYTE_CARDS['calcium-adjusted-in-range'].render(f, CTX);

describe('approach/electrolytes cards: low total calcium in range adjusted for albumin', () => {
  const FLAGGED = [
    result('magnesium', 2),
    result('potassium', 4),
    result('calciumTotal', 8.1, { interpretation: ['L'], rangeLow: 8.6 }),
    result('albumin', 3.0),
  ];

  describe('with no ionized calcium on record or ordered', () => {
    const card = renderInRange(inRangeOf(facts({ results: FLAGGED })));

    it('is an info card whose summary says it is not hypocalcaemia to replete, in under 140 characters', () => {
      assert.equal(card.indicator, 'info');
      assert.equal(
        card.summary,
        'Total calcium 8.1 mg/dL is low, but 8.9 mg/dL adjusted for albumin: not hypocalcemia to replete; ionized calcium if in doubt',
      );
      assert.ok(card.summary.length <= 140);
    });

    it('says the flag judged the measured value and the adjusted value is in the laboratory range', () => {
      assert.match(card.detail, /Flagged low by the laboratory: that judges the measured value/);
      assert.match(card.detail, /8\.9 mg\/dL, not below the laboratory's range \(from 8\.6 mg\/dL\)/);
    });

    it('offers ionized calcium, not recommended, and no repletion or recheck', () => {
      assert.deepEqual(card.suggestions, [{ label: 'Order ionized calcium', order: 'calciumIonized' }]);
      assert.doesNotMatch(card.detail, /[Rr]eplete the/);
    });
  });

  describe('with an ionized calcium ordered', () => {
    it('names the order and offers none', () => {
      const card = renderInRange(inRangeOf(facts({ results: FLAGGED, orders: [order('calcium', { daysAgo: 3, concept: 'calciumIonized' })] })));
      assert.equal(card.suggestions, undefined);
      assert.match(card.detail, /Ionized calcium ordered/);
      assert.doesNotMatch(card.summary, /ionized/);
    });
  });
});

describe('approach/electrolytes cards: low potassium or magnesium on a medicine that lowers it', () => {
  describe('with potassium 3.1 mmol/L on furosemide matched by name', () => {
    const card = renderLow(
      lowOf(
        facts({
          results: [result('potassium', 3.1), result('magnesium', 2), result('calciumTotal', 9.4)],
          medicines: [medicine('furosemide', { description: '"Furosemide 40 MG Oral Tablet" (matched the name "furosemide")' })],
        }),
        'potassium',
      ),
    );

    it('names furosemide in the summary', () => {
      assert.match(card.summary, /; on furosemide; replete and recheck$/);
    });

    it('says in one line what furosemide does and what on the list matched', () => {
      assert.ok(
        card.detail.includes(
          'On furosemide (loop diuretic): loses potassium and magnesium; matched in "Furosemide 40 MG Oral Tablet" (matched the name "furosemide").',
        ),
        card.detail,
      );
    });
  });

  describe('with magnesium 1.4 mg/dL on omeprazole', () => {
    it('says a proton pump inhibitor can lower magnesium', () => {
      const card = renderLow(
        lowOf(
          facts({ results: [result('potassium', 4), result('magnesium', 1.4), result('calciumTotal', 9.4)], medicines: [medicine('omeprazole')] }),
          'magnesium',
        ),
      );
      assert.match(card.detail, /On omeprazole \(proton pump inhibitor\): can lower magnesium/);
    });
  });

  describe('with no medicine on the list', () => {
    it('names none', () => {
      const card = renderLow(lowOf(facts({ results: [result('potassium', 3.1), result('magnesium', 2), result('calciumTotal', 9.4)] }), 'potassium'));
      assert.doesNotMatch(card.detail, /^On /m);
      assert.doesNotMatch(card.summary, /; on /);
    });
  });

  describe('with a very long medication list', () => {
    it('keeps the summary within 140 characters, leaving the names to the detail', () => {
      const many = ['furosemide', 'bumetanide', 'torsemide', 'hydrochlorothiazide', 'chlorthalidone', 'indapamide'].map((name) => medicine(name));
      const card = renderLow(
        lowOf(facts({ results: [result('potassium', 3.1), result('magnesium', 1.4), result('calciumTotal', 9.4)], medicines: many }), 'potassium'),
      );
      assert.ok(card.summary.length <= 140, card.summary);
      assert.match(card.summary, /replete it with or before potassium/);
      assert.match(card.detail, /On indapamide \(thiazide\)/);
    });
  });
});

describe('approach/electrolytes cards: low potassium with low magnesium', () => {
  const card = renderLow(lowOf(facts({ results: [result('potassium', 3.0), result('magnesium', 1.4), result('calciumTotal', 9.4)] }), 'potassium'));

  it('says in the summary to replete magnesium with or before potassium', () => {
    assert.match(card.summary, /^Low potassium: 3 mmol\/L on \S+; magnesium also low: replete it with or before potassium, and recheck$/);
  });

  it('says why, with its source, in one line', () => {
    assert.match(
      card.detail,
      /Magnesium is low too \(1\.4 mg\/dL, \S+\): replete magnesium with, or before, potassium; potassium will not correct until magnesium does \(Huang & Kuo, J Am Soc Nephrol 2007;18:2649\)\./,
    );
  });
});

describe('approach/electrolytes cards: severe low potassium with low magnesium', () => {
  it('keeps the urgency in the summary', () => {
    const card = renderLow(lowOf(facts({ results: [result('potassium', 2.3), result('magnesium', 1.4), result('calciumTotal', 9.4)] }), 'potassium'));
    assert.match(
      card.summary,
      /^Severe low potassium: 2\.3 mmol\/L on \S+; magnesium also low: urgent repletion, magnesium with or before potassium, and recheck$/,
    );
    assert.equal(card.indicator, 'critical');
  });
});

describe('approach/electrolytes cards: the recheck of a low level', () => {
  const NORMAL = [result('magnesium', 2), result('calciumTotal', 9.4)];

  describe('with a severe potassium of 2.3 mmol/L', () => {
    const [spec] = recheckSuggestion(lowOf(facts({ results: [...NORMAL, result('potassium', 2.3)] }), 'potassium')) ?? [];

    it('suggests it stat, for hypokalaemia', () => {
      assert.ok(spec && 'order' in spec);
      assert.equal(spec.priority, 'stat');
      assert.equal(spec.deficiency, 'potassium');
    });

    it('builds a ServiceRequest with priority stat and E87.6 as its first reason, beside the twitching', () => {
      assert.ok(spec && 'order' in spec);
      const request = buildServiceRequest(spec.order, { patientId: 'pt-test', now: CTX.now }, { priority: spec.priority, deficiency: spec.deficiency });
      assert.equal(request.priority, 'stat');
      assert.deepEqual(
        request.reasonCode?.map((r) => r.coding?.map((c) => `${c.system}|${c.code}`)),
        [['http://hl7.org/fhir/sid/icd-10-cm|E87.6'], ['http://hl7.org/fhir/sid/icd-10-cm|R25.3']],
      );
    });
  });

  describe('with severe magnesium and severe ionized calcium', () => {
    it('names hypomagnesaemia (E83.42) and hypocalcaemia (E83.51)', () => {
      const reasonOf = (f: ElectrolyteLow) => {
        const [spec] = recheckSuggestion(f) ?? [];
        assert.ok(spec && 'order' in spec);
        return buildServiceRequest(spec.order, { patientId: 'pt-test', now: CTX.now }, { deficiency: spec.deficiency }).reasonCode?.[0].coding?.[0].code;
      };
      const patient = facts({ results: [result('potassium', 4), result('magnesium', 1.0), result('calciumTotal', 9.4), result('calciumIonized', 0.7)] });
      assert.equal(reasonOf(lowOf(patient, 'magnesium')), 'E83.42');
      assert.equal(reasonOf(lowOf(patient, 'calciumIonized')), 'E83.51');
    });
  });

  describe('with a potassium of 3.2 mmol/L, low but not severe', () => {
    it('stays routine: no priority, and the twitching as its only reason', () => {
      const [spec] = recheckSuggestion(lowOf(facts({ results: [...NORMAL, result('potassium', 3.2)] }), 'potassium')) ?? [];
      assert.ok(spec && 'order' in spec);
      assert.equal(spec.priority, undefined);
      const request = buildServiceRequest(spec.order, { patientId: 'pt-test', now: CTX.now }, { priority: spec.priority, deficiency: spec.deficiency });
      assert.equal(request.priority, undefined);
      assert.deepEqual(
        request.reasonCode?.map((r) => r.coding?.[0].code),
        ['R25.3'],
      );
    });
  });
});
