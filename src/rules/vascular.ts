/**
 * Vascular symptoms and the ankle-brachial index. Clinical approach:
 *   red flag: "Pain at rest or with walking that improves with rest, which could indicate vascular
 *    claudication from peripheral artery disease" [6, 7];
 *   "Palpate all lower extremity pulses (femoral, popliteal, dorsalis pedis, posterior tibial)" [6];
 *   "Obtain ankle-brachial index (ABI) to screen for peripheral artery disease" [6, 7];
 *   pitfall: "Do not confuse muscle twitching with vascular claudication" [6, 7].
 * ABI bands: 2016 AHA/ACC lower-extremity PAD guideline.
 */
import { abiBand, type AbiBand } from '../knowledge/thresholds';
import { ucumCodeOf } from '../fhir/units';
import type { PatientFacts, ResultRecord } from '../facts/types';
import { activeRecords, isInWindow, orderSince, ordersUnavailable, resultsNewestFirst, windowStart } from './episode';
import type { AbiInterpretation, AbiReading, Finding, RedFlagClaudication, RuleContext } from './types';

/** An ABI is a ratio: UCUM "1", an annotation such as "{ratio}", or no unit at all. */
function isDimensionless(result: ResultRecord): boolean {
  const q = result.quantity;
  if (!q) return false;
  const unit = ucumCodeOf(q) ?? (typeof q.unit === 'string' ? q.unit : undefined);
  return unit === undefined || unit === '' || unit === '1' || /^\{[^}]*\}$/.test(unit) || /^ratio$/i.test(unit);
}

/** Below 0.2 or above 3 an ABI is a recording error, not a reading. */
const PLAUSIBLE_ABI = { min: 0.2, max: 3 };

const SEVERITY: readonly AbiBand[] = ['abnormal', 'noncompressible', 'borderline', 'normal'];

export function abiFindings(facts: PatientFacts, ctx: RuleContext): Finding[] {
  const latestBySide = new Map<string, ResultRecord>();
  for (const result of resultsNewestFirst(facts, 'ankleBrachialIndex')) {
    const side = result.side ?? 'unspecified';
    if (!latestBySide.has(side)) latestBySide.set(side, result);
  }
  if (latestBySide.size === 0) return [];
  const readings: AbiReading[] = [];
  const unassessable: AbiInterpretation['unassessable'] = [];
  for (const result of latestBySide.values()) {
    const value = result.quantity?.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || !isDimensionless(result)) {
      unassessable.push({ result, reason: 'the result is not a dimensionless ratio' });
    } else if (value < PLAUSIBLE_ABI.min || value > PLAUSIBLE_ABI.max) {
      unassessable.push({ result, reason: `an index of ${value} is outside any plausible range` });
    } else {
      readings.push({ result, value, band: abiBand(value), old: !isInWindow(result.effective, ctx) });
    }
  }
  const worst = SEVERITY.find((band) => readings.some((r) => r.band === band));
  if (!worst && unassessable.length === 0) return [];
  const finding: AbiInterpretation = { kind: 'abi-result', readings, worst: worst ?? 'normal', unassessable };
  return [finding];
}

export function claudicationFindings(facts: PatientFacts, ctx: RuleContext): Finding[] {
  const records = activeRecords(facts, ['claudication']);
  if (records.length === 0) return [];
  const recentAbi = resultsNewestFirst(facts, 'ankleBrachialIndex').find((r) => isInWindow(r.effective, ctx));
  const abiOrder = orderSince(facts, ['ankleBrachialIndex'], windowStart(ctx));
  const finding: RedFlagClaudication = {
    kind: 'red-flag-claudication',
    records,
    existingAbi: recentAbi?.evidence ?? abiOrder?.evidence,
    ordersUnavailable: ordersUnavailable(facts),
  };
  return [finding];
}
