/**
 * What the card ledger keeps of a hook call's cards: per card, the rule that made it (finding kind
 * and key, approach lines, the flags it gathers), the versions, the call (service, hook,
 * hookInstance, time), the patient and the user as the store's keyed hashes, the fingerprint of
 * the evidence, the suggestion uuids, and what became of it (its mode, pilot arm, and whether it
 * was shown, held silent or snoozed). Never an id, never the card's text or the patient's data.
 */
import type { IssuedCard as LedgerCard } from '../storage/card-ledger';
import type { CardDelivery, ModedCard } from './modes';

export interface LedgerCall {
  serviceId: string;
  hook: string;
  hookInstance: string;
  issuedAt: Date;
  /** The keyed hash of the patient (store.hashPatient), never the id. */
  patientHash: string;
  /** The keyed hash of the user (store.hashUser), never the reference. */
  userHash: string;
  serviceVersion: string;
  knowledgeVersion: string;
}

export type DeliveredCard = ModedCard & { delivery: CardDelivery };

export function ledgerEntries(cards: readonly DeliveredCard[], call: LedgerCall): LedgerCard[] {
  return cards.map(({ issued: { card, findingKind, findingKey, lines, fingerprint, flags }, mode, pilotArm, delivery }) => ({
    cardUuid: card.uuid,
    serviceId: call.serviceId,
    hook: call.hook,
    findingKind,
    findingKey,
    indicator: card.indicator,
    approachLineIds: [...lines],
    serviceVersion: call.serviceVersion,
    knowledgeVersion: call.knowledgeVersion,
    hookInstance: call.hookInstance,
    issuedAt: call.issuedAt,
    patientHash: call.patientHash,
    evidenceFingerprint: fingerprint,
    suggestionUuids: (card.suggestions ?? []).map((s) => s.uuid),
    mode,
    ...(pilotArm !== undefined ? { pilotArm } : {}),
    delivery,
    userHash: call.userHash,
    flagKinds: [...flags],
  }));
}
