/**
 * patient-view, composed in one place: which family speaks, what folds into the one urgent card,
 * and what the benign reading waits for. Every family reads the same standing (standing/derive.ts),
 * so a card says the next step only and nothing the record already answers.
 *
 * - Red flags that are new or worsening, unexplained and unanswered, and severe deficiencies, make
 *   the urgent card; the flags that are not urgent now are one line each, in it or in a card of
 *   their own (red-flags-on-record), or in the known-diagnosis card when a diagnosis explains them.
 * - A diagnosis that explains the fasciculations (motor neuron disease; neuromyotonia with its LGI1
 *   answered) replaces the work-up of unexplained fasciculations with one info card.
 * - The neurological evaluation is the next step until an EMG for this episode is reported.
 * - The benign reading waits for everything else to be quiet, and for persistent twitching, for a
 *   normal EMG that excludes neuromyotonia.
 */
import type { PatientFacts } from '../facts/types';
import type { RuleContext } from './context';
import type { KnownDiagnosis } from './diagnoses/findings';
import type { ElectrolyteLow } from './electrolytes/findings';
import { electrolyteFindings } from './electrolytes/rule';
import { describeEpisode } from './episode';
import { FAMILIES, type Family } from './families';
import type { Finding } from './findings';
import { benignFindings } from './benign/rule';
import { lgi1Findings, neurologicalEvaluation } from './neuromuscular/rule';
import { implausibleFindings } from './plausibility/rule';
import type { RedFlagsOnRecord } from './red-flags/findings';
import { asksOnlyToConfirm, redFlags, urgentAssessment } from './red-flags/rule';
import { deriveStanding, isOpenFlag } from './standing/derive';
import { mriFindings } from './structural/rule';
import { abiFindings } from './vascular/rule';

export function evaluatePatientView(facts: PatientFacts, ctx: RuleContext): Finding[] {
  const episode = describeEpisode(facts, ctx);
  if (episode.twitching.length === 0) return [];
  const flags = redFlags(facts, episode, ctx);
  const electrolytes = electrolyteFindings(facts, ctx);
  const structural = mriFindings(facts, episode, ctx);
  const standing = deriveStanding({ facts, episode, flags, electrolytes, mriIndicated: structural.length > 0, ctx });
  const { known } = standing;

  const urgentFlags = flags.filter((_, i) => standing.redFlags[i].urgent);
  // A sensory change with no site is a question for the clinician (toConfirm), not a flag on record.
  const quietFlags = standing.redFlags.filter((s, i) => !s.urgent && !asksOnlyToConfirm(flags[i]));
  const toConfirm = flags.flatMap((f) => (f.flag === 'radiculopathy' ? f.unplaced : []));

  const severe = electrolytes.filter((f): f is ElectrolyteLow => f.kind === 'electrolyte-low' && f.severe);
  const nonUrgentElectrolytes = electrolytes.filter((f) => !(f.kind === 'electrolyte-low' && f.severe));
  const evaluation = neurologicalEvaluation(facts, episode, ctx);
  const emg = standing.branches.find((b) => b.id === 'emg')!;
  // An EMG reported for this episode, or a diagnosis that makes it unnecessary, finishes the branch.
  const evaluationDue = evaluation && emg.status !== 'resulted' && emg.status !== 'diagnosed' ? evaluation : undefined;

  const lgi1 = lgi1Findings(facts);
  // Neuromyotonia confirmed has its own next step (LGI1) and, once that is answered, nothing to add.
  const neuromyotoniaConfirmed = standing.branches.some((b) => b.id === 'neuromyotonia' && b.status === 'diagnosed');
  const knownDiagnosis: KnownDiagnosis | undefined =
    known.motorNeuronDisease.length > 0
      ? {
          kind: 'known-diagnosis',
          diagnoses: known.motorNeuronDisease,
          twitching: episode.twitching,
          flags: quietFlags,
        }
      : undefined;

  // One urgent message: the urgent flags and the severe deficiencies beside them in one card, which
  // also carries the examination and EMG the neurological flags ask for.
  const urgent = urgentAssessment(urgentFlags, severe, evaluation);
  if (urgent && quietFlags.length > 0 && !knownDiagnosis) urgent.onRecord = quietFlags;
  const urgentFindings = urgent ? [urgent] : severe;

  const neuromuscular = [
    ...(evaluationDue && urgent?.evaluation !== evaluation && !knownDiagnosis ? [evaluationDue] : []),
    ...lgi1.filter((f) => f.kind !== 'lgi1-testing' || known.motorNeuronDisease.length === 0),
  ];
  // Urgent claudication is read with its ABI in the urgent card; known PAD expects an abnormal ABI.
  // With an urgent card, assessed claudication is one line in it (its ABI named there).
  const claudicationInUrgent = urgent !== undefined && flags.some((f) => f.flag === 'claudication');
  const abi = claudicationInUrgent || known.peripheralArteryDisease.length > 0 ? [] : abiFindings(facts, ctx);
  const implausible = implausibleFindings(facts, ctx);
  // Claudication assessed by the ABI is said by the ABI's own card.
  const unsaid = abi.length > 0 ? quietFlags.filter((s) => s.flag !== 'claudication') : quietFlags;
  const onRecord: RedFlagsOnRecord | undefined =
    !urgent && !knownDiagnosis && (unsaid.length > 0 || toConfirm.length > 0) ? { kind: 'red-flags-on-record', flags: unsaid, toConfirm } : undefined;
  // A result that cannot be trusted leaves the electrolytes unknown: not yet "likely benign".
  const otherConcerns =
    urgentFindings.length > 0 ||
    neuromuscular.length > 0 ||
    structural.length > 0 ||
    implausible.length > 0 ||
    knownDiagnosis !== undefined ||
    neuromyotoniaConfirmed ||
    quietFlags.some(isOpenFlag) ||
    toConfirm.length > 0;
  const normalEmg = standing.branches.find((b) => b.id === 'neuromyotonia' && b.status === 'resulted' && b.outcome === 'normal')?.evidence[0];
  const benign = benignFindings(facts, episode, otherConcerns, normalEmg);
  const ownRules = (FAMILIES as readonly Family[]).flatMap((family) => family.chart?.(facts, ctx) ?? []);
  return [
    ...urgentFindings,
    ...(onRecord && onRecord.flags.some(isOpenFlag) ? [onRecord] : []),
    ...neuromuscular,
    ...structural,
    ...nonUrgentElectrolytes,
    ...abi,
    ...implausible,
    ...(knownDiagnosis ? [knownDiagnosis] : []),
    ...(onRecord && !onRecord.flags.some(isOpenFlag) ? [onRecord] : []),
    ...ownRules,
    ...benign,
  ];
}
