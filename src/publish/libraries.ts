/**
 * A CDS service's data requirements as a FHIR R4 Library (type module-definition): one
 * DataRequirement per prefetch key of the discovery document, so a reviewer sees what the service
 * asks the EHR for without reading its code.
 */
import type { Library } from 'fhir/r4';
import { KNOWLEDGE_VERSION } from '../knowledge/version';
import type { RegisteredService } from '../services/registry';
import { PUBLISHER, canonical, computableName, type Published } from './canonical';
import { dataRequirements } from './data-requirements';

const LIBRARY_TYPE = 'http://terminology.hl7.org/CodeSystem/library-type';

export function library({ entry }: RegisteredService, published: Published): Library {
  return {
    resourceType: 'Library',
    id: entry.id,
    url: canonical(published.base, 'Library', entry.id),
    version: KNOWLEDGE_VERSION,
    name: computableName(entry.id),
    title: `Data requirements of ${entry.title ?? entry.id}`,
    status: 'active',
    experimental: false,
    type: { coding: [{ system: LIBRARY_TYPE, code: 'module-definition', display: 'Module Definition' }] },
    publisher: PUBLISHER,
    description: `The data the CDS service "${entry.id}" (${entry.hook}) reads: each requirement is one prefetch key of its discovery entry, with the prefetch template as a FHIR query pattern.`,
    relatedArtifact: [{ type: 'documentation', resource: canonical(published.base, 'PlanDefinition', entry.id) }],
    dataRequirement: dataRequirements(entry.prefetch ?? {}),
  };
}
