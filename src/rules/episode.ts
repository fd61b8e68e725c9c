/**
 * The twitching episode and the questions every rule family asks of the facts: which records
 * count now, how long twitching has lasted, what is already ordered or done.
 */
import { CONCEPT, conceptsOf, type ConceptId } from '../knowledge/codes';
import { daysBefore, daysBetween } from '../fhir/dates';
import type { ClinicalRecord, Coded, OrderKind, OrderRecord, PatientFacts, ResultKind, ResultRecord } from '../facts/types';
import type { RuleContext } from './types';

/** Symptoms that make twitching "twitching with additional symptoms" (the approach's second branch). */
export const ADDITIONAL_SYMPTOMS: readonly ConceptId[] = [
  'muscleWeakness',
  'muscleAtrophy',
  'muscleCramp',
  'sensoryChange',
  'radiculopathy',
  'thighPain',
];

const THIGH_SITES: readonly ConceptId[] = ['thighSite', 'leftThighSite', 'rightThighSite'];

export interface Episode {
  twitching: ClinicalRecord[];
  /** Some record states when twitching began. */
  onsetKnown: boolean;
  /** Days since the earliest date the records show twitching (onset, else recorded date). */
  durationDays?: number;
  persistent: boolean;
  /** Onset documented and within the persistence threshold. */
  recent: boolean;
  additionalSymptoms: ClinicalRecord[];
  /** Twitching records at body sites other than the thigh, with those sites in words. */
  widespread: { records: ClinicalRecord[]; sites: string[] };
}

export function activeRecords(facts: PatientFacts, concepts: readonly ConceptId[]): ClinicalRecord[] {
  return facts.records.filter((r) => r.active && concepts.includes(r.concept));
}

/** Records that count whatever their clinical status: a past hamstring strain is history, not noise. */
export function historyRecords(facts: PatientFacts, concept: ConceptId): ClinicalRecord[] {
  return facts.records.filter((r) => r.concept === concept);
}

function isThighSite(site: Coded): boolean {
  return conceptsOf(site.system, site.code).some((c) => THIGH_SITES.includes(c));
}

/** Our value set's short name for a known site ("Upper arm"), else the sender's display or code. */
function describeSite(site: Coded): string {
  const known = conceptsOf(site.system, site.code)[0];
  return known ? CONCEPT[known].label : (site.display ?? site.code ?? 'unknown site');
}

export function describeEpisode(facts: PatientFacts, ctx: RuleContext): Episode {
  const twitching = activeRecords(facts, ['twitching']);
  const knownSince = twitching
    .map((r) => r.knownSince)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const onsetKnown = twitching.some((r) => r.onset !== undefined);
  const durationDays = knownSince ? Math.max(0, daysBetween(knownSince, ctx.now)) : undefined;
  const persistent = durationDays !== undefined && durationDays > ctx.persistentAfterDays;
  const outside = twitching.filter((r) => r.bodySites.some((site) => site.code !== undefined && !isThighSite(site)));
  const sites = [
    ...new Set(outside.flatMap((r) => r.bodySites.filter((s) => s.code !== undefined && !isThighSite(s)).map(describeSite))),
  ];
  return {
    twitching,
    onsetKnown,
    durationDays,
    persistent,
    recent: onsetKnown && !persistent,
    additionalSymptoms: activeRecords(facts, ADDITIONAL_SYMPTOMS),
    widespread: { records: outside, sites },
  };
}

/** The start of the look-back window. */
export function windowStart(ctx: RuleContext): Date {
  return daysBefore(ctx.now, ctx.lookbackDays);
}

export function isInWindow(date: Date | undefined, ctx: RuleContext): boolean {
  return date !== undefined && date >= windowStart(ctx) && date <= new Date(ctx.now.getTime() + 24 * 3600 * 1000);
}

/** Results of one kind, newest first; undated results last. */
export function resultsNewestFirst(facts: PatientFacts, kind: ResultKind): ResultRecord[] {
  return facts.results
    .filter((r) => r.kind === kind)
    .sort((a, b) => (b.effective?.getTime() ?? -Infinity) - (a.effective?.getTime() ?? -Infinity));
}

/** The newest order of one of the kinds placed or done on or after `since` (undated orders count: they are live). */
export function orderSince(facts: PatientFacts, kinds: readonly OrderKind[], since: Date): OrderRecord | undefined {
  return facts.orders
    .filter((o) => kinds.includes(o.kind) && (o.date === undefined || o.date >= since))
    .sort((a, b) => (b.date?.getTime() ?? Infinity) - (a.date?.getTime() ?? Infinity))[0];
}

export function ordersUnavailable(facts: PatientFacts): boolean {
  return facts.unavailable.has('serviceRequests') || facts.unavailable.has('procedures');
}

/** Patients under 18, or of unknown age, get the adult cut-off with a caveat. */
export function isAdult(facts: PatientFacts, now: Date): boolean | undefined {
  if (!facts.birthDate) return undefined;
  const eighteenth = new Date(facts.birthDate);
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  return eighteenth <= now;
}
