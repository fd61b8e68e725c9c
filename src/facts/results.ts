/**
 * Laboratory and measurement results: which ones the rules need, and what they say. An
 * electrolyte is judged by its newest final result; every ABI and LGI1 result is kept. Numeric
 * results are converted to their analyte's canonical unit here, once, so that rules compare
 * numbers and never units.
 */
import type { ConceptId } from '../knowledge/codes';
import { ELECTROLYTES, levelOf, NEWEST_RESULT_ONLY, RESULT_KIND_BY_CONCEPT, type ResultKind } from '../knowledge/catalogue';
import { readQualitative } from '../knowledge/interpretation';
import { readObjects, readString, readStrings } from '../fhir/fhirpath';
import type { AnyResource } from '../fhir/resources';
import { isDimensionless, toCanonical, ucumCodeOf, unitDimension, type QuantityLike } from '../fhir/units';
import { belongsTo, describeMatch, SEMANTIC_TAG, effectiveOf, FINAL_STATUSES, instantOf, normalRange, observationValue, sideOf } from './reads';
import type { RoutedResource } from './route';
import type { Coded, Measurement, ResultRecord } from './types';

/** The kind of result `concepts[at]` names, unless an earlier concept already named that kind. */
function newKindAt(concepts: readonly ConceptId[], at: number): ResultKind | undefined {
  const kind = RESULT_KIND_BY_CONCEPT.get(concepts[at]);
  if (kind === undefined) return undefined;
  for (let i = 0; i < at; i++) if (RESULT_KIND_BY_CONCEPT.get(concepts[i]) === kind) return undefined;
  return kind;
}

/**
 * A result counts when it is final (or amended, corrected), about this patient, and has a value:
 * an Observation that carries only a dataAbsentReason (a haemolysed sample, a test not done) is
 * not a measurement, and an older one with a value is looked at instead.
 */
function counts(routed: RoutedResource, patientId: string): boolean {
  const r = routed.pooled.resource;
  const status = readString('status', r);
  return status !== undefined && FINAL_STATUSES.has(status) && belongsTo(r, patientId) && hasValue(r);
}

function hasValue(resource: AnyResource): boolean {
  const value = observationValue(resource);
  return value.quantity !== undefined || value.codings.length > 0 || value.text !== undefined || value.boolean !== undefined;
}

/** The newest result of a kind that counts so far; replaced in place as newer ones are found. */
interface Newest {
  routed: RoutedResource;
  effective: number;
}

function timeOf(date: Date | undefined): number {
  return date?.getTime() ?? -Infinity;
}

/**
 * The results the rules read, newest first: the newest final result of each electrolyte, and
 * every final ABI (one per side matters) and LGI1 result. One pass over the routed Observations:
 * each electrolyte's date is read once, and a result is checked further only when it is newer than
 * the newest that counts so far, so years of potassium results cost one date read each and nothing
 * kept. Only the results kept are read in full.
 */
export function selectResults(routed: readonly RoutedResource[], patientId: string): ResultRecord[] {
  const records: ResultRecord[] = [];
  const newest = new Map<ResultKind, Newest>();
  for (const entry of routed) {
    if (entry.pooled.resource.resourceType !== 'Observation') continue;
    const { concepts } = entry;
    let effective: number | undefined;
    let checked: boolean | undefined;
    for (let at = 0; at < concepts.length; at++) {
      const kind = newKindAt(concepts, at);
      if (kind === undefined) continue;
      if (!NEWEST_RESULT_ONLY.has(kind)) {
        checked ??= counts(entry, patientId);
        if (checked) records.push(readResult(entry, kind));
        continue;
      }
      effective ??= instantOf(entry.pooled.resource, 'observationEffective') ?? -Infinity;
      const best = newest.get(kind);
      if (best !== undefined && best.effective >= effective) continue;
      checked ??= counts(entry, patientId);
      if (!checked) continue;
      if (best === undefined) {
        newest.set(kind, { routed: entry, effective });
      } else {
        best.routed = entry;
        best.effective = effective;
      }
    }
  }
  for (const [kind, best] of newest) records.push(readResult(best.routed, kind));
  return records.sort((a, b) => timeOf(b.effective) - timeOf(a.effective));
}

/** The value in the kind's canonical unit, or why there is none; undefined for kinds that are not numeric. */
function measure(kind: ResultKind, quantity: QuantityLike | undefined): Measurement | undefined {
  if (kind === 'lgi1Antibody') return undefined;
  if (!quantity) return { ok: false, reason: 'the result has no numeric value' };
  if (kind === 'ankleBrachialIndex') {
    const value = quantity.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'the result has no numeric value' };
    return isDimensionless(quantity) ? { ok: true, value, unit: '1' } : { ok: false, reason: 'the result is not a dimensionless ratio' };
  }
  // An electrolyte or albumin: a level in its row's canonical unit (knowledge/catalogue.ts).
  const { canonicalUnit, ...substance } = levelOf(kind)!;
  const converted = toCanonical(quantity, canonicalUnit, substance);
  if (!converted.ok) return converted;
  const sent = ucumCodeOf(quantity);
  return { ok: true, value: converted.value, unit: canonicalUnit, sentAs: sent === undefined ? undefined : unitDimension(sent) };
}

/** The laboratory's lower reference limit in the canonical unit, when it gave one that converts. */
function lowerLimit(kind: ResultKind, low: QuantityLike | undefined): number | undefined {
  if (!low || kind === 'lgi1Antibody' || kind === 'ankleBrachialIndex' || kind === 'albumin') return undefined;
  const knowledge = ELECTROLYTES[kind];
  const converted = toCanonical(low, knowledge.canonicalUnit, knowledge);
  return converted.ok ? converted.value : undefined;
}

function readResult(routed: RoutedResource, kind: ResultKind): ResultRecord {
  const r = routed.pooled.resource;
  const effective = effectiveOf(r, 'observationEffective');
  const { quantity, text: valueText, codings: valueCodings } = observationValue(r);
  const interpretation = readStrings('observationInterpretation', r);
  const concept = routed.concepts.find((c) => RESULT_KIND_BY_CONCEPT.get(c) === kind)!;
  return {
    kind,
    evidence: {
      reference: routed.reference,
      description: describeMatch(routed, concept),
      value: describeValue(quantity, valueText, valueCodings),
      date: effective,
    },
    effective,
    quantity,
    measured: measure(kind, quantity),
    rangeLow: lowerLimit(kind, normalRange(r)?.low),
    interpretation,
    valueCodings,
    valueText,
    reading: kind === 'lgi1Antibody' ? readQualitative({ interpretation, valueCodings, valueText }) : undefined,
    side: sideOf(routed, readObjects<Coded>('bodySiteCodings', r)),
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
  return coded ? (coded.display ?? coded.code)!.replace(SEMANTIC_TAG, '').slice(0, 120) : undefined;
}
