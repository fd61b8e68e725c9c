/** Code system URIs, spelled once. */
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';

/** Our own code systems: card topics and override reasons. URNs, because they name nothing on the web. */
export const CARD_TOPIC_SYSTEM = 'urn:hamstring-cds:card-topic';
export const OVERRIDE_REASON_SYSTEM = 'urn:hamstring-cds:override-reason';
