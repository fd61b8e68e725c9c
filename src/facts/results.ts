/**
 * Laboratory and measurement results: which ones the rules need, and what they say. An
 * electrolyte is judged by its newest final result; every ABI and LGI1 result is kept.
 */
import type { ConceptId } from '../knowledge/codes';
import { readObjects, readString, readStrings } from '../fhir/fhirpath';
import type { QuantityLike } from '../fhir/units';
import { belongsTo, describeMatch, effectiveOf, FINAL_STATUSES, normalRange, observationValue, sideOf } from './reads';
import type { RoutedResource } from './route';
import type { Coded, ResultKind, ResultRecord } from './types';

const RESULT_KIND_BY_CONCEPT: Partial<Record<ConceptId, ResultKind>> = {
  magnesium: 'magnesium',
  potassium: 'potassium',
  calciumTotal: 'calciumTotal',
  calciumIonized: 'calciumIonized',
  ankleBrachialIndex: 'ankleBrachialIndex',
  lgi1Antibody: 'lgi1Antibody',
};

/** A result the routing pass found, before anything else is read from it. */
export interface ResultCandidate {
  routed: RoutedResource;
  kinds: ResultKind[];
  effective?: Date;
}

export function resultKindsOf(routed: RoutedResource): ResultKind[] {
  return [...new Set(routed.concepts.map((c) => RESULT_KIND_BY_CONCEPT[c]).filter((k): k is ResultKind => k !== undefined))];
}

/** Kinds where only the newest result matters: an electrolyte is judged by its latest level. */
const NEWEST_ONLY: ReadonlySet<ResultKind> = new Set<ResultKind>(['magnesium', 'potassium', 'calciumTotal', 'calciumIonized']);

/**
 * A result counts when it is final (or amended, corrected), about this patient, and has a value:
 * an Observation that carries only a dataAbsentReason (a haemolysed sample, a test not done) is
 * not a measurement, and an older one with a value is looked at instead.
 */
function counts(candidate: ResultCandidate, patientId: string): boolean {
  const r = candidate.routed.pooled.resource;
  const status = readString('status', r);
  return status !== undefined && FINAL_STATUSES.has(status) && belongsTo(r, patientId) && hasValue(r);
}

function hasValue(resource: RoutedResource['pooled']['resource']): boolean {
  const value = observationValue(resource);
  return value.quantity !== undefined || value.codings.length > 0 || value.text !== undefined || value.boolean !== undefined;
}

/**
 * The results the rules read: the newest final result of each electrolyte, and every final ABI
 * (one per side matters) and LGI1 result. Electrolytes are walked newest first and only until one
 * counts, so years of potassium results cost one date read each and one full read in all.
 */
export function selectResults(candidates: readonly ResultCandidate[], patientId: string): ResultRecord[] {
  const records: ResultRecord[] = [];
  const byKind = new Map<ResultKind, ResultCandidate[]>();
  for (const candidate of candidates) {
    for (const kind of candidate.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), candidate]);
  }
  for (const [kind, ofKind] of byKind) {
    if (!NEWEST_ONLY.has(kind)) {
      for (const candidate of ofKind) if (counts(candidate, patientId)) records.push(readResult(candidate, kind));
      continue;
    }
    for (const candidate of ofKind) candidate.effective ??= effectiveOf(candidate.routed.pooled.resource, 'observationEffective');
    const newestFirst = [...ofKind].sort((a, b) => (b.effective?.getTime() ?? -Infinity) - (a.effective?.getTime() ?? -Infinity));
    const newest = newestFirst.find((candidate) => counts(candidate, patientId));
    if (newest) records.push(readResult(newest, kind));
  }
  return records;
}

function readResult(candidate: ResultCandidate, kind: ResultKind): ResultRecord {
  const r = candidate.routed.pooled.resource;
  candidate.effective ??= effectiveOf(r, 'observationEffective');
  const { quantity, text: valueText, codings: valueCodings } = observationValue(r);
  return {
    kind,
    evidence: {
      reference: candidate.routed.reference,
      description: describeMatch(candidate.routed, candidate.routed.concepts.find((c) => RESULT_KIND_BY_CONCEPT[c] === kind)!),
      value: describeValue(quantity, valueText, valueCodings),
      date: candidate.effective,
    },
    effective: candidate.effective,
    quantity,
    interpretation: readStrings('observationInterpretation', r),
    referenceRange: normalRange(r),
    valueCodings,
    valueText,
    side: sideOf(candidate.routed, readObjects<Coded>('bodySiteCodings', r)),
  };
}

/** Units that mean "no unit": UCUM unity and annotations such as {ratio}. */
const DIMENSIONLESS = /^(1|\{[^}]*\})$/;

/** A result's value as the clinician should read it: "1.3 mg/dL", "0.82", "Positive (qualifier value)". */
export function describeValue(quantity: QuantityLike | undefined, text: string | undefined, codings: Coded[]): string | undefined {
  if (quantity && typeof quantity.value === 'number') {
    const unit = typeof quantity.unit === 'string' ? quantity.unit : typeof quantity.code === 'string' ? quantity.code : '';
    return `${quantity.value}${unit && !DIMENSIONLESS.test(unit) ? ` ${unit.slice(0, 40)}` : ''}`;
  }
  if (text) return text.slice(0, 120);
  const coded = codings.find((c) => c.display || c.code);
  return coded ? (coded.display ?? coded.code)!.slice(0, 120) : undefined;
}
