/**
 * Persistent twitching and peripheral nerve hyperexcitability. Clinical approach:
 *   "For persistent twitching (>2-4 weeks) or twitching with additional symptoms: Perform detailed
 *    neurological examination ... Order EMG and nerve conduction studies" [7, 2];
 *   "Electromyography (EMG) is diagnostic, showing characteristic neuromyotonic discharges" [2, 5];
 *   "LGI1 antibody testing should be performed if EMG confirms neuromyotonia, as this autoimmune
 *    etiology responds to immunotherapy" [2, 5];
 *   pitfall: "Do not dismiss persistent fasciculations as purely benign without excluding
 *    neuromyotonia" [2, 5].
 */
import { POSITIVE } from '../knowledge/codes';
import type { Evidence, PatientFacts } from '../facts/types';
import { activeRecords, orderSince, ordersUnavailable, resultsNewestFirst, windowStart, type Episode } from './episode';
import type { ExistingWork, Finding, Lgi1Positive, Lgi1Testing, NeurologicalEvaluation, PersistenceReason, RuleContext } from './types';

/** EMG already ordered or done for this episode: since the twitching began, or within the window. */
export function existingEmg(facts: PatientFacts, episode: Episode, ctx: RuleContext): ExistingWork | undefined {
  const since = earliestOf(windowStart(ctx), episode.twitching.map((r) => r.knownSince));
  const emg = facts.emg
    .filter((e) => e.date === undefined || e.date >= since)
    .sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
  if (emg) return { kind: 'emg', emg };
  const order = orderSince(facts, ['electromyography'], since);
  return order ? { kind: 'order', order } : undefined;
}

function earliestOf(fallback: Date, dates: (Date | undefined)[]): Date {
  return dates.reduce<Date>((min, d) => (d !== undefined && d < min ? d : min), fallback);
}

export function neurologicalEvaluation(facts: PatientFacts, episode: Episode, ctx: RuleContext): Finding[] {
  const reasons: PersistenceReason[] = [];
  if (episode.persistent) reasons.push('duration');
  if (episode.additionalSymptoms.length > 0 || episode.widespread.records.length > 0) reasons.push('symptoms');
  if (reasons.length === 0) return [];
  const finding: NeurologicalEvaluation = {
    kind: 'neurological-evaluation',
    reasons,
    twitching: episode.twitching,
    durationDays: episode.durationDays,
    symptoms: episode.additionalSymptoms,
    existing: existingEmg(facts, episode, ctx),
    ordersUnavailable: ordersUnavailable(facts),
  };
  return [finding];
}

/**
 * EMG confirmation of neuromyotonia: an EMG result whose findings are coded as neuromyotonia, or
 * a confirmed neuromyotonia diagnosis in a patient whose EMG has been done. G71.19 covers other
 * myotonic disorders too, so the diagnosis alone is not taken as EMG confirmation.
 */
export function emgConfirmation(facts: PatientFacts): Evidence[] {
  const fromEmg = facts.emg.filter((e) => e.showsNeuromyotonia).map((e) => e.evidence);
  if (fromEmg.length > 0) return fromEmg;
  const diagnosis = activeRecords(facts, ['neuromyotonia']).filter((r) => r.resourceType === 'Condition' && r.confirmed);
  const emgDone = facts.emg[0]?.evidence ?? facts.orders.find((o) => o.kind === 'electromyography' && o.status === 'completed')?.evidence;
  return diagnosis.length > 0 && emgDone ? [...diagnosis.map((r) => r.evidence), emgDone] : [];
}

export function lgi1Findings(facts: PatientFacts): Finding[] {
  const results = resultsNewestFirst(facts, 'lgi1Antibody');
  const positive = results.find(
    (r) =>
      r.interpretation.some((code) => code === 'POS' || code === 'DET') ||
      r.valueCodings.some((c) => c.system === POSITIVE.system && c.code === POSITIVE.code),
  );
  if (positive) {
    const finding: Lgi1Positive = { kind: 'lgi1-positive', result: positive };
    return [finding];
  }
  if (results.length > 0) return [];
  if (facts.unavailable.has('observations')) return [];
  // A pending LGI1 order (any date: the test is done once per diagnosis) answers the question.
  if (facts.orders.some((o) => o.kind === 'lgi1Antibody')) return [];
  const confirmation = emgConfirmation(facts);
  if (confirmation.length === 0) return [];
  const finding: Lgi1Testing = { kind: 'lgi1-testing', confirmation };
  return [finding];
}
