/**
 * Pass 1, routing: find the few resources the rules care about by their codes (a hash look-up per
 * coding). A real prefetch holds thousands of Observations and nearly all of them are irrelevant;
 * only the routed ones are read further, with FHIRPath. A Condition or Observation with no usable
 * code at all (a problem typed as text) is routed by its words (words.ts), after one cheap look.
 *
 * One pass over the pool, in place: a resource whose codes name nothing is looked at and left, with
 * nothing allocated for it. A routed one costs one small object; what only the facts of the few
 * resources described need (its reference, the codings that matched) is worked out on first use.
 */
import { conceptsOf, type ConceptId } from '../knowledge/codes';
import { SYMPTOM_CONCEPTS } from '../knowledge/concept-groups';
import { NewestVersions, referenceOf, type AnyResource, type PooledResource, type ResourcePool } from '../fhir/resources';
import { mayNameConcept, readWords, type WordReading } from './words';

/** A resource the routing pass kept, with the concepts its codes name. */
export interface RoutedResource {
  readonly pooled: PooledResource;
  readonly reference: string;
  readonly concepts: readonly ConceptId[];
  /** The codings that named those concepts, as routing read them. */
  readonly matches: readonly CodeMatch[];
  /** An entry with no usable code was routed by its words: what they say. */
  readonly words?: WordReading;
}

export interface CodeMatch {
  concept: ConceptId;
  system: string;
  code: string;
}

/** LGI1 orders are billed under a generic CPT code, so an order's own text naming LGI1 identifies it. */
const LGI1_TEXT = /\bLGI[- ]?1\b/i;
/** How much of an order's text is searched for LGI1. */
const LGI1_TEXT_READ = 500;

const ALWAYS_ROUTED = new Set(['Patient', 'MedicationStatement', 'MedicationRequest']);

const NO_CONCEPTS: readonly ConceptId[] = [];
const NO_MATCHES: readonly CodeMatch[] = [];

function codingsAt(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const coding = (value as { coding?: unknown }).coding;
  return Array.isArray(coding) ? coding : undefined;
}

/** The concepts a CodeableConcept's codings name (any shape tolerated: it came from outside). */
export function matchCodeableConcept(value: unknown): CodeMatch[] {
  const matches: CodeMatch[] = [];
  matchCodings(codingsAt(value), matches);
  return matches;
}

function matchCodings(codings: unknown[] | undefined, into: CodeMatch[]): void {
  if (codings === undefined) return;
  for (const coding of codings) {
    if (typeof coding !== 'object' || coding === null) continue;
    const { system, code } = coding as { system?: unknown; code?: unknown };
    for (const concept of conceptsOf(system, code)) into.push({ concept, system: system as string, code: code as string });
  }
}

/** The codings routing reads: the resource's code, and an Observation's coded value. */
function codeMatchesOf(r: AnyResource): readonly CodeMatch[] {
  if (ALWAYS_ROUTED.has(r.resourceType)) return NO_MATCHES;
  const matches: CodeMatch[] = [];
  matchCodings(codingsAt(r.code), matches);
  if (r.resourceType === 'Observation') matchCodings(codingsAt(r.valueCodeableConcept), matches);
  return matches;
}

/**
 * Adds the concepts `codings` name to `concepts`, each once, in the order first named. The code
 * index's own list is used as it is while one coding names them all (nearly always), and copied
 * only when a second coding adds to it.
 */
function addConcepts(concepts: readonly ConceptId[], codings: unknown[] | undefined): readonly ConceptId[] {
  if (codings === undefined) return concepts;
  let owned: ConceptId[] | undefined;
  for (const coding of codings) {
    if (typeof coding !== 'object' || coding === null) continue;
    const named = conceptsOf((coding as { system?: unknown }).system, (coding as { code?: unknown }).code);
    if (named.length === 0) continue;
    if (concepts.length === 0) {
      concepts = named;
      continue;
    }
    for (const concept of named) {
      if (concepts.includes(concept)) continue;
      owned ??= [...concepts];
      owned.push(concept);
      concepts = owned;
    }
  }
  return concepts;
}

function namesLgi1(code: unknown): boolean {
  const text = (code as { text?: unknown } | undefined)?.text;
  if (typeof text !== 'string') return false;
  return LGI1_TEXT.test(text.length > LGI1_TEXT_READ ? text.slice(0, LGI1_TEXT_READ) : text);
}

/** True when some coding of the CodeableConcept has both a system and a code. */
function hasUsableCode(value: unknown): boolean {
  const codings = codingsAt(value);
  if (codings === undefined) return false;
  return codings.some((c) => {
    if (typeof c !== 'object' || c === null) return false;
    const { system, code } = c as { system?: unknown; code?: unknown };
    return typeof system === 'string' && system.length > 0 && typeof code === 'string' && code.length > 0;
  });
}

/** A CodeableConcept's words: its text and its codings' displays, as one string. */
export function wordsOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const text = (value as { text?: unknown }).text;
  const words = typeof text === 'string' ? [text] : [];
  for (const coding of codingsAt(value) ?? []) {
    const display = typeof coding === 'object' && coding !== null ? (coding as { display?: unknown }).display : undefined;
    if (typeof display === 'string' && !words.includes(display)) words.push(display);
  }
  return words.join('; ');
}

/**
 * A Condition or an Observation whose code has no coding with both a system and a code (text only,
 * or displays only) is read by its words. Anything coded (every laboratory result) is not: the words
 * are read only for the few entries a clinician typed.
 */
function wordsToRoute(r: AnyResource, type: string): WordReading | undefined {
  if (type !== 'Condition' && type !== 'Observation') return undefined;
  if (hasUsableCode(r.code) || (type === 'Observation' && hasUsableCode(r.valueCodeableConcept))) return undefined;
  const words = wordsOf(r.code);
  if (!mayNameConcept(words)) return undefined;
  const reading = readWords(words);
  return reading.concepts.some((c) => SYMPTOM_CONCEPTS.has(c)) ? reading : undefined;
}

/**
 * The concepts a resource's codes name, in the order routing meets them; none for most resources.
 * Each member is read once: the resources of a request come in many shapes, so every read is a
 * generic property look-up.
 */
function conceptsNamedBy(r: AnyResource, type: string): readonly ConceptId[] {
  const code = r.code;
  let concepts = addConcepts(NO_CONCEPTS, codingsAt(code));
  if (type === 'Observation') concepts = addConcepts(concepts, codingsAt(r.valueCodeableConcept));
  if (type === 'ServiceRequest' && namesLgi1(code) && !concepts.includes('lgi1Antibody')) concepts = [...concepts, 'lgi1Antibody'];
  return concepts;
}

/** A routed resource is its own pool entry: one object for each resource routed, not two. */
class Routed implements RoutedResource, PooledResource {
  private referenceText: string | undefined;
  private codeMatches: readonly CodeMatch[] | undefined;

  constructor(
    readonly resource: AnyResource,
    readonly container: AnyResource | undefined,
    readonly concepts: readonly ConceptId[],
    readonly words?: WordReading,
  ) {}

  get pooled(): PooledResource {
    return this;
  }

  get reference(): string {
    this.referenceText ??= referenceOf(this.pooled);
    return this.referenceText;
  }

  get matches(): readonly CodeMatch[] {
    this.codeMatches ??= codeMatchesOf(this.resource);
    return this.codeMatches;
  }
}

/**
 * Keeps the resources whose codes (or, for medications and the Patient, whose type) matter, newest
 * version of each; and the Conditions and Observations with no usable code whose words name a symptom.
 */
export function routeResources(pool: ResourcePool): RoutedResource[] {
  const routed = new NewestVersions<RoutedResource>();
  pool.forEach((resource, container) => {
    const type = resource.resourceType;
    const always = ALWAYS_ROUTED.has(type);
    const concepts = always ? NO_CONCEPTS : conceptsNamedBy(resource, type);
    if (always || concepts.length > 0) {
      routed.add(new Routed(resource, container, concepts));
      return;
    }
    const words = wordsToRoute(resource, type);
    if (words)
      routed.add(
        new Routed(
          resource,
          container,
          words.concepts.filter((c) => SYMPTOM_CONCEPTS.has(c)),
          words,
        ),
      );
  });
  return routed.kept;
}
