/**
 * A CDS service as a FHIR R4 PlanDefinition, following HL7's CDS Hooks service PlanDefinition
 * profile where it fits: an ECA rule with the service's endpoint (cqf-cdsHooksEndpoint), one
 * top-level action triggered by the hook as a named event, whose inputs are the value sets the
 * service's data requirements are matched against, and under it one action per finding kind the
 * service can raise, with the card's title and the approach lines it follows as RelatedArtifacts
 * (R4 calls them `action.documentation`) pointing at their anchors on the approach page.
 */
import type { DataRequirement, PlanDefinition, PlanDefinitionAction, RelatedArtifact } from 'fhir/r4';
import { CARD_DEFINITIONS } from '../approach';
import type { FindingKind } from '../approach/findings';
import { APPROACH_PATH, APPROACH_TITLE, approachLine } from '../knowledge/approach';
import type { ConceptId } from '../knowledge/codes';
import { KNOWLEDGE_VERSION } from '../knowledge/version';
import type { RegisteredService } from '../services/registry';
import { PUBLISHER, canonical, computableName, type Published } from './canonical';
import { findingKindsOf } from './finding-kinds';
import { valueSetsRead } from './value-sets-read';

export const CDS_HOOKS_PLAN_DEFINITION_PROFILE = 'http://hl7.org/fhir/StructureDefinition/cdshooksserviceplandefinition';
export const CDS_HOOKS_ENDPOINT = 'http://hl7.org/fhir/StructureDefinition/cqf-cdsHooksEndpoint';
const PLAN_DEFINITION_TYPE = 'http://terminology.hl7.org/CodeSystem/plan-definition-type';

/** Where the service itself is served: the FHIR base without its "/fhir". */
function serviceBase(published: Published): string {
  return published.base.replace(/\/fhir$/, '');
}

function lineArtifact(id: string, published: Published): RelatedArtifact {
  const line = approachLine(id);
  return {
    type: 'justification',
    label: id,
    display: line?.text ?? id,
    url: `${serviceBase(published)}${APPROACH_PATH}#${id}`,
  };
}

function findingAction(kind: FindingKind, published: Published): PlanDefinitionAction {
  const definition = CARD_DEFINITIONS[kind];
  const texts = definition.lines.map((id) => approachLine(id)?.text ?? id);
  return {
    id: kind,
    title: definition.title,
    description: `The "${definition.title}" card (finding kind ${kind}), which follows the clinical approach: ${texts.join(' ')}`,
    documentation: definition.lines.map((id) => lineArtifact(id, published)),
  };
}

/** One input per value set a key's resources are matched against. */
function inputs(prefetch: Readonly<Record<string, string>>, published: Published): DataRequirement[] {
  return Object.values(prefetch).flatMap((template) => {
    const read = valueSetsRead(template);
    return read.concepts.map((concept: ConceptId) => ({
      type: read.type,
      codeFilter: [{ path: read.path, valueSet: canonical(published.base, 'ValueSet', concept) }],
    }));
  });
}

/** Every value set the service's inputs name, once. */
function valueSetArtifacts(input: readonly DataRequirement[]): RelatedArtifact[] {
  const urls = [...new Set(input.flatMap((requirement) => (requirement.codeFilter ?? []).map((filter) => filter.valueSet ?? '')))];
  return urls.map((url) => ({ type: 'depends-on', resource: url }));
}

export function planDefinition({ entry }: RegisteredService, published: Published): PlanDefinition {
  const input = inputs(entry.prefetch ?? {}, published);
  return {
    resourceType: 'PlanDefinition',
    id: entry.id,
    meta: { profile: [CDS_HOOKS_PLAN_DEFINITION_PROFILE] },
    extension: [{ url: CDS_HOOKS_ENDPOINT, valueUri: `${serviceBase(published)}/cds-services/${entry.id}` }],
    url: canonical(published.base, 'PlanDefinition', entry.id),
    version: KNOWLEDGE_VERSION,
    name: computableName(entry.id),
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    type: { coding: [{ system: PLAN_DEFINITION_TYPE, code: 'eca-rule', display: 'ECA Rule' }] },
    status: 'active',
    experimental: false,
    publisher: PUBLISHER,
    description: entry.description,
    ...(entry.usageRequirements !== undefined ? { usage: entry.usageRequirements } : {}),
    relatedArtifact: [
      { type: 'documentation', label: 'approach', display: APPROACH_TITLE, url: `${serviceBase(published)}${APPROACH_PATH}` },
      ...valueSetArtifacts(input),
    ],
    library: [canonical(published.base, 'Library', entry.id)],
    action: [
      {
        title: entry.title ?? entry.id,
        description: entry.description,
        trigger: [{ type: 'named-event', name: entry.hook }],
        input,
        action: findingKindsOf(entry.hook as Parameters<typeof findingKindsOf>[0]).map((kind) => findingAction(kind, published)),
      },
    ],
  };
}
