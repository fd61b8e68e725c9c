/**
 * The twitching episode, as every family reads it: which twitching records count now, how long
 * twitching has lasted, whether it comes with other symptoms, and where else fasciculations are
 * recorded. The approach's two branches hang on this: "isolated, intermittent hamstring twitching
 * without other symptoms" and "persistent twitching (>2-4 weeks) or twitching with additional
 * symptoms".
 */
import { daysBetween } from '../fhir/dates';
import { CONCEPT, conceptsOf, type ConceptId } from '../knowledge/codes';
import { ADDITIONAL_SYMPTOMS } from '../knowledge/concept-groups';
import type { Side } from '../knowledge/laterality';
import { isBeyondTheThigh, isHamstringTwitching } from '../facts/build';
import type { ClinicalRecord, Coded, PatientFacts } from '../facts/types';
import type { RuleContext } from './context';

/** Why twitching calls for neurological evaluation: it lasted, or it comes with other symptoms. */
export type PersistenceReason = 'duration' | 'symptoms';

export interface Episode {
  /** Active twitching of the hamstring (at the thigh, or with no coded site). */
  twitching: ClinicalRecord[];
  /** The side of the twitching hamstring, when the records say. */
  side?: Side;
  /** Some record states when twitching began. */
  onsetKnown: boolean;
  /** Days since the earliest date the records show twitching (onset, else recorded date). */
  durationDays?: number;
  /** The earliest date the records show twitching. */
  knownSince?: Date;
  persistent: boolean;
  /** Onset documented and within the persistence threshold. */
  recent: boolean;
  additionalSymptoms: ClinicalRecord[];
  /** Twitching records at body sites other than the thigh (when the hamstring twitches too), with those sites in words. */
  widespread: { records: ClinicalRecord[]; sites: string[] };
  /** Persistent, or with other symptoms (fasciculations elsewhere among them): the approach's second branch. */
  persistenceReasons: PersistenceReason[];
}

export function activeRecords(facts: PatientFacts, concepts: readonly ConceptId[]): ClinicalRecord[] {
  return facts.records.filter((r) => r.active && concepts.includes(r.concept));
}

/** Records that count whatever their clinical status: a past hamstring strain is history, not noise. */
export function historyRecords(facts: PatientFacts, concept: ConceptId): ClinicalRecord[] {
  return facts.records.filter((r) => r.concept === concept);
}

/** Our value set's short name for a known site ("Upper arm"), else the sender's display or code. */
function describeSite(site: Coded): string {
  const known = conceptsOf(site.system, site.code)[0];
  return known ? CONCEPT[known].label : (site.display ?? site.code ?? 'unknown site');
}

/** The side of the twitching hamstring, when the records say: one side, or both. */
function sideOfTwitching(records: readonly ClinicalRecord[]): Side | undefined {
  const sides = new Set(records.map((r) => r.side).filter((s): s is Side => s !== undefined));
  if (sides.has('bilateral') || (sides.has('left') && sides.has('right'))) return 'bilateral';
  return [...sides][0];
}

export function describeEpisode(facts: PatientFacts, ctx: RuleContext): Episode {
  const active = activeRecords(facts, ['twitching']);
  const twitching = active.filter(isHamstringTwitching);
  let knownSince: Date | undefined;
  for (const record of twitching) {
    if (record.knownSince && (!knownSince || record.knownSince < knownSince)) knownSince = record.knownSince;
  }
  const onsetKnown = twitching.some((r) => r.onset !== undefined);
  const durationDays = knownSince ? Math.max(0, daysBetween(knownSince, ctx.now)) : undefined;
  const persistent = durationDays !== undefined && durationDays > ctx.persistentAfterDays;
  // Beyond the hamstring: any record (one of the hamstring's own, or another) at a site that is not the thigh.
  const outside = twitching.length > 0 ? active.filter((r) => r.bodySites.some(isBeyondTheThigh)) : [];
  const sites = [...new Set(outside.flatMap((r) => r.bodySites.filter(isBeyondTheThigh).map(describeSite)))];
  const additionalSymptoms = activeRecords(facts, ADDITIONAL_SYMPTOMS);
  const persistenceReasons: PersistenceReason[] = [];
  if (persistent) persistenceReasons.push('duration');
  if (additionalSymptoms.length > 0 || outside.length > 0) persistenceReasons.push('symptoms');
  return {
    twitching,
    side: sideOfTwitching(twitching),
    onsetKnown,
    durationDays,
    knownSince,
    persistent,
    recent: onsetKnown && !persistent,
    additionalSymptoms,
    widespread: { records: outside, sites },
    persistenceReasons,
  };
}

/** Since when work counts for this episode: since the twitching began, or the window's start if earlier. */
export function episodeStart(episode: Episode, windowStart: Date): Date {
  return episode.knownSince && episode.knownSince < windowStart ? episode.knownSince : windowStart;
}
