/**
 * What the card ledger keeps of a hook call's cards: per card, the rule that made it (finding kind
 * and key, approach lines), the versions, the call (service, hook, hookInstance, time), the
 * patient as the store's keyed hash, the fingerprint of the evidence and the suggestion uuids.
 * Never the patient id, never the card's text or the patient's data.
 */
import type { IssuedCard } from '../cards/types';
import type { IssuedCard as LedgerCard } from '../storage/card-ledger';

export interface LedgerCall {
  serviceId: string;
  hook: string;
  hookInstance: string;
  issuedAt: Date;
  /** The keyed hash of the patient (store.hashPatient), never the id. */
  patientHash: string;
  serviceVersion: string;
  knowledgeVersion: string;
}

export function ledgerEntries(issued: readonly IssuedCard[], call: LedgerCall): LedgerCard[] {
  return issued.map(({ card, findingKind, findingKey, lines, fingerprint }) => ({
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
  }));
}
