/**
 * Electrolytes. Clinical approach:
 *   "Electrolyte imbalances (particularly magnesium, potassium, or calcium deficiency) can trigger
 *    spontaneous muscle fasciculations" [1]; "Check basic metabolic panel including magnesium,
 *    potassium, and calcium levels" [1]; "electrolyte repletion if deficient" [3].
 * A basic metabolic panel carries potassium and total calcium but not magnesium.
 */
import {
  ELECTROLYTES,
  REQUIRED_ELECTROLYTES,
  SATISFIES,
  type Electrolyte,
  type ElectrolyteKnowledge,
  type RequiredElectrolyte,
} from '../knowledge/thresholds';
import { roundForDisplay, toCanonical, type QuantityLike } from '../fhir/units';
import type { PatientFacts, ResultRecord } from '../facts/types';
import { isAdult, isInWindow, orderSince, ordersUnavailable, resultsNewestFirst, windowStart } from './episode';
import type { ElectrolyteLow, ElectrolytesMissing, ElectrolyteUnassessable, Finding, LevelBasis, RuleContext } from './types';
import type { OrderKind } from '../facts/types';

/** v3 ObservationInterpretation codes that say "below the range" and "not below it". */
const LOW_INTERPRETATIONS = new Set(['L', 'LL', 'LU', '<']);
const NOT_LOW_INTERPRETATIONS = new Set(['N', 'H', 'HH', 'HU', '>']);

export type LevelAssessment =
  | { status: 'low' | 'not-low'; basis: LevelBasis; canonicalValue?: number; limit?: string }
  | { status: 'unassessable'; reason: string };

/**
 * Is this result low? The laboratory's interpretation wins, then its reference range, then the
 * published adult cut-off. Values are compared in the analyte's canonical unit.
 */
export function assessLevel(result: ResultRecord, knowledge: ElectrolyteKnowledge): LevelAssessment {
  const substance = { molarMass: knowledge.molarMass, charge: knowledge.charge };
  const canonical = result.quantity ? toCanonical(result.quantity, knowledge.canonicalUnit, substance) : undefined;
  const canonicalValue = canonical?.ok ? canonical.value : undefined;
  if (result.interpretation.some((code) => LOW_INTERPRETATIONS.has(code))) {
    return { status: 'low', basis: 'lab-interpretation', canonicalValue };
  }
  if (result.interpretation.some((code) => NOT_LOW_INTERPRETATIONS.has(code))) {
    return { status: 'not-low', basis: 'lab-interpretation', canonicalValue };
  }
  if (!canonical || !canonical.ok) {
    return { status: 'unassessable', reason: canonical && !canonical.ok ? canonical.reason : 'the result has no numeric value' };
  }
  const rangeLow = lowerLimitOfRange(result.referenceRange?.low, knowledge);
  const limit = rangeLow ?? knowledge.lowerLimit;
  const limitWords =
    rangeLow !== undefined
      ? `${roundForDisplay(rangeLow)} ${knowledge.canonicalUnit} (laboratory reference range)`
      : `${knowledge.lowerLimit} ${knowledge.canonicalUnit} (${knowledge.source})`;
  const basis: LevelBasis = rangeLow !== undefined ? 'lab-range' : 'cut-off';
  // "> 1.5 mg/dL" below the limit may still be above it: the value cannot be judged.
  const comparator = result.quantity?.comparator;
  if ((comparator === '>' || comparator === '>=') && canonical.value < limit) {
    return { status: 'unassessable', reason: `the result is reported as ${comparator} ${String(result.quantity?.value)}` };
  }
  return { status: canonical.value < limit ? 'low' : 'not-low', basis, canonicalValue: canonical.value, limit: limitWords };
}

function lowerLimitOfRange(low: QuantityLike | undefined, knowledge: ElectrolyteKnowledge): number | undefined {
  if (!low) return undefined;
  const converted = toCanonical(low, knowledge.canonicalUnit, knowledge);
  return converted.ok ? converted.value : undefined;
}

function levelFindings(facts: PatientFacts, ctx: RuleContext, analyte: Electrolyte): Finding[] {
  const latest = resultsNewestFirst(facts, analyte).find((r) => isInWindow(r.effective, ctx));
  if (!latest) return [];
  const knowledge = ELECTROLYTES[analyte];
  const level = assessLevel(latest, knowledge);
  if (level.status === 'unassessable') {
    const finding: ElectrolyteUnassessable = { kind: 'electrolyte-unassessable', analyte, result: latest, reason: level.reason };
    return [finding];
  }
  if (level.status !== 'low') return [];
  const severe =
    knowledge.severeBelow !== undefined && level.canonicalValue !== undefined && level.canonicalValue < knowledge.severeBelow;
  const finding: ElectrolyteLow = {
    kind: 'electrolyte-low',
    analyte,
    result: latest,
    canonicalValue: level.canonicalValue,
    basis: level.basis,
    limit: level.limit,
    severe,
    adultCutOffCaveat: level.basis === 'cut-off' && isAdult(facts, ctx.now) !== true,
  };
  return [finding];
}

/** Orders that answer each required analyte: a metabolic panel carries potassium and calcium. */
export const ORDERS_FOR: Readonly<Record<RequiredElectrolyte, readonly OrderKind[]>> = {
  magnesium: ['magnesium'],
  potassium: ['potassium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
  calcium: ['calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
};

/** The required electrolytes with no result in the window and no order for them there. */
export function missingFinding(facts: PatientFacts, ctx: RuleContext): ElectrolytesMissing | undefined {
  const since = windowStart(ctx);
  const hasCurrentResult = (analyte: RequiredElectrolyte) =>
    SATISFIES[analyte].some((kind) => resultsNewestFirst(facts, kind).some((r) => isInWindow(r.effective, ctx)));
  const unanswered = REQUIRED_ELECTROLYTES.filter((a) => !hasCurrentResult(a));
  if (unanswered.length === 0) return undefined;
  const pending = unanswered
    .map((a) => orderSince(facts, ORDERS_FOR[a], since))
    .filter((o): o is NonNullable<typeof o> => o !== undefined);
  const missing = unanswered.filter((a) => !orderSince(facts, ORDERS_FOR[a], since));
  if (missing.length === 0) return undefined;
  const old = missing
    .flatMap((a) => SATISFIES[a].map((kind) => resultsNewestFirst(facts, kind)[0]))
    .filter((r): r is ResultRecord => r !== undefined);
  return {
    kind: 'electrolytes-missing',
    missing,
    old,
    panelWithoutMagnesium: missing.includes('magnesium')
      ? orderSince(facts, ['basicMetabolicPanel', 'comprehensiveMetabolicPanel'], since)
      : undefined,
    pending: [...new Set(pending)],
    ordersUnavailable: ordersUnavailable(facts),
  };
}

export function electrolyteFindings(facts: PatientFacts, ctx: RuleContext): Finding[] {
  // Without the Observations the service cannot know what was measured: say nothing rather than
  // ask for tests that may have been done.
  if (facts.unavailable.has('observations')) return [];
  const levels = (Object.keys(ELECTROLYTES) as Electrolyte[]).flatMap((analyte) => levelFindings(facts, ctx, analyte));
  const missing = missingFinding(facts, ctx);
  return missing ? [missing, ...levels] : levels;
}
