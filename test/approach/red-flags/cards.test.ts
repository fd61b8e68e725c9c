import assert from 'node:assert/strict';
import { electrolyteFindings } from '../../../src/approach/electrolytes/rule';
import type { ElectrolyteLow } from '../../../src/approach/electrolytes/findings';
import { RED_FLAG_CARDS } from '../../../src/approach/red-flags/cards';
import { urgentAssessment } from '../../../src/approach/red-flags/rule';
import { CTX, facts, result } from '../../support/facts';

describe('approach/red-flags cards: severe deficiencies folded into the urgent card', () => {
  describe('with potassium 2.3 mmol/L and magnesium 1.0 mg/dL', () => {
    const severe = electrolyteFindings(facts({ results: [result('potassium', 2.3), result('magnesium', 1.0), result('calciumTotal', 9.4)] }), CTX).filter(
      (f): f is ElectrolyteLow => f.kind === 'electrolyte-low' && f.severe,
    );
    const urgent = urgentAssessment([], severe, undefined);
    assert.ok(urgent);
    const card = RED_FLAG_CARDS['urgent-assessment'].render(urgent, CTX);

    it('suggests each recheck stat, naming its deficiency', () => {
      const rechecks = (card.suggestions ?? []).map((s) => ('order' in s ? [s.order, s.priority, s.deficiency] : []));
      assert.deepEqual(rechecks, [
        ['magnesium', 'stat', 'magnesium'],
        ['potassium', 'stat', 'potassium'],
      ]);
    });

    it('says once to replete magnesium with, or before, potassium', () => {
      assert.equal(card.detail.split('replete magnesium with, or before, potassium').length - 1, 1);
    });
  });
});
