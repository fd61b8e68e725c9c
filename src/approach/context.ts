/**
 * What every rule is given beside the facts (the settings and the moment), and the questions
 * every family asks of the chart: is a date in the look-back window, what results and orders are
 * on record, could the orders be read at all.
 */
import { daysBefore, DAY_MS } from '../fhir/dates';
import type { OrderKind, ResultKind } from '../knowledge/catalogue';
import type { OrderRecord, PatientFacts, ResultRecord } from '../facts/types';

export interface RuleSettings {
  /** Results older than this many days are old: they do not count as a current check. */
  lookbackDays: number;
  /** Twitching that has lasted longer than this is persistent (the approach: > 2-4 weeks). */
  persistentAfterDays: number;
  /** A hamstring strain this recent is a "recent strain or injury" (the approach's structural line). */
  mriStrainWindowDays: number;
  /**
   * A red flag whose records began this many days or more before the twitching, and that no record
   * calls worsening, is established: a long-known problem is named, not raised as urgent.
   */
  redFlagEstablishedDays: number;
}

export interface RuleContext extends RuleSettings {
  now: Date;
}

/** The start of the look-back window. */
export function windowStart(ctx: RuleContext): Date {
  return daysBefore(ctx.now, ctx.lookbackDays);
}

/** Inside the window; a date up to a day ahead still counts (clocks and time zones differ). */
export function isInWindow(date: Date | undefined, ctx: RuleContext): boolean {
  return date !== undefined && date >= windowStart(ctx) && date.getTime() <= ctx.now.getTime() + DAY_MS;
}

/** Results of one kind, newest first (the facts keep them in that order); undated results last. */
export function resultsNewestFirst(facts: PatientFacts, kind: ResultKind): ResultRecord[] {
  return facts.results.filter((r) => r.kind === kind);
}

/** The newest result of one kind inside the window. */
export function currentResult(facts: PatientFacts, kind: ResultKind, ctx: RuleContext): ResultRecord | undefined {
  return facts.results.find((r) => r.kind === kind && isInWindow(r.effective, ctx));
}

/** The newest ABI of each side (unspecified counting as a side of its own): one reading per leg matters. */
export function latestAbiBySide(facts: PatientFacts): ResultRecord[] {
  const latestBySide = new Map<string, ResultRecord>();
  for (const result of resultsNewestFirst(facts, 'ankleBrachialIndex')) {
    const side = result.side ?? 'unspecified';
    if (!latestBySide.has(side)) latestBySide.set(side, result);
  }
  return [...latestBySide.values()];
}

/** The newest order of one of the kinds placed or done on or after `since` (undated orders count: they are live). */
export function orderSince(facts: PatientFacts, kinds: readonly OrderKind[], since: Date): OrderRecord | undefined {
  let newest: OrderRecord | undefined;
  for (const order of facts.orders) {
    if (!kinds.includes(order.kind) || (order.date !== undefined && order.date < since)) continue;
    if (!newest || (newest.date !== undefined && (order.date === undefined || order.date > newest.date))) newest = order;
  }
  return newest;
}

/** Existing orders or procedures could not be read: a suggestion may repeat one. */
export function ordersUnavailable(facts: PatientFacts): boolean {
  return facts.unavailable.has('serviceRequests') || facts.unavailable.has('procedures');
}

/** Patients under 18, or of unknown age, get the adult cut-off with a caveat. */
export function isAdult(facts: PatientFacts, now: Date): boolean | undefined {
  if (!facts.birthDate) return undefined;
  const eighteenth = new Date(facts.birthDate);
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  return eighteenth <= now;
}
