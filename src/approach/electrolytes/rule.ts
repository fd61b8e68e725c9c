/**
 * Electrolytes on the chart. Lines: benign.electrolytes ("magnesium, potassium, or calcium
 * deficiency can trigger spontaneous muscle fasciculations"), diagnostic.bmp-with-mg ("Check basic
 * metabolic panel including magnesium, potassium, and calcium levels"),
 * diagnostic.activity-hydration-repletion ("electrolyte repletion if deficient").
 * A basic metabolic panel carries potassium and total calcium but not magnesium.
 * With an albumin on record the albumin-adjusted total calcium decides; the laboratory's flag and
 * range judge the measured value only (terminology reference, "Albumin-adjusted calcium and the
 * laboratory flag"). A low potassium or magnesium names the medicines on the list that lower it.
 */
import { CRITICAL_LOW_INTERPRETATIONS, LOW_INTERPRETATIONS, NOT_LOW_INTERPRETATIONS } from '../../knowledge/interpretation';
import {
  ELECTROLYTES,
  METABOLIC_PANELS,
  ORDERS_FOR,
  RECHECK_ORDER_KINDS,
  REQUIRED_ELECTROLYTES,
  SATISFIES,
  type Electrolyte,
  type ElectrolyteKnowledge,
  type RequiredElectrolyte,
} from '../../knowledge/catalogue';
import { ALBUMIN, albuminAdjustedCalcium } from '../../knowledge/thresholds';
import { implausibility } from '../plausibility/rule';
import { roundForDisplay } from '../../fhir/units';
import type { MedicineRecord, OrderRecord, PatientFacts, ResultRecord } from '../../facts/types';
import { MEDICINE_CLASSES } from '../../knowledge/medicines';
import { currentResult, isAdult, orderSince, ordersUnavailable, resultsNewestFirst, windowStart, type RuleContext } from '../context';
import type { ElectrolyteFinding, ElectrolyteLow, ElectrolytesMissing, LevelBasis } from './findings';

export type LevelAssessment =
  { status: 'low' | 'not-low'; basis: LevelBasis; canonicalValue?: number; limit?: string } | { status: 'unassessable'; reason: string };

/**
 * Is this result low? The laboratory's interpretation wins, then its reference range, then the
 * published adult cut-off. The facts give the value (and the range) in the analyte's canonical unit.
 * A total calcium adjusted for albumin is compared with the range or the cut-off only: the
 * laboratory's flag judged the measured value, not the adjusted one.
 */
export function assessLevel(result: ResultRecord, knowledge: ElectrolyteKnowledge, adjustedValue?: number): LevelAssessment {
  const measured = result.measured;
  const canonicalValue = adjustedValue ?? (measured?.ok ? measured.value : undefined);
  if (adjustedValue === undefined && result.interpretation.some((code) => LOW_INTERPRETATIONS.has(code))) {
    return { status: 'low', basis: 'lab-interpretation', canonicalValue };
  }
  if (adjustedValue === undefined && result.interpretation.some((code) => NOT_LOW_INTERPRETATIONS.has(code))) {
    return { status: 'not-low', basis: 'lab-interpretation', canonicalValue };
  }
  if (!measured || !measured.ok) return { status: 'unassessable', reason: measured?.reason ?? 'the result has no numeric value' };
  const rangeLow = result.rangeLow;
  const limit = rangeLow ?? knowledge.lowerLimit;
  // The basis says whose limit it is; the cut-off's source stays in knowledge/thresholds.ts.
  const limitWords = `${roundForDisplay(rangeLow ?? knowledge.lowerLimit)} ${knowledge.canonicalUnit}`;
  const basis: LevelBasis = rangeLow !== undefined ? 'lab-range' : 'cut-off';
  // "> 1.5 mg/dL" below the limit may still be above it: the value cannot be judged.
  const comparator = result.quantity?.comparator;
  const value = canonicalValue ?? measured.value;
  if ((comparator === '>' || comparator === '>=') && value < limit) {
    return { status: 'unassessable', reason: `the result is reported as ${comparator} ${String(result.quantity?.value)}` };
  }
  return { status: value < limit ? 'low' : 'not-low', basis, canonicalValue: value, limit: limitWords };
}

/** The albumin a total calcium is adjusted with: the newest plausible one in the look-back window. */
function albuminFor(facts: PatientFacts, ctx: RuleContext): ResultRecord | undefined {
  const albumin = currentResult(facts, 'albumin', ctx);
  const value = albumin?.measured?.ok ? albumin.measured.value : undefined;
  return value !== undefined && value >= ALBUMIN.plausible.min && value <= ALBUMIN.plausible.max ? albumin : undefined;
}

/** An order for the analyte placed since the result (or undated, so live): the recheck is on its way. */
function recheckOrdered(facts: PatientFacts, analyte: Electrolyte, result: ResultRecord): OrderRecord | undefined {
  const kinds = RECHECK_ORDER_KINDS[analyte];
  // Ionized and total calcium are different tests: an order for one does not recheck the other.
  const sameTest = (o: OrderRecord) => o.kind !== 'calcium' || (o.concept === 'calciumIonized') === (analyte === 'calciumIonized');
  return facts.orders.find(
    (o) => kinds.includes(o.kind) && sameTest(o) && (o.date === undefined || (result.effective !== undefined && o.date >= startOfDay(result.effective))),
  );
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** The medicines on the list that lower this electrolyte, each ingredient once. */
function medicinesLowering(facts: PatientFacts, analyte: Electrolyte): MedicineRecord[] {
  if (analyte !== 'potassium' && analyte !== 'magnesium') return [];
  const seen = new Set<string>();
  return facts.medicines.filter((m) => {
    if (!MEDICINE_CLASSES[m.ingredient.medicineClass].lowers.includes(analyte) || seen.has(m.ingredient.name)) return false;
    seen.add(m.ingredient.name);
    return true;
  });
}

/** An ionized calcium ordered in the window (or undated, so live). */
function ionizedOrder(facts: PatientFacts, ctx: RuleContext): OrderRecord | undefined {
  const since = windowStart(ctx);
  return facts.orders.find((o) => o.kind === 'calcium' && o.concept === 'calciumIonized' && (o.date === undefined || o.date >= since));
}

function levelFindings(facts: PatientFacts, ctx: RuleContext, analyte: Electrolyte): ElectrolyteFinding[] {
  const latest = currentResult(facts, analyte, ctx);
  // An implausible value is a unit or transcription error: the plausibility rule names it; no level is read from it.
  if (!latest || implausibility(latest) !== undefined) return [];
  const knowledge = ELECTROLYTES[analyte];
  const albumin = analyte === 'calciumTotal' && latest.measured?.ok ? albuminFor(facts, ctx) : undefined;
  const adjustedValue = albumin?.measured?.ok && latest.measured?.ok ? albuminAdjustedCalcium(latest.measured.value, albumin.measured.value) : undefined;
  // With an albumin of 4 g/dL or more there is nothing to adjust: the measured value and its flag decide.
  const adjusted = albumin && adjustedValue !== undefined ? { value: adjustedValue, albumin } : undefined;
  const level = assessLevel(latest, knowledge, adjusted?.value);
  if (level.status === 'unassessable') return [{ kind: 'electrolyte-unassessable', analyte, result: latest, reason: level.reason }];
  if (level.status !== 'low') {
    // Low as measured, in range adjusted for albumin: say so, rather than stay silent about the flag.
    // An ionized calcium in the window is the definitive measure: its own reading speaks instead.
    const measured = adjusted ? assessLevel(latest, knowledge) : undefined;
    if (!adjusted || measured?.status !== 'low' || currentResult(facts, 'calciumIonized', ctx)) return [];
    const limit = latest.rangeLow ?? knowledge.lowerLimit;
    const order = ionizedOrder(facts, ctx);
    return [{ kind: 'calcium-adjusted-in-range', result: latest, measuredBasis: measured.basis, adjusted, limit, ...(order ? { ionizedOrder: order } : {}) }];
  }
  // Severe below our cut-off, or flagged critical by the laboratory on the value it measured (an
  // albumin-adjusted total is judged on its adjusted value alone).
  const criticalFlag = !adjusted && latest.interpretation.some((code) => CRITICAL_LOW_INTERPRETATIONS.has(code));
  const severe = (level.canonicalValue !== undefined && level.canonicalValue < knowledge.severeBelow) || criticalFlag;
  return [
    {
      kind: 'electrolyte-low',
      analyte,
      result: latest,
      canonicalValue: level.canonicalValue,
      basis: level.basis,
      limit: level.limit,
      severe,
      adultCutOffCaveat: level.basis === 'cut-off' && isAdult(facts, ctx.now) !== true,
      adjusted,
      recheck: recheckOrdered(facts, analyte, latest),
      medicines: medicinesLowering(facts, analyte),
    },
  ];
}

/**
 * Low potassium beside low magnesium: potassium will not correct until magnesium does (Huang & Kuo,
 * J Am Soc Nephrol 2007;18:2649). The potassium finding carries the magnesium result.
 */
function withMagnesiumContext(levels: ElectrolyteFinding[]): ElectrolyteFinding[] {
  const isLow = (f: ElectrolyteFinding, analyte: Electrolyte): f is ElectrolyteLow => f.kind === 'electrolyte-low' && f.analyte === analyte;
  const magnesium = levels.find((f) => isLow(f, 'magnesium'));
  if (!magnesium) return levels;
  return levels.map((f) => (isLow(f, 'potassium') ? { ...f, lowMagnesium: magnesium.result } : f));
}

/** The required electrolytes with no result in the window and no order for them there. */
export function missingFinding(facts: PatientFacts, ctx: RuleContext): ElectrolytesMissing | undefined {
  const since = windowStart(ctx);
  const hasCurrentResult = (analyte: RequiredElectrolyte) => SATISFIES[analyte].some((kind) => currentResult(facts, kind, ctx) !== undefined);
  const unanswered = REQUIRED_ELECTROLYTES.filter((a) => !hasCurrentResult(a));
  if (unanswered.length === 0) return undefined;
  const pending = unanswered.map((a) => orderSince(facts, ORDERS_FOR[a], since)).filter((o): o is OrderRecord => o !== undefined);
  const missing = unanswered.filter((a) => !orderSince(facts, ORDERS_FOR[a], since));
  if (missing.length === 0) return undefined;
  const old = missing.flatMap((a) => SATISFIES[a].map((kind) => resultsNewestFirst(facts, kind)[0])).filter((r): r is ResultRecord => r !== undefined);
  return {
    kind: 'electrolytes-missing',
    missing,
    old,
    panelWithoutMagnesium: missing.includes('magnesium') ? orderSince(facts, METABOLIC_PANELS, since) : undefined,
    pending: [...new Set(pending)],
    ordersUnavailable: ordersUnavailable(facts),
  };
}

export function electrolyteFindings(facts: PatientFacts, ctx: RuleContext): ElectrolyteFinding[] {
  // Without the Observations the service cannot know what was measured: say nothing rather than
  // ask for tests that may have been done.
  if (facts.unavailable.has('observations')) return [];
  const levels = withMagnesiumContext((Object.keys(ELECTROLYTES) as Electrolyte[]).flatMap((analyte) => levelFindings(facts, ctx, analyte)));
  const missing = missingFinding(facts, ctx);
  return missing ? [missing, ...levels] : levels;
}
