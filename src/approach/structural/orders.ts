/**
 * Structural injury on draft orders. Lines: diagnostic.mri-thigh, diagnostic.bmp-with-mg,
 * diagnostic.emg-ncs: an MRI of the thigh drafted with no localized pain or strain on record; the
 * card says what the approach puts first (the electrolytes, EMG when twitching persists).
 */
import { ORDERS_FOR, type RequiredElectrolyte } from '../../knowledge/coverage';
import { ordersUnavailable } from '../context';
import { draftOf, type DraftCheck } from '../drafts';
import { missingFinding } from '../electrolytes/rule';
import { emgStanding } from '../neuromuscular/orders';
import type { MriWithoutIndication } from './findings';
import { mriIndications } from './rule';

export const checkMriThigh: DraftCheck<MriWithoutIndication> = (check, draft) => {
  const { facts, drafts, episode, ctx, scope } = check;
  if (!scope.twitching) return undefined;
  const { pain, injuries } = mriIndications(facts);
  if (pain.length > 0 || injuries.length > 0) return undefined;
  const missing = facts.unavailable.has('observations') ? [] : (missingFinding(facts, ctx)?.missing ?? []);
  return {
    kind: 'order-mri-without-indication',
    draft,
    electrolytes: missing.filter((analyte: RequiredElectrolyte) => !draftOf(drafts, ORDERS_FOR[analyte])),
    emg: emgStanding(check),
    durationDays: episode.durationDays,
    ordersUnavailable: ordersUnavailable(facts),
  };
};
