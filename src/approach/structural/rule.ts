/**
 * Structural muscle injury on the chart. Lines: structural.intramuscular-tendon ("especially if
 * there has been recent strain or injury"), structural.mri-after-pain-or-injury and
 * diagnostic.mri-thigh ("Consider MRI of the thigh if there is localized pain or history of
 * muscle strain"), pitfall.tendon-not-muscle.
 */
import type { ClinicalRecord, PatientFacts } from '../../facts/types';
import { orderSince, ordersUnavailable, windowStart, type RuleContext } from '../context';
import { activeRecords, episodeStart, historyRecords, type Episode } from '../episode';
import type { StructuralFinding } from './findings';

/** Localized thigh pain now, and hamstring strains or injuries whatever their status: the MRI's indications. */
export function mriIndications(facts: PatientFacts): { pain: ClinicalRecord[]; injuries: ClinicalRecord[] } {
  return { pain: activeRecords(facts, ['thighPain']), injuries: historyRecords(facts, 'hamstringInjury') };
}

export function mriFindings(facts: PatientFacts, episode: Episode, ctx: RuleContext): StructuralFinding[] {
  const { pain, injuries } = mriIndications(facts);
  if (pain.length === 0 && injuries.length === 0) return [];
  if (orderSince(facts, ['mriThigh'], episodeStart(episode, windowStart(ctx)))) return [];
  const sides = new Set([...pain, ...injuries].map((r) => r.side).filter((s) => s !== undefined));
  return [
    {
      kind: 'mri-thigh',
      pain,
      injuries,
      side: sides.size === 1 ? [...sides][0] : undefined,
      ordersUnavailable: ordersUnavailable(facts),
    },
  ];
}
