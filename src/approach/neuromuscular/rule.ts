/**
 * Persistent twitching and peripheral nerve hyperexcitability on the chart. Lines:
 * diagnostic.neuro-exam and diagnostic.emg-ncs ("For persistent twitching (>2-4 weeks) or twitching
 * with additional symptoms: Perform detailed neurological examination ... Order EMG and nerve
 * conduction studies"), neuro.pnh-syndromes and neuro.pnh-presentation (cramps count as another
 * symptom), neuro.emg-diagnostic, neuro.lgi1-after-emg ("LGI1 antibody testing should be performed
 * if EMG confirms neuromyotonia"), pitfall.persistent-not-benign.
 */
import { NEUROMYOTONIA_WORDS } from '../../knowledge/concept-groups';
import type { ClinicalRecord, PatientFacts } from '../../facts/types';
import { orderSince, ordersUnavailable, resultsNewestFirst, windowStart, type RuleContext } from '../context';
import { activeRecords, episodeStart, type Episode, type PersistenceReason } from '../episode';
import type { ExistingEmg, NeurologicalEvaluation, NeuromuscularFinding, NeuromyotoniaConfirmation } from './findings';

/**
 * Confirmed diagnoses of neuromyotonia: coded specifically (a site's own code), or coded G71.19 with
 * words that name neuromyotonia or Isaacs syndrome (G71.19 alone covers other myotonic disorders).
 */
export function diagnosedNeuromyotonia(facts: PatientFacts): ClinicalRecord[] {
  return activeRecords(facts, ['neuromyotonia']).filter(
    (r) => r.resourceType === 'Condition' && r.confirmed && (!r.broadlyCoded || (r.statedAs !== undefined && NEUROMYOTONIA_WORDS.test(r.statedAs))),
  );
}

/**
 * EMG already ordered or done for this episode (since the twitching began, or within the window),
 * or neuromyotonia already diagnosed: EMG is not asked for again to establish what is known.
 */
export function existingEmg(facts: PatientFacts, episode: Episode, ctx: RuleContext): ExistingEmg | undefined {
  const [diagnosis] = diagnosedNeuromyotonia(facts);
  if (diagnosis) return { kind: 'diagnosis', diagnosis };
  const since = episodeStart(episode, windowStart(ctx));
  const emg = facts.emg.filter((e) => e.date === undefined || e.date >= since).sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
  if (emg) return { kind: 'emg', emg };
  const order = orderSince(facts, ['electromyography'], since);
  return order ? { kind: 'order', order } : undefined;
}

/** Twitching that persists or comes with other symptoms: the examination and EMG the approach asks for. */
export function neurologicalEvaluation(facts: PatientFacts, episode: Episode, ctx: RuleContext): NeurologicalEvaluation | undefined {
  const reasons: PersistenceReason[] = episode.persistenceReasons;
  if (reasons.length === 0) return undefined;
  return {
    kind: 'neurological-evaluation',
    reasons,
    twitching: episode.twitching,
    durationDays: episode.durationDays,
    symptoms: episode.additionalSymptoms,
    existing: existingEmg(facts, episode, ctx),
    ordersUnavailable: ordersUnavailable(facts),
  };
}

/** The newest EMG report on record, whatever its findings. */
function newestEmgReport(facts: PatientFacts) {
  return [...facts.emg].sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
}

/**
 * What confirms neuromyotonia, if anything: an EMG whose findings are coded as neuromyotonia; a
 * confirmed diagnosis naming neuromyotonia or Isaacs syndrome (taken as the EMG having confirmed
 * it, with the EMG report named when there is one); or a confirmed G71.19 diagnosis in a patient
 * whose EMG has been done (G71.19 alone covers other myotonic disorders too).
 */
export function emgConfirmation(facts: PatientFacts): NeuromyotoniaConfirmation | undefined {
  const fromEmg = facts.emg.filter((e) => e.showsNeuromyotonia).map((e) => e.evidence);
  if (fromEmg.length > 0) return { by: 'emg', evidence: fromEmg };
  const report = newestEmgReport(facts)?.evidence;
  const named = diagnosedNeuromyotonia(facts);
  if (named.length > 0) return { by: 'diagnosis', diagnosis: named.map((r) => r.evidence), emgReport: report };
  const diagnosis = activeRecords(facts, ['neuromyotonia']).filter((r) => r.resourceType === 'Condition' && r.confirmed);
  const emgDone = report ?? facts.orders.find((o) => o.kind === 'electromyography' && o.status === 'completed')?.evidence;
  return diagnosis.length > 0 && emgDone ? { by: 'emg', evidence: [...diagnosis.map((r) => r.evidence), emgDone] } : undefined;
}

/**
 * LGI1 results read as laboratories send them: any positive result is reported; a negative one
 * answers the question; results that can be read as neither are said so, and never silence the
 * card that asks for the test.
 */
export function lgi1Findings(facts: PatientFacts): NeuromuscularFinding[] {
  const results = resultsNewestFirst(facts, 'lgi1Antibody');
  const positive = results.find((r) => r.reading === 'positive');
  if (positive) return [{ kind: 'lgi1-positive', result: positive }];
  if (results.some((r) => r.reading === 'negative')) return [];
  if (facts.unavailable.has('observations')) return [];
  const unreadable = results.filter((r) => r.reading === 'unreadable');
  // A pending LGI1 order (any date: the test is done once per diagnosis) answers the question.
  const pending = facts.orders.some((o) => o.kind === 'lgi1Antibody');
  const confirmation = emgConfirmation(facts);
  if (confirmation && !pending) return [{ kind: 'lgi1-testing', confirmation, unreadable }];
  return unreadable.length > 0 ? [{ kind: 'lgi1-unreadable', results: unreadable }] : [];
}
