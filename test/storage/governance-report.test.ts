/**
 * The governance report: the same data gives the same report on SQLite and PostgreSQL, counted
 * per card, split by version, in ISO weeks that start on Monday (UTC).
 */
import assert from 'node:assert/strict';
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

const group = (overrides: Record<string, unknown> = {}) => ({
  serviceId: 'hamstring-twitch',
  findingKind: 'electrolyte-low',
  serviceVersion: '0.1.0',
  knowledgeVersion: 'k1',
  mode: 'active',
  pilotArm: null,
  ...overrides,
});
const counts = (overrides: Record<string, number> = {}) => ({
  shown: 0,
  silent: 0,
  snoozed: 0,
  critical: 0,
  accepted: 0,
  overridden: 0,
  answered: 0,
  ...overrides,
});

describe('store: governance report', () => {
  forEachForm((form) => {
    let store: Store;
    beforeEach(async () => {
      store = form.open();
      await recordScenario(store);
    });

    it('counts per service, finding kind, version and mode, by ISO week, over a time range', async () => {
      const report = await store.report({ from: at('2026-11-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
      const weeks = [...report.weeks].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(weeks, [
        { ...group(), weekStart: '2026-11-23', ...counts({ shown: 2, accepted: 1, overridden: 1, answered: 2 }) },
        { ...group(), weekStart: '2026-11-30', ...counts({ shown: 3, accepted: 1, overridden: 2, answered: 2 }) },
        { ...group({ serviceVersion: '0.2.0' }), weekStart: '2026-11-30', ...counts({ shown: 1, overridden: 1, answered: 1 }) },
        { ...group({ findingKind: 'red-flag-weakness' }), weekStart: '2026-11-23', ...counts({ shown: 1, critical: 1 }) },
      ]);
      const reasons = report.reasons.filter((r) => r.serviceVersion === '0.1.0').sort((a, b) => (a.code ?? '').localeCompare(b.code ?? ''));
      assert.deepEqual(
        reasons.map((r) => [r.code, r.cards]),
        [
          [null, 1],
          ['already-addressed', 2],
          ['not-relevant', 1],
        ],
      );
    });

    it('counts everything without a range', async () => {
      const { weeks } = await store.report();
      assert.equal(
        weeks.filter((w) => w.findingKind === 'electrolyte-low').reduce((n, w) => n + w.shown, 0),
        7,
      );
      assert.ok(weeks.some((w) => w.weekStart === '2026-09-28'));
    });

    it('includes a card issued at the start of the range and leaves out one issued at its end', async () => {
      const { weeks } = await store.report({ from: at('2026-11-24T10:00:00Z'), to: at('2026-11-30T01:00:00Z') });
      assert.deepEqual(
        weeks.filter((w) => w.findingKind === 'electrolyte-low').map((w) => [w.weekStart, w.shown]),
        [['2026-11-23', 2]],
      );
    });

    it('keeps silent and snoozed cards apart from shown ones, with their mode and pilot arm, and the flags a card carried', async () => {
      const urgent = (overrides: Partial<Parameters<typeof issuedCard>[0]>) =>
        issuedCard({ findingKind: 'urgent-assessment', indicator: 'critical', issuedAt: at('2026-12-02T09:00:00Z'), ...overrides });
      store.ledger.enqueue([
        urgent({ mode: 'pilot', pilotArm: 'pilot', delivery: 'shown', flagKinds: ['weakness', 'widespread'] }),
        urgent({ mode: 'pilot', pilotArm: 'control', delivery: 'silent', flagKinds: ['weakness'] }),
        urgent({ mode: 'pilot', pilotArm: 'pilot', delivery: 'snoozed', flagKinds: ['weakness'] }),
      ]);
      await store.ledger.flush();
      const report = await store.report({ from: at('2026-12-02T00:00:00Z') });
      const urgentWeeks = report.weeks
        .filter((w) => w.findingKind === 'urgent-assessment')
        .sort((a, b) => String(a.pilotArm).localeCompare(String(b.pilotArm)));
      assert.deepEqual(
        urgentWeeks.map((w) => [w.mode, w.pilotArm, w.shown, w.silent, w.snoozed, w.critical]),
        [
          ['pilot', 'control', 0, 1, 0, 0],
          ['pilot', 'pilot', 1, 0, 1, 1],
        ],
      );
      const flags = report.flags
        .map((f) => [f.pilotArm, f.flags, f.shown + f.silent + f.snoozed])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(flags, [
        ['control', ['weakness'], 1],
        ['pilot', ['weakness', 'widespread'], 1],
        ['pilot', ['weakness'], 1],
      ]);
    });

    it('counts hook calls by week and arm, and the critical cards each user was shown each day', async () => {
      for (const [day, arm] of [
        ['2026-11-24T10:00:00Z', 'pilot'],
        ['2026-11-24T11:00:00Z', 'pilot'],
        ['2026-11-25T11:00:00Z', 'control'],
        ['2026-12-01T11:00:00Z', undefined],
      ] as const) {
        store.hookCalls.count({
          serviceId: 'hamstring-twitch',
          serviceVersion: '0.1.0',
          knowledgeVersion: 'k1',
          at: at(day),
          ...(arm ? { pilotArm: arm } : {}),
        });
      }
      await store.hookCalls.flush();
      store.hookCalls.count({
        serviceId: 'hamstring-twitch',
        serviceVersion: '0.1.0',
        knowledgeVersion: 'k1',
        at: at('2026-11-24T12:00:00Z'),
        pilotArm: 'pilot',
      });
      await store.hookCalls.flush();
      const report = await store.report({ from: at('2026-11-01T00:00:00Z') });
      assert.deepEqual(
        report.calls.map((c) => [c.weekStart, c.pilotArm, c.calls]),
        [
          ['2026-11-23', 'control', 1],
          ['2026-11-23', 'pilot', 3],
          ['2026-11-30', '', 1],
        ],
      );
      // Every card of the scenario has the same user: one user-day per day a card was shown.
      assert.equal(report.userDays.length, 6);
      assert.deepEqual(report.userDays[0], { shown: 1, critical: 1 });
    });

    it('gives the comments clinicians wrote, newest first', async () => {
      const card = low('0.1.0', '2026-11-26T10:00:00Z');
      store.ledger.enqueue([card]);
      await store.ledger.flush();
      await store.feedback.record([
        feedbackOn(card, { overrideReason: ADDRESSED, userComment: 'Already on oral magnesium', receivedAt: at('2026-11-26T10:05:00Z') }),
      ]);
      const { comments } = await store.report({ from: at('2026-11-01T00:00:00Z') });
      assert.deepEqual(comments, [
        {
          findingKind: 'electrolyte-low',
          serviceVersion: '0.1.0',
          knowledgeVersion: 'k1',
          mode: 'active',
          outcome: 'overridden',
          reason: 'Already addressed',
          comment: 'Already on oral magnesium',
          receivedAt: '2026-11-26T10:05:00.000Z',
        },
      ]);
    });
  });

  describe('with nothing issued', () => {
    forEachForm((form) => {
      it('is empty', async () => {
        assert.deepEqual(await form.open().report(), { weeks: [], reasons: [], flags: [], calls: [], userDays: [], comments: [] });
      });
    });
  });
});
