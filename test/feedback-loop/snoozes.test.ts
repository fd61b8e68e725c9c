/** Snooze decisions: how long an override keeps a card away, which overrides make snoozes, which cards they hold back. */
import assert from 'node:assert/strict';
import type { IssuedCard } from '../../src/cards/types';
import { applySnoozes, isSnoozingOn, snoozeLengthMs, snoozesFromFeedback } from '../../src/feedback-loop/snoozes';
import type { IssuedCard as LedgerCard } from '../../src/storage/card-ledger';
import type { Snooze } from '../../src/storage/card-snoozes';
import { NOW } from '../support/builders';
import { feedbackOn, issuedCard, PATIENT_HASH } from '../storage/support/rows';

const POLICY = { snoozeDays: 30, snoozeCriticalHours: 24 };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms);

function ledgerOf(...cards: LedgerCard[]): Map<string, LedgerCard> {
  return new Map(cards.map((card) => [card.cardUuid, card]));
}

/** A card of a call, as services issue it: only what snoozes read. */
function issued(findingKey: string, fingerprint: string): IssuedCard {
  return { card: { uuid: `${findingKey}-${fingerprint}` }, findingKind: findingKey.split(':')[0], findingKey, lines: [], fingerprint } as unknown as IssuedCard;
}

function snooze(findingKey: string, evidenceFingerprint: string): Snooze {
  return { patientHash: PATIENT_HASH, findingKey, evidenceFingerprint, until: at(DAY), cardUuid: 'c', createdAt: NOW };
}

describe('feedback-loop: snoozes', () => {
  describe('snoozeLengthMs', () => {
    it('keeps info and warning cards away SNOOZE_DAYS and critical ones SNOOZE_CRITICAL_HOURS', () => {
      assert.equal(snoozeLengthMs('info', POLICY), 30 * DAY);
      assert.equal(snoozeLengthMs('warning', POLICY), 30 * DAY);
      assert.equal(snoozeLengthMs('critical', POLICY), 24 * HOUR);
    });

    it('snoozes nothing with SNOOZE_DAYS=0, critical cards included', () => {
      const off = { snoozeDays: 0, snoozeCriticalHours: 24 };
      assert.equal(isSnoozingOn(off), false);
      assert.equal(snoozeLengthMs('critical', off), 0);
      assert.equal(snoozeLengthMs('info', off), 0);
    });
  });

  describe('snoozesFromFeedback', () => {
    it('snoozes an overridden card for its patient and finding, on the evidence it was overridden on, from the override', () => {
      const card = issuedCard();
      const overriddenAt = at(-HOUR);
      assert.deepEqual(snoozesFromFeedback([feedbackOn(card, { outcomeAt: overriddenAt })], ledgerOf(card), POLICY), [
        {
          patientHash: card.patientHash,
          findingKey: card.findingKey,
          evidenceFingerprint: card.evidenceFingerprint,
          until: new Date(overriddenAt.getTime() + 30 * DAY),
          cardUuid: card.cardUuid,
          createdAt: overriddenAt,
        },
      ]);
    });

    it('snoozes a critical card 24 hours', () => {
      const card = issuedCard({ indicator: 'critical' });
      const [made] = snoozesFromFeedback([feedbackOn(card)], ledgerOf(card), POLICY);
      assert.deepEqual(made.until, at(24 * HOUR));
    });

    it('counts a snooze from the moment the feedback arrived when the client dates the override in the future', () => {
      const card = issuedCard();
      const [made] = snoozesFromFeedback([feedbackOn(card, { outcomeAt: at(365 * DAY), receivedAt: NOW })], ledgerOf(card), POLICY);
      assert.deepEqual(made.until, at(30 * DAY));
    });

    it('makes none for accepted cards, cards not in the ledger, or overrides whose snooze is already over', () => {
      const card = issuedCard();
      const made = snoozesFromFeedback(
        [feedbackOn(card, { outcome: 'accepted' }), feedbackOn('not-in-the-ledger'), feedbackOn(card, { outcomeAt: at(-31 * DAY) })],
        ledgerOf(card),
        POLICY,
      );
      assert.deepEqual(made, []);
    });

    it('keeps the latest override of a finding when a batch overrides it twice', () => {
      const older = issuedCard({ evidenceFingerprint: 'old' });
      const newer = issuedCard({ evidenceFingerprint: 'new' });
      const made = snoozesFromFeedback(
        [feedbackOn(newer, { outcomeAt: at(-HOUR) }), feedbackOn(older, { outcomeAt: at(-2 * HOUR) })],
        ledgerOf(older, newer),
        POLICY,
      );
      assert.deepEqual(
        made.map((s) => s.evidenceFingerprint),
        ['new'],
      );
    });

    it("makes one snooze per patient: another patient's override of the same finding is its own", () => {
      const mine = issuedCard();
      const theirs = issuedCard({ patientHash: 'e'.repeat(64) });
      const made = snoozesFromFeedback([feedbackOn(mine), feedbackOn(theirs)], ledgerOf(mine, theirs), POLICY);
      assert.deepEqual(made.map((s) => s.patientHash).sort(), ['e'.repeat(64), PATIENT_HASH]);
    });
  });

  describe('applySnoozes', () => {
    it('holds back a card whose finding is snoozed on the same evidence, and nothing else', () => {
      const magnesium = issued('electrolyte-low:magnesium', 'mg-1.3');
      const potassium = issued('electrolyte-low:potassium', 'k-3.1');
      assert.deepEqual(applySnoozes([magnesium, potassium], [snooze('electrolyte-low:magnesium', 'mg-1.3')]), { shown: [potassium], snoozed: [magnesium] });
    });

    it('shows the card again when its evidence changed since the override', () => {
      const magnesium = issued('electrolyte-low:magnesium', 'mg-1.1');
      assert.deepEqual(applySnoozes([magnesium], [snooze('electrolyte-low:magnesium', 'mg-1.3')]), { shown: [magnesium], snoozed: [] });
    });

    it('shows every card when the patient has no snooze', () => {
      const cards = [issued('likely-benign', 'a'), issued('mri-thigh', 'b')];
      assert.deepEqual(applySnoozes(cards, []), { shown: cards, snoozed: [] });
    });
  });
});
