/**
 * Pass 1, routing: find the few resources the rules care about by their codes alone (a hash
 * look-up per coding). A real prefetch holds thousands of Observations and nearly all of them are
 * irrelevant; only the routed ones are read further, with FHIRPath.
 */
import { conceptsOf, type ConceptId } from '../knowledge/codes';
import { keepNewestVersions, referenceOf, type PooledResource } from '../fhir/resources';

/** A resource the routing pass kept, with the concepts its codes name. */
export interface RoutedResource {
  pooled: PooledResource;
  reference: string;
  concepts: readonly ConceptId[];
  /** The codings that named those concepts, as routing read them. */
  matches: readonly CodeMatch[];
}

export interface CodeMatch {
  concept: ConceptId;
  system: string;
  code: string;
}

/** LGI1 orders are billed under a generic CPT code, so an order's own text naming LGI1 identifies it. */
const LGI1_TEXT = /\bLGI[- ]?1\b/i;

const ALWAYS_ROUTED = new Set(['Patient', 'MedicationStatement', 'MedicationRequest']);

function codingsAt(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const coding = (value as { coding?: unknown }).coding;
  return Array.isArray(coding) ? coding : [];
}

/** The concepts a CodeableConcept's codings name (any shape tolerated: it came from outside). */
export function matchCodeableConcept(value: unknown): CodeMatch[] {
  const matches: CodeMatch[] = [];
  matchCodings(codingsAt(value), matches);
  return matches;
}

function matchCodings(codings: unknown[], into: CodeMatch[]): void {
  for (const coding of codings) {
    if (typeof coding !== 'object' || coding === null) continue;
    const { system, code } = coding as { system?: unknown; code?: unknown };
    for (const concept of conceptsOf(system, code)) into.push({ concept, system: system as string, code: code as string });
  }
}

/** Keeps the resources whose codes (or, for medications and the Patient, whose type) matter, newest version of each. */
export function routeResources(pool: readonly PooledResource[]): RoutedResource[] {
  const routed: RoutedResource[] = [];
  for (const pooled of pool) {
    const r = pooled.resource;
    if (ALWAYS_ROUTED.has(r.resourceType)) {
      routed.push({ pooled, reference: referenceOf(pooled), concepts: [], matches: [] });
      continue;
    }
    const matches: CodeMatch[] = [];
    matchCodings(codingsAt(r.code), matches);
    if (r.resourceType === 'Observation') matchCodings(codingsAt(r.valueCodeableConcept), matches);
    const concepts = new Set(matches.map((m) => m.concept));
    const namesLgi1 =
      r.resourceType === 'ServiceRequest' && typeof (r.code as { text?: unknown })?.text === 'string'
        ? LGI1_TEXT.test((r.code as { text: string }).text.slice(0, 500))
        : false;
    if (namesLgi1) concepts.add('lgi1Antibody');
    if (concepts.size > 0) routed.push({ pooled, reference: referenceOf(pooled), concepts: [...concepts], matches });
  }
  return keepNewestVersions(routed);
}
