/**
 * Overrides that stick: when a clinician overrides a card, the same card (its finding key) is not
 * shown to that patient again for a while (SNOOZE_DAYS for info and warning cards,
 * SNOOZE_CRITICAL_HOURS for critical ones), unless the evidence it rests on changes: a snooze
 * holds only while the card's fingerprint is the one that was overridden. Pure decisions; the
 * store keeps the snoozes and the hook path asks for them.
 */
import type { IssuedCard } from '../cards/types';
import type { FeedbackLoopConfig } from '../config';
import type { CardFeedback } from '../storage/card-feedback';
import type { IssuedCard as LedgerCard } from '../storage/card-ledger';
import type { Snooze } from '../storage/card-snoozes';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** SNOOZE_DAYS=0 switches snoozing off: no snooze is made, none is looked up. */
export function isSnoozingOn(policy: FeedbackLoopConfig): boolean {
  return policy.snoozeDays > 0;
}

/** How long an override keeps a card of this indicator away; 0 when it is not snoozed at all. */
export function snoozeLengthMs(indicator: LedgerCard['indicator'], policy: FeedbackLoopConfig): number {
  if (!isSnoozingOn(policy)) return 0;
  return indicator === 'critical' ? policy.snoozeCriticalHours * HOUR_MS : policy.snoozeDays * DAY_MS;
}

/**
 * The snoozes a batch of feedback makes: one per overridden card still within its snooze, the
 * latest override of each patient's finding winning. A snooze runs from the override, taken as
 * its outcomeTimestamp but never later than the moment the feedback arrived (a client's clock in
 * the future cannot lengthen it).
 */
export function snoozesFromFeedback(items: readonly CardFeedback[], cards: ReadonlyMap<string, LedgerCard>, policy: FeedbackLoopConfig): Snooze[] {
  const latest = new Map<string, Snooze>();
  for (const item of items) {
    if (item.outcome !== 'overridden') continue;
    const card = cards.get(item.cardUuid);
    if (card === undefined) continue;
    const length = snoozeLengthMs(card.indicator, policy);
    const overriddenAt = new Date(Math.min(item.outcomeAt.getTime(), item.receivedAt.getTime()));
    const until = new Date(overriddenAt.getTime() + length);
    if (until.getTime() <= item.receivedAt.getTime()) continue;
    const key = JSON.stringify([card.patientHash, card.findingKey]);
    const previous = latest.get(key);
    if (previous !== undefined && previous.createdAt.getTime() > overriddenAt.getTime()) continue;
    latest.set(key, {
      patientHash: card.patientHash,
      findingKey: card.findingKey,
      evidenceFingerprint: card.evidenceFingerprint,
      until,
      cardUuid: card.cardUuid,
      createdAt: overriddenAt,
    });
  }
  return [...latest.values()];
}

export interface SnoozeDecision {
  shown: IssuedCard[];
  /** Cards left out: the patient's snooze of their finding holds on the same evidence. */
  snoozed: IssuedCard[];
}

/** Splits a call's cards by the patient's running snoozes. */
export function applySnoozes(issued: readonly IssuedCard[], active: readonly Snooze[]): SnoozeDecision {
  if (active.length === 0) return { shown: [...issued], snoozed: [] };
  const held = new Map(active.map((s) => [s.findingKey, s.evidenceFingerprint]));
  const shown: IssuedCard[] = [];
  const snoozed: IssuedCard[] = [];
  for (const card of issued) (held.get(card.findingKey) === card.fingerprint ? snoozed : shown).push(card);
  return { shown, snoozed };
}
