import assert from 'node:assert/strict';
import { CARD_DEFINITIONS } from '../../src/approach';
import { evaluatePatientView } from '../../src/approach/compose';
import { CTX, facts, record, result, twitching } from '../support/facts';

const normalLabs = [result('magnesium', 2.0), result('potassium', 4.2), result('calciumTotal', 9.4)];

describe('cards of the standing: known diagnosis and red flags on record', () => {
  it('known motor neuron disease: an info card naming the diagnosis and what is not offered', () => {
    const [finding] = evaluatePatientView(facts({ records: [twitching(5), record('motorNeuronDisease', { sinceDaysAgo: 400 })], results: normalLabs }), CTX);
    assert.equal(finding.kind, 'known-diagnosis');
    const card = CARD_DEFINITIONS['known-diagnosis'].render(finding, CTX);
    assert.equal(card.indicator, 'info');
    assert.match(card.summary, /^motorNeuronDisease on record: fasciculations are expected; no new work-up for them/);
    assert.match(card.detail, /Not offered, because the diagnosis answers them: the likely-benign reading, an urgent motor neuron assessment, a first EMG/);
  });

  it('long-standing sciatica: a warning that names it, quotes its record and says when it would be urgent', () => {
    const [finding] = evaluatePatientView(facts({ records: [twitching(5), record('radiculopathy', { sinceDaysAgo: 3000 })], results: normalLabs }), CTX);
    assert.equal(finding.kind, 'red-flags-on-record');
    const card = CARD_DEFINITIONS['red-flags-on-record'].render(finding, CTX);
    assert.equal(card.indicator, 'warning');
    assert.match(card.summary, /^Long-standing radiculopathy, not recorded as worsening: not urgent; ask whether it has changed/);
    assert.match(card.detail, /long before the twitching and not recorded as worsening/);
    assert.match(card.detail, /New or worsening, it is urgent \[7\]/);
    assert.equal(card.lines?.[0], 'red-flag.radiculopathy');
  });

  it('claudication explained by PAD, nothing else: an info card, never critical', () => {
    const findings = evaluatePatientView(
      facts({
        records: [twitching(5), record('claudication', { sinceDaysAgo: 800 }), record('peripheralVascularDisease', { sinceDaysAgo: 800 })],
        results: normalLabs,
      }),
      CTX,
    );
    const onRecord = findings.find((f) => f.kind === 'red-flags-on-record');
    assert.ok(onRecord);
    const card = CARD_DEFINITIONS['red-flags-on-record'].render(onRecord, CTX);
    assert.equal(card.indicator, 'info');
    assert.match(card.summary, /explained by peripheralVascularDisease: not urgent$/);
  });
});
