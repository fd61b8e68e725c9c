/** Ledger rows and feedback for storage tests: plausible defaults, each test varies what it needs. */
import type { CardFeedback } from '../../../src/storage/card-feedback';
import type { IssuedCard } from '../../../src/storage/card-ledger';
import { NOW } from '../../support/builders';

export const PATIENT_HASH = 'f'.repeat(64);

let serial = 0;

/** A card uuid that sorts in creation order. */
export function cardUuid(): string {
  serial += 1;
  return `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
}

export function issuedCard(overrides: Partial<IssuedCard> = {}): IssuedCard {
  return {
    cardUuid: cardUuid(),
    serviceId: 'hamstring-twitch',
    hook: 'patient-view',
    findingKind: 'electrolyte-low',
    findingKey: 'electrolyte-low:magnesium',
    indicator: 'warning',
    approachLineIds: ['1', '3'],
    serviceVersion: '0.1.0',
    knowledgeVersion: '2026-11',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    issuedAt: NOW,
    patientHash: PATIENT_HASH,
    evidenceFingerprint: 'sha256:mg-1.3-2026-11-20',
    suggestionUuids: ['5a7e0c2e-8f0d-4b52-a0e4-1d9c3e5f7a01'],
    mode: 'active',
    delivery: 'shown',
    userHash: 'e'.repeat(64),
    flagKinds: [],
    ...overrides,
  };
}

export function feedbackOn(card: IssuedCard | string, overrides: Partial<CardFeedback> = {}): CardFeedback {
  return {
    cardUuid: typeof card === 'string' ? card : card.cardUuid,
    outcome: 'overridden',
    acceptedSuggestionIds: [],
    outcomeAt: NOW,
    receivedAt: NOW,
    ...overrides,
  };
}
