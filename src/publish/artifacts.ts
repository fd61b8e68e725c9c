/**
 * Everything published as FHIR R4, derived once at start-up from the tables the rules read: the
 * value sets (with the site's codes), and for each service its PlanDefinition and Library, and
 * the CapabilityStatement that lists them.
 */
import type { CapabilityStatement, Library, PlanDefinition, ValueSet } from 'fhir/r4';
import type { ConceptCodes } from '../knowledge/codes';
import { SERVICE_VERSION } from '../version';
import type { ServiceRegistry } from '../services/registry';
import { PUBLISHER, type Published } from './canonical';
import { library } from './libraries';
import { planDefinition } from './plan-definitions';
import { valueSets } from './value-sets';

export type PublishedResource = ValueSet | PlanDefinition | Library;

export const PUBLISHED_TYPES = ['ValueSet', 'PlanDefinition', 'Library'] as const;
export type PublishedType = (typeof PUBLISHED_TYPES)[number];

export type Artifacts = Readonly<Record<PublishedType, readonly PublishedResource[]>>;

export function publishedArtifacts(registry: ServiceRegistry, site: readonly ConceptCodes[], published: Published): Artifacts {
  const services = [...registry.byId.values()];
  return {
    ValueSet: valueSets(site, published),
    PlanDefinition: services.map((service) => planDefinition(service, published)),
    Library: services.map((service) => library(service, published)),
  };
}

export function capabilityStatement(artifacts: Artifacts, published: Published): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: published.timestamp,
    publisher: PUBLISHER,
    kind: 'instance',
    software: { name: PUBLISHER, version: SERVICE_VERSION },
    implementation: { description: 'The clinical knowledge of the hamstring-cds CDS services, published read-only as FHIR R4.', url: published.base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read-only: every artifact is derived from the tables the service runs on. Search takes _id and url.',
        resource: PUBLISHED_TYPES.map((type) => ({
          type,
          documentation: `Served: ${artifacts[type].map((resource) => resource.id ?? '').join(', ')}.`,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [
            { name: '_id', type: 'token' },
            { name: 'url', type: 'uri' },
          ],
        })),
      },
    ],
  };
}
