/**
 * The governance report: the same data gives the same report on SQLite and PostgreSQL, counted
 * per card, split by version, in ISO weeks that start on Monday (UTC).
 */
import assert from 'node:assert/strict';
import type { FindingReport } from '../../src/storage/governance-report';
import type { Store } from '../../src/storage/store';
import { forEachForm } from './support/forms';
import { feedbackOn, issuedCard } from './support/rows';

const REASONS = 'http://example.org/cds-services/fhir/CodeSystem/override-reasons';
const ADDRESSED = { system: REASONS, code: 'already-addressed', display: 'Already addressed' };
const NOT_RELEVANT = { system: REASONS, code: 'not-relevant', display: 'Not relevant' };

const at = (iso: string) => new Date(iso);
const low = (version: string, issuedAt: string) =>
  issuedCard({ findingKind: 'electrolyte-low', serviceVersion: version, knowledgeVersion: 'k1', issuedAt: at(issuedAt) });

/** Cards in two ISO weeks (a Sunday evening and the Monday after), two versions, one card long before. */
async function recordScenario(store: Store): Promise<void> {
  const a1 = low('0.1.0', '2026-11-24T10:00:00Z');
  const a2 = low('0.1.0', '2026-11-29T23:00:00Z');
  const a3 = low('0.1.0', '2026-11-30T01:00:00Z');
  const a4 = low('0.1.0', '2026-11-30T02:00:00Z');
  const a5 = low('0.1.0', '2026-12-01T08:00:00Z');
  const b1 = low('0.2.0', '2026-12-02T08:00:00Z');
  const c1 = issuedCard({
    findingKind: 'red-flag-weakness',
    indicator: 'critical',
    serviceVersion: '0.1.0',
    knowledgeVersion: 'k1',
    issuedAt: at('2026-11-25T08:00:00Z'),
  });
  const d1 = low('0.1.0', '2026-10-01T08:00:00Z');
  store.ledger.enqueue([a1, a2, a3, a4, a5, b1, c1, d1]);
  await store.ledger.flush();
  await store.feedback.record([
    // Overridden twice for one reason: one card.
    feedbackOn(a1, { overrideReason: ADDRESSED, outcomeAt: at('2026-11-24T10:01:00Z') }),
    feedbackOn(a1, { overrideReason: ADDRESSED, outcomeAt: at('2026-11-24T10:05:00Z') }),
    feedbackOn(a2, { outcome: 'accepted', acceptedSuggestionIds: a2.suggestionUuids }),
    // Overridden for two reasons: one overridden card, counted under each reason.
    feedbackOn(a4, { overrideReason: ADDRESSED, outcomeAt: at('2026-11-30T02:01:00Z') }),
    feedbackOn(a4, { overrideReason: NOT_RELEVANT, outcomeAt: at('2026-11-30T02:02:00Z') }),
    // Overridden without a reason, then accepted: counted in both.
    feedbackOn(a5, { outcomeAt: at('2026-12-01T08:01:00Z') }),
    feedbackOn(a5, { outcome: 'accepted', outcomeAt: at('2026-12-01T08:02:00Z') }),
    feedbackOn(b1, { overrideReason: NOT_RELEVANT }),
    feedbackOn(d1, { overrideReason: ADDRESSED }),
    // Feedback on a card this service never issued counts nowhere.
    feedbackOn('never-issued', { overrideReason: ADDRESSED }),
  ]);
}

const NOVEMBER_ON: FindingReport[] = [
  {
    findingKind: 'electrolyte-low',
    serviceVersion: '0.1.0',
    knowledgeVersion: 'k1',
    issued: 5,
    accepted: 2,
    overridden: 3,
    noFeedback: 1,
    overrideRate: 0.6,
    overrideReasons: [
      { code: 'already-addressed', display: 'Already addressed', cards: 2 },
      { code: null, display: null, cards: 1 },
      { code: 'not-relevant', display: 'Not relevant', cards: 1 },
    ],
    weekly: [
      { weekStart: '2026-11-23', issued: 2, accepted: 1, overridden: 1 },
      { weekStart: '2026-11-30', issued: 3, accepted: 1, overridden: 2 },
    ],
  },
  {
    findingKind: 'electrolyte-low',
    serviceVersion: '0.2.0',
    knowledgeVersion: 'k1',
    issued: 1,
    accepted: 0,
    overridden: 1,
    noFeedback: 0,
    overrideRate: 1,
    overrideReasons: [{ code: 'not-relevant', display: 'Not relevant', cards: 1 }],
    weekly: [{ weekStart: '2026-11-30', issued: 1, accepted: 0, overridden: 1 }],
  },
  {
    findingKind: 'red-flag-weakness',
    serviceVersion: '0.1.0',
    knowledgeVersion: 'k1',
    issued: 1,
    accepted: 0,
    overridden: 0,
    noFeedback: 1,
    overrideRate: 0,
    overrideReasons: [],
    weekly: [{ weekStart: '2026-11-23', issued: 1, accepted: 0, overridden: 0 }],
  },
];

describe('store: governance report', () => {
  forEachForm((form) => {
    let store: Store;
    beforeEach(async () => {
      store = form.open();
      await recordScenario(store);
    });

    it('counts per finding kind and version, by reason and by ISO week, over a time range', async () => {
      assert.deepEqual(await store.report({ from: at('2026-11-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') }), NOVEMBER_ON);
    });

    it('counts everything without a range', async () => {
      const [first] = await store.report();
      assert.equal(first.issued, 6);
      assert.equal(first.overridden, 4);
      assert.equal(first.overrideRate, 4 / 6);
      assert.deepEqual(first.weekly[0], { weekStart: '2026-09-28', issued: 1, accepted: 0, overridden: 1 });
    });

    it('includes a card issued at the start of the range and leaves out one issued at its end', async () => {
      const [first] = await store.report({ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-30T01:00:00Z') });
      assert.deepEqual(first.weekly, [{ weekStart: '2026-11-23', issued: 2, accepted: 1, overridden: 1 }]);
    });
  });

  describe('with nothing issued', () => {
    forEachForm((form) => {
      it('is empty', async () => {
        assert.deepEqual(await form.open().report(), []);
      });
    });
  });
});
