/** Code system URIs, spelled once. */
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';

export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
/** Observation interpretation: the R4 code system and the older v2 table some servers still send. */
export const OBSERVATION_INTERPRETATION = [
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  'http://hl7.org/fhir/v2/0078',
  'http://terminology.hl7.org/CodeSystem/v2-0078',
];

/** Our own code systems: card topics and override reasons. URNs, because they name nothing on the web. */
export const CARD_TOPIC_SYSTEM = 'urn:hamstring-cds:card-topic';
export const OVERRIDE_REASON_SYSTEM = 'urn:hamstring-cds:override-reason';
