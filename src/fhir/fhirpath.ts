/**
 * Every FHIRPath expression the service evaluates, compiled once when this module loads (at
 * start-up), against the R4 model so that choice types such as `value[x]` resolve.
 */
import * as fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

const EXPRESSIONS = {
  subject: 'subject.reference',
  codings: 'code.coding',
  codeText: 'code.text',
  bodySiteCodings: 'bodySite.coding',
  bodySiteText: 'bodySite.text',
  status: 'status',

  conditionClinicalStatus: 'clinicalStatus.coding.code',
  conditionVerificationStatus: 'verificationStatus.coding.code',
  // Choice elements are read whole ("onset" is a dateTime or a Period...) and told apart in code:
  // a union of ofType() branches costs several times more per resource.
  conditionOnset: 'onset',
  conditionRecorded: 'recordedDate',
  conditionAbated: 'abatement',

  observationEffective: 'effective',
  issued: 'issued',
  observationValue: 'value',
  observationInterpretation: 'interpretation.coding.code',
  observationReferenceRanges: 'referenceRange',

  reportEffective: 'effective',
  reportConclusionCodings: 'conclusionCode.coding',
  reportConclusion: 'conclusion',

  requestAuthored: 'authoredOn',
  requestOccurrence: 'occurrence',
  procedurePerformed: 'performed',

  medication: 'medication',

  birthDate: 'birthDate',
} as const;

export type PathName = keyof typeof EXPRESSIONS;

type Evaluator = (resource: unknown) => unknown[];

const compiled = Object.fromEntries(
  Object.entries(EXPRESSIONS).map(([name, expression]) => [name, fhirpath.compile(expression, r4) as Evaluator]),
) as Record<PathName, Evaluator>;

/**
 * Evaluates a named expression. Input comes from outside: a resource with wrong types in it
 * yields an empty result instead of an exception.
 */
export function read(name: PathName, resource: unknown): unknown[] {
  try {
    return compiled[name](resource);
  } catch {
    return [];
  }
}

export function readString(name: PathName, resource: unknown): string | undefined {
  return read(name, resource).find((v): v is string => typeof v === 'string');
}

export function readStrings(name: PathName, resource: unknown): string[] {
  return read(name, resource).filter((v): v is string => typeof v === 'string');
}

export function readObject<T extends object>(name: PathName, resource: unknown): T | undefined {
  return read(name, resource).find((v): v is T => typeof v === 'object' && v !== null);
}

export function readObjects<T extends object>(name: PathName, resource: unknown): T[] {
  return read(name, resource).filter((v): v is T => typeof v === 'object' && v !== null);
}

export const FHIRPATH_EXPRESSIONS: Readonly<Record<PathName, string>> = EXPRESSIONS;
