/**
 * Which value sets each prefetch key's resources are matched against. A query that filters by
 * code names its codes, and their concepts are read from the same index the rules ask; a query
 * that reads every resource of a type (conditions, orders, medications) is matched in the
 * service against the concept groups the facts read (concept-groups.ts).
 */
import type { DataRequirement } from 'fhir/r4';
import { BUILT_IN_INDEX, conceptsIn, type ConceptId } from '../knowledge/codes';
import { ORDER_KIND_BY_CONCEPT } from '../knowledge/catalogue';
import { STIMULANT_CONCEPTS, SYMPTOM_CONCEPTS } from '../knowledge/concept-groups';
import { INGREDIENTS } from '../knowledge/medicines';
import { resourceTypeOf, templateCodings } from './data-requirements';

const ORDER_CONCEPTS: readonly ConceptId[] = [...ORDER_KIND_BY_CONCEPT.keys()];
const MEDICINE_CONCEPTS: readonly ConceptId[] = [
  ...STIMULANT_CONCEPTS,
  ...INGREDIENTS.map((ingredient) => ingredient.concept).filter((concept): concept is ConceptId => concept !== undefined),
];

/** The resource types read whole, with the element matched and the concepts it is matched against. */
const READ_WHOLE: Readonly<Record<string, { path: string; concepts: readonly ConceptId[] }>> = {
  Condition: { path: 'code', concepts: [...SYMPTOM_CONCEPTS] },
  ServiceRequest: { path: 'code', concepts: ORDER_CONCEPTS },
  Procedure: { path: 'code', concepts: ORDER_CONCEPTS },
  MedicationStatement: { path: 'medication', concepts: MEDICINE_CONCEPTS },
  MedicationRequest: { path: 'medication', concepts: MEDICINE_CONCEPTS },
};

export interface ValueSetsRead {
  readonly type: DataRequirement['type'];
  readonly path: string;
  readonly concepts: readonly ConceptId[];
}

/** The concepts a template's resources are matched against; none for a read of the patient. */
export function valueSetsRead(template: string): ValueSetsRead {
  const type = resourceTypeOf(template);
  const codings = templateCodings(template);
  if (codings.length > 0) {
    const concepts = [...new Set(codings.flatMap((c) => conceptsIn(BUILT_IN_INDEX, c.system, c.code)))];
    return { type, path: 'code', concepts };
  }
  const whole = READ_WHOLE[type];
  return whole ? { type, ...whole } : { type, path: 'code', concepts: [] };
}
