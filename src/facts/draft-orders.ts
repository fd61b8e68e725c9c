/**
 * The orders a clinician is picking or signing (order-select, order-sign): the `draftOrders`
 * Bundle of the hook's context, read into DraftOrders. An order is recognised by its codes
 * (LOINC, CPT, SNOMED CT) and by nothing else: the free text of a draft may say anything.
 * Drafts of any other resource type (MedicationRequest, a DSTU2 MedicationOrder) are kept, with
 * no kinds, so that selections can name them; they never produce a card.
 */
import type { ConceptId } from '../knowledge/codes';
import { ORDER_KIND_BY_CONCEPT, type OrderKind } from '../knowledge/concept-groups';
import { isResource, referenceTo, type AnyResource } from '../fhir/resources';
import { belongsTo, describeMatch } from './reads';
import { matchCodeableConcept, type RoutedResource } from './route';
import type { Evidence } from './types';

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

/** The concepts a draft's reasonCode names (at most 20 reasons read). */
function reasonConceptsOf(reasonCode: unknown): ConceptId[] {
  if (!Array.isArray(reasonCode)) return [];
  return [...new Set(reasonCode.slice(0, 20).flatMap((reason) => matchCodeableConcept(reason).map((m) => m.concept)))];
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
    const reasonConcepts = usable ? reasonConceptsOf(resource.reasonCode) : [];
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
      reasonReferences: usable ? reasonReferencesOf(resource.reasonReference) : [],
      selected,
    });
  });
  return drafts;
}
