import assert from 'node:assert/strict';
import { CARD_DEFINITIONS } from '../../src/approach';
import { stimulantFindings } from '../../src/approach/stimulants/rule';
import { CTX, facts } from '../support/facts';

const caffeine = (mg?: number) => ({
  reference: 'MedicationStatement/c',
  description: 'Caffeine 200 MG Oral Tablet',
  ...(mg === undefined ? {} : { caffeineMgPerDay: mg }),
});

describe('approach/stimulants: caffeine over the daily limit', () => {
  it('fires over 400 mg a day, and names the dose', () => {
    const [finding] = stimulantFindings(facts({ stimulants: [caffeine(600)] }));
    assert.equal(finding?.kind, 'stimulant-dose-high');
    const card = CARD_DEFINITIONS['stimulant-dose-high'].render(finding, CTX);
    assert.equal(card.indicator, 'info');
    assert.match(card.summary, /^Caffeine 600 mg a day on the medication list, over 400 mg/);
    assert.ok(card.summary.length <= 140);
  });
  it('is silent at 400 mg a day and when no dose is recorded', () => {
    assert.deepEqual(stimulantFindings(facts({ stimulants: [caffeine(400)] })), []);
    assert.deepEqual(stimulantFindings(facts({ stimulants: [caffeine()] })), []);
  });
});
