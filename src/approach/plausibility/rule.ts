/**
 * Plausibility, for every numeric result the service acts on (electrolytes, the ankle-brachial
 * index), in one place: a value outside the limits any survivable level falls in, or in a unit the
 * laboratory never reports that analyte in (a potassium "in mg/dL"), is a unit or transcription
 * error. It gets no level and no severity: one card names it, as sent, and asks to confirm it with
 * the laboratory. Limits: the terminology reference's plausibility table (knowledge/thresholds.ts).
 * Lines: diagnostic.bmp-with-mg, diagnostic.abi (the results those lines ask for).
 */
import type { PatientFacts, ResultRecord } from '../../facts/types';
import { roundForDisplay } from '../../fhir/units';
import { ELECTROLYTES, isElectrolyte, type Electrolyte } from '../../knowledge/catalogue';
import { ABI_PLAUSIBLE } from '../../knowledge/thresholds';
import { currentResult, latestAbiBySide, type RuleContext } from '../context';
import type { PlausibilityFinding } from './findings';

const SUBSTANCE_UNITS = 'mmol/L or mEq/L';

/** Why a result is not a level to act on; undefined when it is plausible (or not numeric at all: that is "not assessable"). */
export function implausibility(result: ResultRecord): string | undefined {
  const measured = result.measured;
  if (result.kind === 'ankleBrachialIndex') {
    if (!measured) return undefined;
    if (!measured.ok) return measured.reason;
    const { min, max } = ABI_PLAUSIBLE;
    return measured.value < min || measured.value > max
      ? `an index of ${measured.value} is outside the ${min}-${max} any recorded ankle-brachial index falls in`
      : undefined;
  }
  if (!isElectrolyte(result.kind) || !measured?.ok) return undefined;
  const knowledge = ELECTROLYTES[result.kind];
  if (measured.sentAs !== undefined && !knowledge.reportedAs.includes(measured.sentAs)) {
    return `${knowledge.label.toLowerCase()} is reported in ${SUBSTANCE_UNITS}, never by mass: the unit looks mislabelled`;
  }
  const { min, max } = knowledge.plausible;
  if (measured.value < min || measured.value > max) {
    return `${roundForDisplay(measured.value)} ${knowledge.canonicalUnit} is outside the ${min}-${max} ${knowledge.canonicalUnit} any survivable level falls in`;
  }
  return undefined;
}

/** The results a rule would act on: each electrolyte's newest in the window, each side's newest ABI. */
function resultsActedOn(facts: PatientFacts, ctx: RuleContext): ResultRecord[] {
  const electrolytes = (Object.keys(ELECTROLYTES) as Electrolyte[])
    .map((analyte) => currentResult(facts, analyte, ctx))
    .filter((r): r is ResultRecord => r !== undefined);
  return [...electrolytes, ...latestAbiBySide(facts)];
}

export function implausibleFindings(facts: PatientFacts, ctx: RuleContext): PlausibilityFinding[] {
  const results = resultsActedOn(facts, ctx).flatMap((result) => {
    const reason = implausibility(result);
    return reason === undefined ? [] : [{ result, reason }];
  });
  return results.length > 0 ? [{ kind: 'result-implausible', results }] : [];
}
