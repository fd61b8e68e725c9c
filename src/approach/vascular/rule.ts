/**
 * Vascular symptoms and the ankle-brachial index on the chart. Lines: red-flag.claudication ("Pain
 * at rest or with walking that improves with rest, which could indicate vascular claudication"),
 * diagnostic.pulses, diagnostic.abi, pitfall.claudication-not-twitching. ABI bands: 2016 AHA/ACC
 * lower-extremity PAD guideline (knowledge/thresholds.ts). Claudication is a red flag: its work-up
 * travels in the one urgent card (red-flags/), the ABI reading with it.
 */
import { ABI_SEVERITY, abiBand, type AbiBand } from '../../knowledge/thresholds';
import type { Evidence, PatientFacts } from '../../facts/types';
import { isInWindow, latestAbiBySide, orderSince, ordersUnavailable, windowStart, type RuleContext } from '../context';
import { activeRecords } from '../episode';
import { implausibility } from '../plausibility/rule';
import type { AbiReading, ClaudicationWorkup, VascularFinding } from './findings';

/** The plausible ones among them, read against the bands (the implausible ones have their own card). */
function abiReadings(facts: PatientFacts, ctx: RuleContext): { readings: AbiReading[]; worst?: AbiBand } {
  const readings: AbiReading[] = [];
  for (const result of latestAbiBySide(facts)) {
    if (implausibility(result) !== undefined || !result.measured?.ok) continue;
    const value = result.measured.value;
    readings.push({ result, value, band: abiBand(value), old: !isInWindow(result.effective, ctx) });
  }
  return { readings, worst: ABI_SEVERITY.find((band) => readings.some((r) => r.band === band)) };
}

/** A plausible ABI result in the window, or an ABI ordered in it: the claudication is being worked up. */
export function abiOnRecord(facts: PatientFacts, ctx: RuleContext): Evidence | undefined {
  const result = facts.results.find((r) => r.kind === 'ankleBrachialIndex' && isInWindow(r.effective, ctx) && implausibility(r) === undefined);
  return result?.evidence ?? orderSince(facts, ['ankleBrachialIndex'], windowStart(ctx))?.evidence;
}

/** Claudication recorded now, with its work-up; undefined when none is recorded. */
export function claudicationWorkup(facts: PatientFacts, ctx: RuleContext): ClaudicationWorkup | undefined {
  const records = activeRecords(facts, ['claudication']);
  if (records.length === 0) return undefined;
  return { records, ...abiReadings(facts, ctx), existingAbi: abiOnRecord(facts, ctx), ordersUnavailable: ordersUnavailable(facts) };
}

/** The ABI read on its own, for a patient whose chart records no claudication. */
export function abiFindings(facts: PatientFacts, ctx: RuleContext): VascularFinding[] {
  const { readings, worst } = abiReadings(facts, ctx);
  return worst === undefined ? [] : [{ kind: 'abi-result', readings, worst }];
}
