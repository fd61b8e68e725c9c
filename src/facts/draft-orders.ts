/**
 * The orders a clinician is picking or signing (order-select, order-sign): the `draftOrders`
 * Bundle of the hook's context, read into DraftOrders. An order is recognised by its codes
 * (LOINC, CPT, SNOMED CT) and by nothing else: the free text of a draft may say anything.
 * A reason with no usable code (typed as text, or codings with a display only) is read by its
 * words, as a problem-list entry is (words.ts): "left hamstring strain" is the MRI's indication.
 * Drafts of any other resource type (MedicationRequest, a DSTU2 MedicationOrder) are kept, with
 * no kinds, so that selections can name them; they never produce a card.
 */
import type { ConceptId } from '../knowledge/codes';
import { ORDER_KIND_BY_CONCEPT, type OrderKind } from '../knowledge/catalogue';
import { SYMPTOM_CONCEPTS } from '../knowledge/concept-groups';
import { isResource, referenceTo, type AnyResource } from '../fhir/resources';
import { belongsTo, describeMatch } from './reads';
import { matchCodeableConcept, wordsOf, type RoutedResource } from './route';
import type { Evidence } from './types';
import { readWords } from './words';

/** One test a draft orders: its kind, and the concept its code named (total vs ionized calcium). */
export interface DraftTest {
  kind: OrderKind;
  concept: ConceptId;
}

export interface DraftOrder {
  /** Position in the Bundle: a later duplicate is the one to remove. */
  index: number;
  resourceType: string;
  /** "ServiceRequest/abc" when the draft has an id: what a selection names and a delete action removes. */
  resourceId?: string;
  /** The tests of the clinical approach it orders; empty for anything else. */
  tests: DraftTest[];
  evidence: Evidence;
  /** Its reasonCode names twitching (fasciculation). */
  forTwitching: boolean;
  /** What its reasonCode names (a hamstring strain, thigh pain...): the draft's own indication is part of the record. */
  reasonConcepts: ConceptId[];
  /** The words of a reason read without a code, as a card quotes them: what named a reason concept. */
  reasonWords?: string;
  /** The Conditions its reasonReference points at ("Condition/strain-1"). */
  reasonReferences: string[];
  /** order-select: it is among the selections; order-sign: every draft is. */
  selected: boolean;
}

/** Statuses that say a draft will not be placed, or was placed already. */
const NOT_A_DRAFT = new Set(['revoked', 'entered-in-error', 'completed']);

/** A Bundle holding many thousand drafts is not a clinician's order session: read the first ones. */
const MAX_DRAFTS = 1000;

const RELATIVE_REFERENCE = /^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}$/;

/** The resource of every entry, whatever the Bundle's type (the CDS Hooks Sandbox sends none). */
export function draftResources(draftOrders: unknown): AnyResource[] {
  if (!isResource(draftOrders) || draftOrders.resourceType !== 'Bundle' || !Array.isArray(draftOrders.entry)) return [];
  const resources: AnyResource[] = [];
  for (const entry of draftOrders.entry.slice(0, MAX_DRAFTS)) {
    const resource = typeof entry === 'object' && entry !== null ? (entry as { resource?: unknown }).resource : undefined;
    if (isResource(resource)) resources.push(resource);
  }
  return resources;
}

/** "ServiceRequest/abc" for a draft with a FHIR id, as selections name drafts. */
export function draftReference(resource: AnyResource): string | undefined {
  const reference = referenceTo(resource);
  return RELATIVE_REFERENCE.test(reference) ? reference : undefined;
}

function testsOf(routed: RoutedResource): DraftTest[] {
  const tests: DraftTest[] = [];
  for (const match of routed.matches) {
    const kind = ORDER_KIND_BY_CONCEPT.get(match.concept);
    if (kind && !tests.some((t) => t.kind === kind && t.concept === match.concept)) tests.push({ kind, concept: match.concept });
  }
  return tests;
}

interface Reasons {
  concepts: ConceptId[];
  /** The quote of the words that named some of them. */
  words?: string;
}

/** True when some coding has both a system and a code. */
function isCoded(reason: unknown): boolean {
  const codings = typeof reason === 'object' && reason !== null ? (reason as { coding?: unknown }).coding : undefined;
  return (
    Array.isArray(codings) &&
    codings.some((c) => {
      const { system, code } = (typeof c === 'object' && c !== null ? c : {}) as { system?: unknown; code?: unknown };
      return typeof system === 'string' && system.length > 0 && typeof code === 'string' && code.length > 0;
    })
  );
}

/**
 * The concepts a draft's reasonCode names (at most 20 reasons read): by their codes, or, for a
 * reason with no usable code, by its words, named and not negated.
 */
function reasonsOf(reasonCode: unknown): Reasons {
  if (!Array.isArray(reasonCode)) return { concepts: [] };
  const concepts = new Set<ConceptId>();
  let words: string | undefined;
  for (const reason of reasonCode.slice(0, 20)) {
    for (const match of matchCodeableConcept(reason)) concepts.add(match.concept);
    if (isCoded(reason)) continue;
    const text = wordsOf(reason);
    if (text.length === 0) continue;
    const reading = readWords(text);
    const named = reading.concepts.filter((c) => SYMPTOM_CONCEPTS.has(c));
    if (named.length === 0) continue;
    named.forEach((c) => concepts.add(c));
    words ??= reading.quote;
  }
  return { concepts: [...concepts], ...(words !== undefined ? { words } : {}) };
}

const CONDITION_REFERENCE = /^Condition\/[A-Za-z0-9\-.]{1,64}$/;

/** The Conditions a draft's reasonReference points at, as relative references. */
function reasonReferencesOf(reasonReference: unknown): string[] {
  if (!Array.isArray(reasonReference)) return [];
  return reasonReference
    .slice(0, 20)
    .map((r) => (typeof r === 'object' && r !== null ? (r as { reference?: unknown }).reference : undefined))
    .filter((r): r is string => typeof r === 'string' && CONDITION_REFERENCE.test(r));
}

/**
 * Every draft order of the patient. `selections` are the order-select context's; without them
 * (order-sign) every draft is selected. Drafts about another patient are left out.
 */
export function readDraftOrders(draftOrders: unknown, patientId: string, selections?: readonly string[]): DraftOrder[] {
  const chosen = selections ? new Set(selections) : undefined;
  const drafts: DraftOrder[] = [];
  draftResources(draftOrders).forEach((resource, index) => {
    const resourceId = draftReference(resource);
    const selected = chosen === undefined || (resourceId !== undefined && chosen.has(resourceId));
    const status = typeof resource.status === 'string' ? resource.status : undefined;
    const isServiceRequest = resource.resourceType === 'ServiceRequest';
    const usable = isServiceRequest && !(status && NOT_A_DRAFT.has(status)) && belongsTo(resource, patientId);
    const routed: RoutedResource = {
      pooled: { resource },
      reference: resourceId ?? resource.resourceType,
      concepts: [],
      matches: usable ? matchCodeableConcept(resource.code) : [],
    };
    const tests = testsOf(routed);
    const reasons: Reasons = usable ? reasonsOf(resource.reasonCode) : { concepts: [] };
    const reasonConcepts = reasons.concepts;
    drafts.push({
      index,
      resourceType: resource.resourceType,
      resourceId,
      tests,
      evidence: {
        reference: routed.reference,
        description: tests.length > 0 ? describeMatch(routed, tests[0].concept) : resource.resourceType,
        value: status,
      },
      forTwitching: reasonConcepts.includes('twitching'),
      reasonConcepts,
      ...(reasons.words !== undefined ? { reasonWords: reasons.words } : {}),
      reasonReferences: usable ? reasonReferencesOf(resource.reasonReference) : [],
      selected,
    });
  });
  return drafts;
}
