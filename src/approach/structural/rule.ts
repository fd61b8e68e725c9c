/**
 * Structural muscle injury on the chart. Lines: structural.intramuscular-tendon ("especially if
 * there has been recent strain or injury"), structural.mri-after-pain-or-injury and
 * diagnostic.mri-thigh ("Consider MRI of the thigh if there is localized pain or history of
 * muscle strain"), pitfall.tendon-not-muscle.
 *
 * Where the approach puts the MRI: localized thigh pain, or a recent hamstring strain or injury
 * (within MRI_STRAIN_WINDOW_DAYS), call for it whatever the twitching; an older strain ("history of
 * muscle strain") only when the twitching persists or comes with other symptoms. The MRI is of the
 * twitching side: pain or a strain of the other thigh is not an indication for this twitching.
 */
import { daysBefore } from '../../fhir/dates';
import type { ClinicalRecord, PatientFacts } from '../../facts/types';
import type { Side } from '../../knowledge/laterality';
import { orderSince, ordersUnavailable, windowStart, type RuleContext } from '../context';
import { activeRecords, episodeStart, historyRecords, type Episode } from '../episode';
import type { MriIndications, StructuralFinding } from './findings';

/** Is the record about the other thigh than the twitching one? Unknown or bilateral sides never are. */
function otherSide(record: ClinicalRecord, twitchingSide: Side | undefined): boolean {
  if (!twitchingSide || twitchingSide === 'bilateral' || !record.side || record.side === 'bilateral') return false;
  return record.side !== twitchingSide;
}

export function mriIndications(facts: PatientFacts, episode: Episode, ctx: RuleContext): MriIndications {
  const recentSince = daysBefore(ctx.now, ctx.mriStrainWindowDays);
  const withOtherSymptoms = episode.persistenceReasons.length > 0;
  const pain: ClinicalRecord[] = [];
  const injuries: ClinicalRecord[] = [];
  const olderInjuries: ClinicalRecord[] = [];
  const other: ClinicalRecord[] = [];
  for (const record of activeRecords(facts, ['thighPain'])) (otherSide(record, episode.side) ? other : pain).push(record);
  for (const record of historyRecords(facts, 'hamstringInjury')) {
    if (otherSide(record, episode.side)) other.push(record);
    else if ((record.knownSince !== undefined && record.knownSince >= recentSince) || withOtherSymptoms) injuries.push(record);
    else olderInjuries.push(record);
  }
  return { pain, injuries, olderInjuries, otherSide: other };
}

export function mriFindings(facts: PatientFacts, episode: Episode, ctx: RuleContext): StructuralFinding[] {
  const { pain, injuries, otherSide: other } = mriIndications(facts, episode, ctx);
  if (pain.length === 0 && injuries.length === 0) return [];
  if (orderSince(facts, ['mriThigh'], episodeStart(episode, windowStart(ctx)))) return [];
  const indicationSides = new Set([...pain, ...injuries].map((r) => r.side).filter((s) => s !== undefined));
  const side = episode.side ?? (indicationSides.size === 1 ? [...indicationSides][0] : undefined);
  return [{ kind: 'mri-thigh', pain, injuries, otherSide: other, side, ordersUnavailable: ordersUnavailable(facts) }];
}
