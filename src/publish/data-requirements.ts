/**
 * A service's prefetch templates as FHIR DataRequirements: one per prefetch key, its resource type,
 * the codes its query filters on, and the template itself, word for word, in HL7's FHIR query
 * pattern extension, so the Library says exactly what discovery asks the EHR for.
 */
import type { Coding, DataRequirement } from 'fhir/r4';
import { CONCEPTS, normaliseCode } from '../knowledge/codes';

export const FHIR_QUERY_PATTERN = 'http://hl7.org/fhir/StructureDefinition/cqf-fhirQueryPattern';

/** The display the value sets give a code, when they list it. */
function displayOf(system: string, code: string): string | undefined {
  const normalised = normaliseCode(system, code);
  for (const concept of CONCEPTS) {
    const entry = concept.codes.find((c) => c.system === system && normaliseCode(system, c.code) === normalised);
    if (entry) return entry.display;
  }
  return undefined;
}

/**
 * The resource type a template reads: "Observation?patient=…" and "Patient/{{context.patientId}}"
 * alike. Discovery's templates name R4 types (the validator tests check every published type).
 */
export function resourceTypeOf(template: string): DataRequirement['type'] {
  return (/^[A-Za-z]+/.exec(template)?.[0] ?? template) as DataRequirement['type'];
}

/** The codings of a template's `code` search parameter ("system|code,system|code"); none when it has no such parameter. */
export function templateCodings(template: string): Coding[] {
  const query = template.includes('?') ? template.slice(template.indexOf('?') + 1) : '';
  const codes = query
    .split('&')
    .filter((param) => param.startsWith('code='))
    .flatMap((param) => param.slice('code='.length).split(','));
  return codes.map((token) => {
    const bar = token.lastIndexOf('|');
    const system = token.slice(0, bar);
    const code = token.slice(bar + 1);
    const display = displayOf(system, code);
    return { system, code, ...(display !== undefined ? { display } : {}) };
  });
}

export function dataRequirement(key: string, template: string): DataRequirement {
  const codings = templateCodings(template);
  return {
    id: key,
    extension: [{ url: FHIR_QUERY_PATTERN, valueString: template }],
    type: resourceTypeOf(template),
    ...(codings.length > 0 ? { codeFilter: [{ path: 'code', searchParam: 'code', code: codings }] } : {}),
  };
}

/** Every prefetch key's requirement, in the discovery document's order. */
export function dataRequirements(prefetch: Readonly<Record<string, string>>): DataRequirement[] {
  return Object.entries(prefetch).map(([key, template]) => dataRequirement(key, template));
}

/** The prefetch templates back from requirements: what discovery must equal. */
export function prefetchOf(requirements: readonly DataRequirement[]): Record<string, string> {
  return Object.fromEntries(
    requirements.map((requirement) => [requirement.id ?? '', requirement.extension?.find((e) => e.url === FHIR_QUERY_PATTERN)?.valueString ?? '']),
  );
}
