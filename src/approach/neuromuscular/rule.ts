/**
 * Persistent twitching and peripheral nerve hyperexcitability on the chart. Lines:
 * diagnostic.neuro-exam and diagnostic.emg-ncs ("For persistent twitching (>2-4 weeks) or twitching
 * with additional symptoms: Perform detailed neurological examination ... Order EMG and nerve
 * conduction studies"), neuro.pnh-syndromes and neuro.pnh-presentation (cramps count as another
 * symptom), neuro.emg-diagnostic, neuro.lgi1-after-emg ("LGI1 antibody testing should be performed
 * if EMG confirms neuromyotonia"), pitfall.persistent-not-benign.
 */
import { POSITIVE, POSITIVE_INTERPRETATIONS } from '../../knowledge/interpretation';
import type { Evidence, PatientFacts } from '../../facts/types';
import { orderSince, ordersUnavailable, resultsNewestFirst, windowStart, type RuleContext } from '../context';
import { activeRecords, episodeStart, type Episode, type PersistenceReason } from '../episode';
import type { ExistingEmg, NeuromuscularFinding } from './findings';

/** EMG already ordered or done for this episode: since the twitching began, or within the window. */
export function existingEmg(facts: PatientFacts, episode: Episode, ctx: RuleContext): ExistingEmg | undefined {
  const since = episodeStart(episode, windowStart(ctx));
  const emg = facts.emg
    .filter((e) => e.date === undefined || e.date >= since)
    .sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
  if (emg) return { kind: 'emg', emg };
  const order = orderSince(facts, ['electromyography'], since);
  return order ? { kind: 'order', order } : undefined;
}

export function neurologicalEvaluation(facts: PatientFacts, episode: Episode, ctx: RuleContext): NeuromuscularFinding[] {
  const reasons: PersistenceReason[] = episode.persistenceReasons;
  if (reasons.length === 0) return [];
  return [
    {
      kind: 'neurological-evaluation',
      reasons,
      twitching: episode.twitching,
      durationDays: episode.durationDays,
      symptoms: episode.additionalSymptoms,
      existing: existingEmg(facts, episode, ctx),
      ordersUnavailable: ordersUnavailable(facts),
    },
  ];
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

export function lgi1Findings(facts: PatientFacts): NeuromuscularFinding[] {
  const results = resultsNewestFirst(facts, 'lgi1Antibody');
  const positive = results.find(
    (r) =>
      r.interpretation.some((code) => POSITIVE_INTERPRETATIONS.has(code)) ||
      r.valueCodings.some((c) => c.system === POSITIVE.system && c.code === POSITIVE.code),
  );
  if (positive) return [{ kind: 'lgi1-positive', result: positive }];
  if (results.length > 0) return [];
  if (facts.unavailable.has('observations')) return [];
  // A pending LGI1 order (any date: the test is done once per diagnosis) answers the question.
  if (facts.orders.some((o) => o.kind === 'lgi1Antibody')) return [];
  const confirmation = emgConfirmation(facts);
  return confirmation.length === 0 ? [] : [{ kind: 'lgi1-testing', confirmation }];
}
