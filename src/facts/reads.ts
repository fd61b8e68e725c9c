/**
 * Reading a routed resource: the compiled FHIRPath expressions, and what the facts builder does
 * with their results (dates, value[x], laterality, evidence wording).
 */
import { CONCEPT, displayOf, familyDisplayOf, sideFromIcd10, type ConceptId } from '../knowledge/codes';
import { sideOfSite } from '../knowledge/laterality';
import { ICD10CM, LOINC } from '../knowledge/systems';
import { fhirInstant } from '../fhir/dates';
import { read, readString, readStrings } from '../fhir/fhirpath';
import type { AnyResource } from '../fhir/resources';
import type { QuantityLike } from '../fhir/units';
import type { RoutedResource } from './route';
import type { Side } from '../knowledge/laterality';
import type { Coded } from './types';

/** Statuses of a result that may be acted on (terminology reference, "How to match" 1). */
export const FINAL_STATUSES = new Set(['final', 'amended', 'corrected']);

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/;

/**
 * A resource about another patient must never count. A reference we cannot read as a Patient
 * (a Group, say) does not count either; a resource with no subject reference at all came back
 * from a search by this patient, so it does.
 */
export function belongsTo(resource: AnyResource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const references = readStrings('subject', resource);
  if (references.length === 0) return true;
  return references.every((ref) => PATIENT_REFERENCE.exec(ref)?.[1] === patientId);
}

/** SNOMED CT semantic tags: right for a terminology browser, noise in a card. */
export const SEMANTIC_TAG = / \((?:finding|disorder|procedure|qualifier value|body structure|observable entity|situation)\)$/;

/** The sender's own display of the coding that matched, when it gave one. */
function sentDisplay(routed: RoutedResource, match: { system: string; code: string }): string | undefined {
  const codings = (routed.pooled.resource.code as { coding?: unknown } | undefined)?.coding;
  if (!Array.isArray(codings)) return undefined;
  const sent = codings.find(
    (c): c is { display: string } => isObject(c) && c.system === match.system && c.code === match.code && typeof c.display === 'string',
  );
  return sent?.display.slice(0, 120);
}

/**
 * What the resource is, as a clinician reads it: "Pain in left thigh", "Serum magnesium",
 * "Intermittent claudication". Never a code or a code system's name: those stay in the data. A
 * LOINC name is written for laboratories, so results are named by the concept; a code our value
 * sets (or the site's terminology file) list, by their display; a code matched by its family
 * (S76.312A in S76.3-) by the sender's own display, which says the side and the encounter.
 */
export function describeMatch(routed: RoutedResource, concept: ConceptId): string {
  const match = routed.matches.find((m) => m.concept === concept);
  if (match) {
    if (match.system === LOINC) return CONCEPT[concept].label;
    const known = displayOf(concept, match.system, match.code);
    if (known) return known.replace(SEMANTIC_TAG, '');
    const sent = sentDisplay(routed, match);
    if (sent) return sent;
    // The family's display has no side; its code's side character does.
    const side = match.system === ICD10CM ? sideFromIcd10(match.code) : undefined;
    const family = familyDisplayOf(concept, match.system, match.code) ?? CONCEPT[concept].label;
    return side ? `${family} (${side})` : family;
  }
  const text = readString('codeText', routed.pooled.resource);
  return text ? `${CONCEPT[concept].label} ("${text.slice(0, 120)}")` : CONCEPT[concept].label;
}

/** The first instant among FHIRPath results (ms since the epoch): a dateTime string, or the start of a Period. */
function firstInstant(values: unknown[]): number | undefined {
  for (const v of values) {
    const ms = fhirInstant(typeof v === 'object' && v !== null ? (v as { start?: unknown }).start : v);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function dateAt(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(ms);
}

/** The first date among FHIRPath results: a dateTime string, or the start of a Period. */
export function firstDate(values: unknown[]): Date | undefined {
  return dateAt(firstInstant(values));
}

/** An Observation's value[x], read once and told apart by shape. */
export interface ObservationValue {
  quantity?: QuantityLike;
  codings: Coded[];
  text?: string;
  boolean?: boolean;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function codingsOf(concept: Record<string, unknown>): Coded[] {
  return Array.isArray(concept.coding) ? concept.coding.filter(isObject) : [];
}

export function observationValue(resource: AnyResource): ObservationValue {
  const [value] = read('observationValue', resource);
  if (typeof value === 'boolean') return { codings: [], boolean: value };
  if (typeof value === 'string') return { codings: [], text: value };
  if (!isObject(value)) return { codings: [] };
  if (typeof value.value === 'number') return { codings: [], quantity: value };
  return { codings: codingsOf(value), text: typeof value.text === 'string' ? value.text : undefined };
}

/** An Observation's referenceRange, as far as the rules read it. */
export interface ReferenceRange {
  low?: QuantityLike;
  high?: QuantityLike;
}

/** The normal range: the first referenceRange without a type, or typed "normal". */
export function normalRange(resource: AnyResource): ReferenceRange | undefined {
  return read('observationReferenceRanges', resource)
    .filter(isObject)
    .find((range) => !isObject(range.type) || codingsOf(range.type).some((c) => c.code === 'normal'));
}

/** When an Observation or report was made (ms since the epoch): its effective time, else when it was issued. */
export function instantOf(resource: AnyResource, path: 'observationEffective' | 'reportEffective'): number | undefined {
  return firstInstant(read(path, resource)) ?? firstInstant(read('issued', resource));
}

/** When an Observation or report was made: its effective time, else when it was issued. */
export function effectiveOf(resource: AnyResource, path: 'observationEffective' | 'reportEffective'): Date | undefined {
  return dateAt(instantOf(resource, path));
}

export function earliest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
}

/** Laterality from a sided ICD-10-CM code, else from a sided body site code, else from the body site's words. */
export function sideOf(routed: RoutedResource, bodySites: readonly Coded[], concept?: ConceptId): Side | undefined {
  for (const match of routed.matches) {
    if (match.system === ICD10CM && (!concept || match.concept === concept)) {
      const side = sideFromIcd10(match.code);
      if (side) return side;
    }
  }
  for (const site of bodySites) {
    const side = sideOfSite(site.system, site.code);
    if (side) return side;
  }
  const resource = routed.pooled.resource;
  const text = resource.bodySite !== undefined ? readString('bodySiteText', resource)?.toLowerCase() : undefined;
  if (text && /\bleft\b/.test(text) && !/\bright\b/.test(text)) return 'left';
  if (text && /\bright\b/.test(text) && !/\bleft\b/.test(text)) return 'right';
  return undefined;
}
