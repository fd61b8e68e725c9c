/**
 * Structural injury on draft orders. Lines: diagnostic.mri-thigh, diagnostic.bmp-with-mg,
 * diagnostic.emg-ncs: an MRI of the thigh drafted where the approach does not put it (no localized
 * pain, no recent strain, no older strain with persistent twitching, on the twitching side); the
 * card says what the approach puts first. The draft's own reason (reasonCode, reasonReference) is
 * part of the record: an MRI ordered for a hamstring strain has its indication.
 */
import type { DraftOrder } from '../../facts/draft-orders';
import type { PatientFacts } from '../../facts/types';
import type { ConceptId } from '../../knowledge/codes';
import { ORDERS_FOR, type RequiredElectrolyte } from '../../knowledge/catalogue';
import { ordersUnavailable } from '../context';
import { draftOf, type DraftCheck } from '../drafts';
import { missingFinding } from '../electrolytes/rule';
import { emgStanding } from '../neuromuscular/orders';
import type { MriWithoutIndication } from './findings';
import { mriIndications } from './rule';

const MRI_INDICATIONS: readonly ConceptId[] = ['thighPain', 'hamstringInjury'];

/** The draft gives an indication as its reason: a coded one, or a Condition on record that is one. */
function draftGivesIndication(facts: PatientFacts, draft: DraftOrder): boolean {
  if (draft.reasonConcepts.some((c) => MRI_INDICATIONS.includes(c))) return true;
  return draft.reasonReferences.some((reference) => facts.records.some((r) => r.evidence.reference === reference && MRI_INDICATIONS.includes(r.concept)));
}

export const checkMriThigh: DraftCheck<MriWithoutIndication> = (check, draft) => {
  const { facts, drafts, episode, ctx, scope } = check;
  if (!scope.twitching || draftGivesIndication(facts, draft)) return undefined;
  const indications = mriIndications(facts, episode, ctx);
  if (indications.pain.length > 0 || indications.injuries.length > 0) return undefined;
  const missing = facts.unavailable.has('observations') ? [] : (missingFinding(facts, ctx)?.missing ?? []);
  return {
    kind: 'order-mri-without-indication',
    draft,
    electrolytes: missing.filter((analyte: RequiredElectrolyte) => !draftOf(drafts, ORDERS_FOR[analyte])),
    emg: emgStanding(check),
    durationDays: episode.durationDays,
    notIndications: [...indications.olderInjuries, ...indications.otherSide],
    ordersUnavailable: ordersUnavailable(facts),
  };
};
