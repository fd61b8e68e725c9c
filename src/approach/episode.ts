/**
 * The twitching episode, as every family reads it: which twitching records count now, how long
 * twitching has lasted, whether it comes with other symptoms, and where else fasciculations are
 * recorded. The approach's two branches hang on this: "isolated, intermittent hamstring twitching
 * without other symptoms" and "persistent twitching (>2-4 weeks) or twitching with additional
 * symptoms".
 */
import { daysBefore, daysBetween } from '../fhir/dates';
import { PART_LABEL, REGION_OF_PART, REGIONS, type BodyPart, type Region } from '../knowledge/anatomy';
import type { ConceptId } from '../knowledge/codes';
import { ADDITIONAL_SYMPTOMS } from '../knowledge/concept-groups';
import type { Side } from '../knowledge/laterality';
import { isHamstringTwitching } from '../facts/build';
import type { ClinicalRecord, PatientFacts } from '../facts/types';
import type { RuleContext } from './context';
import { isKnownSite, isNeuropathicFeet, placesOf, regionsOfRecord, sensoryPlace } from './places';

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
  /**
   * Fasciculations in a body region other than the hamstring's (lumbosacral), when the hamstring
   * twitches too: the records, their sites in words, and every region with fasciculations. Two
   * sites of one limb are one region, never "widespread".
   */
  widespread: { records: ClinicalRecord[]; sites: string[]; regions: (Region | 'unknown')[] };
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

/** Parts with no side worth naming. */
const MIDLINE_PARTS: ReadonlySet<BodyPart> = new Set<BodyPart>(['tongue', 'neck', 'trunk', 'face']);

/** A record's sites outside the hamstring's region, in words: "tongue", "left arm", or the sender's display of a site we do not know. */
function sitesBeyond(record: ClinicalRecord): string[] {
  const places = placesOf(record);
  // A part of the arm (the upper arm, the hand) says all "the arm" of the same side would.
  const known = places
    .filter((p) => REGION_OF_PART[p.part] !== 'lumbosacral')
    .filter((p) => p.part !== 'upperLimb' || !places.some((q) => (q.part === 'upperArm' || q.part === 'hand') && q.side === p.side))
    .map((p) =>
      !p.side || MIDLINE_PARTS.has(p.part)
        ? PART_LABEL[p.part]
        : p.side === 'bilateral'
          ? `${PART_LABEL[p.part]} (both sides)`
          : `${p.side} ${PART_LABEL[p.part]}`,
    );
  const unknown = record.bodySites.filter((s) => s.code !== undefined && !isKnownSite(s)).map((s) => s.display ?? s.code!);
  return [...known, ...unknown];
}

/**
 * Whether a symptom is one "accompanying" this twitching: not a problem established long before it
 * and not recorded as worsening (RuleSettings.redFlagEstablishedDays), and, for a sensory change,
 * one that may be in the leg (tingling of the hand, numbness of both feet beside a polyneuropathy,
 * belong to their own diagnoses).
 */
function countsWithTheTwitching(record: ClinicalRecord, facts: PatientFacts, twitchingSince: Date | undefined, ctx: RuleContext): boolean {
  if (isEstablished(record, twitchingSince, ctx)) return false;
  if (record.concept !== 'sensoryChange') return true;
  const polyneuropathy = activeRecords(facts, ['polyneuropathy']).length > 0;
  return sensoryPlace(record) !== 'elsewhere' && !isNeuropathicFeet(record, polyneuropathy);
}

/** Known `redFlagEstablishedDays` or more before the twitching began, and not recorded as worsening. */
export function isEstablished(record: ClinicalRecord, twitchingSince: Date | undefined, ctx: RuleContext): boolean {
  if (record.progressive || record.knownSince === undefined) return false;
  return record.knownSince <= daysBefore(twitchingSince ?? ctx.now, ctx.redFlagEstablishedDays);
}

/** Fasciculations beyond the hamstring's region: records in another region, or at a site we cannot place. */
function isBeyondTheHamstringRegion(record: ClinicalRecord): boolean {
  return regionsOfRecord(record).some((r) => r !== 'lumbosacral');
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
  // Beyond the hamstring's region: any twitching record (one of the hamstring's own, or another) in another region.
  const outside = twitching.length > 0 ? active.filter(isBeyondTheHamstringRegion) : [];
  const sites = [...new Set(outside.flatMap(sitesBeyond))];
  const found = new Set<Region | 'unknown'>(outside.length > 0 ? ['lumbosacral', ...outside.flatMap(regionsOfRecord)] : []);
  const regions = [...REGIONS, 'unknown' as const].filter((r) => found.has(r));
  const additionalSymptoms = activeRecords(facts, ADDITIONAL_SYMPTOMS).filter((r) => countsWithTheTwitching(r, facts, knownSince, ctx));
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
    widespread: { records: outside, sites, regions },
    persistenceReasons,
  };
}

/** Since when work counts for this episode: since the twitching began, or the window's start if earlier. */
export function episodeStart(episode: Episode, windowStart: Date): Date {
  return episode.knownSince && episode.knownSince < windowStart ? episode.knownSince : windowStart;
}
