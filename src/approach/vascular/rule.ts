/**
 * Vascular symptoms and the ankle-brachial index on the chart. Lines: red-flag.claudication ("Pain
 * at rest or with walking that improves with rest, which could indicate vascular claudication"),
 * diagnostic.pulses, diagnostic.abi, pitfall.claudication-not-twitching. ABI bands: 2016 AHA/ACC
 * lower-extremity PAD guideline (knowledge/thresholds.ts).
 */
import { ABI_PLAUSIBLE, ABI_SEVERITY, abiBand } from '../../knowledge/thresholds';
import type { Evidence, PatientFacts, ResultRecord } from '../../facts/types';
import { currentResult, isInWindow, orderSince, ordersUnavailable, resultsNewestFirst, windowStart, type RuleContext } from '../context';
import { activeRecords } from '../episode';
import type { AbiInterpretation, AbiReading, VascularFinding } from './findings';

export function abiFindings(facts: PatientFacts, ctx: RuleContext): VascularFinding[] {
  const latestBySide = new Map<string, ResultRecord>();
  for (const result of resultsNewestFirst(facts, 'ankleBrachialIndex')) {
    const side = result.side ?? 'unspecified';
    if (!latestBySide.has(side)) latestBySide.set(side, result);
  }
  if (latestBySide.size === 0) return [];
  const readings: AbiReading[] = [];
  const unassessable: AbiInterpretation['unassessable'] = [];
  for (const result of latestBySide.values()) {
    const measured = result.measured;
    if (!measured || !measured.ok) {
      unassessable.push({ result, reason: measured?.reason ?? 'the result has no numeric value' });
    } else if (measured.value < ABI_PLAUSIBLE.min || measured.value > ABI_PLAUSIBLE.max) {
      unassessable.push({ result, reason: `an index of ${measured.value} is outside any plausible range` });
    } else {
      readings.push({ result, value: measured.value, band: abiBand(measured.value), old: !isInWindow(result.effective, ctx) });
    }
  }
  const worst = ABI_SEVERITY.find((band) => readings.some((r) => r.band === band));
  return [{ kind: 'abi-result', readings, worst: worst ?? 'normal', unassessable }];
}

/** An ABI result in the window, or an ABI ordered in it: the claudication is being worked up. */
export function abiOnRecord(facts: PatientFacts, ctx: RuleContext): Evidence | undefined {
  return currentResult(facts, 'ankleBrachialIndex', ctx)?.evidence ?? orderSince(facts, ['ankleBrachialIndex'], windowStart(ctx))?.evidence;
}

export function claudicationFindings(facts: PatientFacts, ctx: RuleContext): VascularFinding[] {
  const records = activeRecords(facts, ['claudication']);
  if (records.length === 0) return [];
  return [{ kind: 'red-flag-claudication', records, existingAbi: abiOnRecord(facts, ctx), ordersUnavailable: ordersUnavailable(facts) }];
}
