/**
 * Every FHIRPath expression the service evaluates, compiled once when this module loads (at
 * start-up), against the R4 model so that choice types such as `value[x]` resolve.
 *
 * The table below is the one statement of what the service reads. Each expression is compiled
 * twice: into a plain JavaScript accessor when it is a simple one (fhirpath-accessors.ts: member
 * paths, first(), ofType()), which is what runs, and with fhirpath.js, which runs for anything
 * else. test/fhir/fhirpath-equivalence.test.ts holds both to the same answers.
 */
import * as fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { compileAccessor, type Accessor } from './fhirpath-accessors';

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
  statementDosage: 'dosage',
  requestDosage: 'dosageInstruction',

  birthDate: 'birthDate',
} as const;

export type PathName = keyof typeof EXPRESSIONS;

type Evaluator = (resource: unknown) => unknown[];

/** The R4 model's type names (present at run time, absent from fhirpath.js's type declarations). */
export const R4_TYPES: ReadonlySet<string> = (() => {
  const types = (r4 as { availableTypes?: unknown }).availableTypes;
  if (!(types instanceof Set)) throw new Error('fhirpath/fhir-context/r4 no longer lists availableTypes');
  return types as Set<string>;
})();

/** Input comes from outside: a resource with wrong types in it yields an empty result, never an exception. */
function evaluatorFor(expression: string): Evaluator {
  const viaFhirpath = fhirpath.compile(expression, r4) as Evaluator;
  const accessor: Accessor | undefined = compileAccessor(expression, r4, R4_TYPES);
  return (resource) => {
    const answer = accessor?.(resource);
    if (answer) return answer;
    try {
      return viaFhirpath(resource);
    } catch {
      return [];
    }
  };
}

const compiled = Object.fromEntries(Object.entries(EXPRESSIONS).map(([name, expression]) => [name, evaluatorFor(expression)])) as Record<PathName, Evaluator>;

/** Evaluates a named expression: what fhirpath.js answers, or nothing where it would throw. */
export function read(name: PathName, resource: unknown): unknown[] {
  return compiled[name](resource);
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
