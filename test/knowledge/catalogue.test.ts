import assert from 'node:assert/strict';
import {
  CATALOGUE,
  COVERED_BY,
  ELECTROLYTES,
  LAB_ORDER_KINDS,
  ORDER_KIND_BY_CONCEPT,
  ORDERABLES,
  ORDERS_FOR,
  RECHECK_ORDER,
  RECHECK_ORDER_KINDS,
  REQUIRED_ELECTROLYTES,
  RESULT_KIND_BY_CONCEPT,
  SATISFIES,
  orderName,
  resultKindOfOrder,
  sidesOf,
  testLabel,
  type CatalogueId,
  type SuggestedOrder,
} from '../../src/knowledge/catalogue';
import { CONCEPT } from '../../src/knowledge/codes';

const ROW_IDS = Object.keys(CATALOGUE) as CatalogueId[];

describe('catalogue of tests and analytes', () => {
  it('names only concepts the value sets have codes for', () => {
    for (const id of ROW_IDS) {
      const row = CATALOGUE[id];
      for (const concept of [row.resultConcept, ...(row.orderConcepts ?? [])].filter((c) => c !== undefined)) {
        assert.ok(CONCEPT[concept]?.codes.length, `${id} names ${concept}, which has no codes`);
      }
    }
  });

  it('gives each order code one kind: no concept is ordered under two rows of different kinds', () => {
    const kinds = new Map<string, string>();
    for (const id of ROW_IDS) {
      for (const concept of CATALOGUE[id].orderConcepts ?? []) {
        const kind = CATALOGUE[id].orderKind!;
        assert.equal(kinds.get(concept) ?? kind, kind, `${concept} is ordered as ${kinds.get(concept)} and ${kind}`);
        kinds.set(concept, kind);
      }
    }
    assert.equal(ORDER_KIND_BY_CONCEPT.get('nerveConductionStudy'), 'electromyography');
    assert.equal(ORDER_KIND_BY_CONCEPT.get('calciumIonized'), 'calcium');
    assert.equal(RESULT_KIND_BY_CONCEPT.get('calciumIonized'), 'calciumIonized');
  });

  it('asks for magnesium, potassium and calcium, in that order, either calcium answering calcium', () => {
    assert.deepEqual(REQUIRED_ELECTROLYTES, ['magnesium', 'potassium', 'calcium']);
    assert.deepEqual(SATISFIES.calcium, ['calciumTotal', 'calciumIonized']);
    assert.deepEqual(Object.keys(ELECTROLYTES), ['magnesium', 'potassium', 'calciumTotal', 'calciumIonized']);
  });

  it('counts a metabolic panel for potassium and calcium, never for magnesium', () => {
    assert.deepEqual(ORDERS_FOR.magnesium, ['magnesium']);
    assert.deepEqual(ORDERS_FOR.potassium, ['potassium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
    assert.deepEqual(ORDERS_FOR.calcium, ['calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
  });

  it('rechecks ionized calcium only with ionized calcium: a panel measures total calcium', () => {
    assert.deepEqual(RECHECK_ORDER_KINDS.calciumIonized, ['calcium']);
    assert.deepEqual(RECHECK_ORDER_KINDS.calciumTotal, ['calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
    assert.equal(RECHECK_ORDER.calciumIonized, 'calciumIonized');
    assert.equal(RECHECK_ORDER.calciumTotal, 'calcium');
  });

  it('rechecks each electrolyte with an order whose code measures that electrolyte', () => {
    for (const [analyte, order] of Object.entries(RECHECK_ORDER)) {
      assert.ok(
        ORDERABLES[order].codes.some((c) => c.concept === ELECTROLYTES[analyte as keyof typeof ELECTROLYTES].concept),
        `${analyte} is rechecked by ${order}`,
      );
    }
  });

  it('takes a comprehensive panel to include a basic one, not the other way round', () => {
    assert.deepEqual(COVERED_BY.basicMetabolicPanel, ['basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
    assert.deepEqual(COVERED_BY.comprehensiveMetabolicPanel, ['comprehensiveMetabolicPanel']);
    assert.deepEqual(COVERED_BY.electromyography, ['electromyography']);
  });

  it('treats electrolyte tests and panels as laboratory orders, and nothing else', () => {
    assert.deepEqual([...LAB_ORDER_KINDS], ['magnesium', 'potassium', 'calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel']);
  });

  it('reads the result an order produces from its code', () => {
    assert.equal(resultKindOfOrder('ankleBrachialIndex', 'ankleBrachialStudy'), 'ankleBrachialIndex');
    assert.equal(resultKindOfOrder('calcium', 'calciumIonized'), 'calciumIonized');
    assert.equal(resultKindOfOrder('calcium', 'calciumTotal'), 'calciumTotal');
    assert.equal(resultKindOfOrder('basicMetabolicPanel', 'basicMetabolicPanel'), undefined);
    assert.equal(resultKindOfOrder('electromyography', 'nerveConductionStudy'), undefined);
  });

  it('names tests and orders as the cards write them', () => {
    assert.equal(testLabel('magnesium', 'magnesium'), 'Serum magnesium');
    assert.equal(testLabel('calcium', 'calciumIonized'), 'Ionized calcium');
    assert.equal(testLabel('electromyography', 'nerveConductionStudy'), 'EMG with nerve conduction studies');
    assert.deepEqual((['magnesium', 'potassium', 'calcium', 'calciumIonized'] as SuggestedOrder[]).map(orderName), [
      'serum magnesium',
      'serum potassium',
      'serum calcium',
      'ionized calcium',
    ]);
  });

  it('puts the side of the record on an MRI of the thigh only', () => {
    const sided = (Object.keys(ORDERABLES) as SuggestedOrder[]).filter((order) => sidesOf(order) === 'ordered-side');
    assert.deepEqual(sided, ['mriThigh']);
    assert.equal(CATALOGUE.ankleBrachialIndex.sides, 'each-leg');
  });
});
