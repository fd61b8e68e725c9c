/**
 * Nerve hyperexcitability on draft orders. Lines: neuro.lgi1-after-emg, neuro.emg-diagnostic: an
 * LGI1 antibody drafted before an EMG confirms neuromyotonia. Also where EMG stands for the
 * episode, which the MRI check asks too.
 */
import type { DraftOrder } from '../../facts/draft-orders';
import type { PatientFacts } from '../../facts/types';
import type { Evidence } from '../../facts/types';
import { orderSince, ordersUnavailable } from '../context';
import { draftOf, type DraftCheck, type OrderCheck } from '../drafts';
import type { PersistenceReason } from '../episode';
import type { ExistingEmg, Lgi1EmgStatus, Lgi1WithoutConfirmation } from './findings';
import { emgConfirmation, existingEmg } from './rule';

/** Where EMG stands for this episode, as the approach sees it. */
export type EmgStanding = { status: 'indicated'; reasons: PersistenceReason[] } | { status: 'on-record'; evidence: Evidence } | { status: 'not-yet-indicated' };

export function existingEvidence(existing: ExistingEmg): Evidence {
  switch (existing.kind) {
    case 'emg':
      return existing.emg.evidence;
    case 'order':
      return existing.order.evidence;
    case 'diagnosis':
      return existing.diagnosis.evidence;
  }
}

export function emgStanding({ facts, drafts, episode, ctx }: OrderCheck): EmgStanding {
  const existing = existingEmg(facts, episode, ctx);
  if (existing) return { status: 'on-record', evidence: existingEvidence(existing) };
  const drafted = draftOf(drafts, ['electromyography']);
  if (drafted) return { status: 'on-record', evidence: drafted.evidence };
  const reasons = episode.persistenceReasons;
  return reasons.length > 0 ? { status: 'indicated', reasons } : { status: 'not-yet-indicated' };
}

function lgi1Emg(facts: PatientFacts, drafts: readonly DraftOrder[]): Lgi1EmgStatus {
  const reported = [...facts.emg].sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
  if (reported) return { status: 'not-confirming', evidence: reported.evidence };
  const ordered = orderSince(facts, ['electromyography'], new Date(0));
  if (ordered) return { status: 'pending', evidence: ordered.evidence };
  const drafted = draftOf(drafts, ['electromyography']);
  return drafted ? { status: 'pending', evidence: drafted.evidence } : { status: 'none' };
}

export const checkLgi1Antibody: DraftCheck<Lgi1WithoutConfirmation> = ({ facts, drafts, scope }, draft) => {
  if (!scope.twitching || emgConfirmation(facts)) return undefined;
  return { kind: 'order-lgi1-without-confirmation', draft, emg: lgi1Emg(facts, drafts), ordersUnavailable: ordersUnavailable(facts) };
};
