/**
 * Where the patient stands, derived once from the facts: each red flag with its course and what on
 * record explains or answers it, the diagnoses the approach reads, and each branch of the work-up
 * with its status and the step still due. Pure; every family's rule reads the same standing, and
 * the work-up page shows it as it is.
 *
 * Red flags (red-flag.urgent-assessment): urgent when new (or recorded as worsening), not
 * explained by a diagnosis on record and not answered by an assessment made after they began. A
 * flag that began `redFlagEstablishedDays` or more before the twitching and is not recorded as
 * worsening is established: named, not raised as urgent.
 */
import { daysBefore, formatDate } from '../../fhir/dates';
import type { ClinicalRecord, EmgRecord, Evidence, PatientFacts } from '../../facts/types';
import type { ApproachLineId } from '../../knowledge/approach';
import type { Region } from '../../knowledge/anatomy';
import { abiBand } from '../../knowledge/thresholds';
import { isInWindow, orderSince, resultsNewestFirst, windowStart, type RuleContext } from '../context';
import type { ElectrolyteFinding } from '../electrolytes/findings';
import { activeRecords, episodeStart, type Episode } from '../episode';
import { diagnosedNeuromyotonia, emgConfirmation } from '../neuromuscular/rule';
import { implausibility } from '../plausibility/rule';
import type { RedFlag } from '../red-flags/findings';
import { asksOnlyToConfirm, NEUROLOGICAL_FLAGS } from '../red-flags/rule';
import type { BranchState, RedFlagCourse, RedFlagState, Standing } from './types';

/** What the standing is derived from: the facts, and what the families already read of them. */
export interface StandingInput {
  facts: PatientFacts;
  episode: Episode;
  flags: readonly RedFlag[];
  electrolytes: readonly ElectrolyteFinding[];
  /** The MRI of the thigh is indicated (structural family). */
  mriIndicated: boolean;
  ctx: RuleContext;
}

const FLAG_TITLE: Readonly<Record<RedFlag['flag'], string>> = {
  weakness: 'Weakness or atrophy',
  widespread: 'Fasciculations beyond the hamstring',
  claudication: 'Claudication',
  radiculopathy: 'Radicular sensory change',
};

/** Diagnoses that explain fasciculations and weakness, or claudication, when on record. */
export interface KnownDiagnoses {
  motorNeuronDisease: ClinicalRecord[];
  peripheralArteryDisease: ClinicalRecord[];
  polyneuropathy: ClinicalRecord[];
  carpalTunnelSyndrome: ClinicalRecord[];
  neuromyotonia: ClinicalRecord[];
}

/** Diagnoses count when active and not refuted (the facts drop refuted ones); a provisional diagnosis still explains. */
export function knownDiagnoses(facts: PatientFacts): KnownDiagnoses {
  const conditions = (concept: Parameters<typeof activeRecords>[1][number]) => activeRecords(facts, [concept]).filter((r) => r.resourceType === 'Condition');
  return {
    motorNeuronDisease: conditions('motorNeuronDisease'),
    peripheralArteryDisease: conditions('peripheralVascularDisease'),
    polyneuropathy: conditions('polyneuropathy'),
    carpalTunnelSyndrome: conditions('carpalTunnelSyndrome'),
    neuromyotonia: diagnosedNeuromyotonia(facts),
  };
}

function earliest(records: readonly ClinicalRecord[]): Date | undefined {
  let since: Date | undefined;
  for (const r of records) if (r.knownSince && (!since || r.knownSince < since)) since = r.knownSince;
  return since;
}

/** The newest EMG report dated on or after `since` (any EMG report when `since` is unknown). */
function emgSince(facts: PatientFacts, since: Date | undefined): EmgRecord | undefined {
  return facts.emg
    .filter((e) => since === undefined || (e.date !== undefined && e.date >= since))
    .sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
}

/** A plausible ABI measured on or after `since`. */
function abiSince(facts: PatientFacts, since: Date | undefined, ctx: RuleContext): Evidence | undefined {
  return resultsNewestFirst(facts, 'ankleBrachialIndex').find(
    (r) => implausibility(r) === undefined && (since === undefined ? isInWindow(r.effective, ctx) : r.effective !== undefined && r.effective >= since),
  )?.evidence;
}

function courseOf(records: readonly ClinicalRecord[], since: Date | undefined, twitchingSince: Date | undefined, ctx: RuleContext): RedFlagCourse {
  if (records.some((r) => r.progressive)) return 'progressive';
  const cutOff = daysBefore(twitchingSince ?? ctx.now, ctx.redFlagEstablishedDays);
  return since !== undefined && since <= cutOff ? 'established' : 'new';
}

function explanationOf(flag: RedFlag, diagnoses: KnownDiagnoses): ClinicalRecord[] {
  switch (flag.flag) {
    case 'weakness':
    case 'widespread':
      return diagnoses.motorNeuronDisease;
    case 'claudication':
      return diagnoses.peripheralArteryDisease;
    case 'radiculopathy':
      return [];
  }
}

/** The assessment made after the flag began that answers it: an EMG for the neurological flags, the ABI for claudication. */
function answerOf(flag: RedFlag, since: Date | undefined, input: StandingInput): Evidence | undefined {
  if (flag.flag === 'claudication') return abiSince(input.facts, since, input.ctx);
  // A sensory change recorded without a site is a question for the clinician, not answered by a test.
  if (asksOnlyToConfirm(flag)) return undefined;
  return emgSince(input.facts, since)?.evidence;
}

/** The flag in one line, named by its record when it has one: "Sciatica, left side since 2018-09-10, long before the twitching...". */
function flagLine(state: Omit<RedFlagState, 'line'>): string {
  const name = state.records.length === 1 ? state.records[0].evidence.description : state.title;
  const since = state.since ? ` since ${formatDate(state.since)}` : '';
  if (state.explainedBy.length > 0) return `${name}${since}: explained by ${state.explainedBy[0].evidence.description}.`;
  if (state.answeredBy) {
    const { description, value, date } = state.answeredBy;
    return `${name}${since}: assessed after it began (${description}${value ? ` ${value}` : ''}${date ? `, ${formatDate(date)}` : ''}).`;
  }
  if (state.course === 'established') return `${name}${since}, long before the twitching and not recorded as worsening.`;
  return `${name}${since}${state.course === 'progressive' ? ', recorded as worsening' : ''}.`;
}

function flagState(flag: RedFlag, input: StandingInput, diagnoses: KnownDiagnoses): RedFlagState {
  const since = earliest(flag.records);
  const course = courseOf(flag.records, since, input.episode.knownSince, input.ctx);
  const explainedBy = explanationOf(flag, diagnoses);
  const answeredBy = answerOf(flag, since, input);
  const onlyToConfirm = asksOnlyToConfirm(flag);
  // Worsening is urgent whatever was done before, unless motor neuron disease on record explains it
  // (its progression is the disease's, followed by its own team); worsening claudication in known
  // PAD still asks for the pulses and a new ABI. A new flag is urgent until something answers it.
  const explainedByMnd = explainedBy.some((r) => r.concept === 'motorNeuronDisease');
  const urgent = !onlyToConfirm && (course === 'progressive' ? !explainedByMnd : course === 'new' && explainedBy.length === 0 && answeredBy === undefined);
  const regions: Region[] = flag.flag === 'widespread' ? input.episode.widespread.regions.filter((r): r is Region => r !== 'unknown') : [];
  const state = { flag: flag.flag, title: FLAG_TITLE[flag.flag], records: flag.records, since, course, explainedBy, answeredBy, urgent, regions };
  return { ...state, line: flagLine(state) };
}

function branch(
  id: BranchState['id'],
  title: string,
  lines: readonly ApproachLineId[],
  parts: Partial<Omit<BranchState, 'id' | 'title' | 'lines' | 'line'>> & { line?: string },
): BranchState {
  const status = parts.status ?? 'not-started';
  const line =
    parts.line ??
    (status === 'not-started'
      ? `${title}: not started.`
      : `${title}: ${status}${parts.outcome ? ` (${parts.outcome})` : ''}${parts.date ? ` on ${formatDate(parts.date)}` : ''}.`);
  return { id, title, lines, status, indicated: parts.indicated ?? false, evidence: parts.evidence ?? [], ...parts, line };
}

function electrolyteBranches(input: StandingInput): BranchState[] {
  const { facts, ctx, electrolytes } = input;
  const analytes = [
    { id: 'magnesium' as const, title: 'Magnesium', kinds: ['magnesium'] as const },
    { id: 'potassium' as const, title: 'Potassium', kinds: ['potassium'] as const },
    { id: 'calcium' as const, title: 'Calcium', kinds: ['calciumTotal', 'calciumIonized'] as const },
  ];
  return analytes.map(({ id, title, kinds }) => {
    const result = facts.results.find((r) => (kinds as readonly string[]).includes(r.kind) && isInWindow(r.effective, ctx));
    const lines: ApproachLineId[] = ['diagnostic.bmp-with-mg', 'benign.electrolytes'];
    if (!result) {
      const order = orderSince(facts, [id], windowStart(ctx));
      return order
        ? branch(id, title, lines, { status: 'ordered', date: order.date, evidence: [order.evidence], indicated: true })
        : branch(id, title, lines, { indicated: true, next: `Check ${title.toLowerCase()}` });
    }
    const low = electrolytes.find((f) => f.kind === 'electrolyte-low' && (kinds as readonly string[]).includes(f.analyte));
    const unreadable =
      electrolytes.find((f) => f.kind === 'electrolyte-unassessable' && (kinds as readonly string[]).includes(f.analyte)) ??
      (implausibility(result) ? result : undefined);
    const outcome = low ? 'abnormal' : unreadable ? 'unreadable' : 'normal';
    return branch(id, title, lines, {
      status: 'resulted',
      outcome,
      date: result.effective,
      evidence: [result.evidence],
      indicated: true,
      next: low ? `Replete ${title.toLowerCase()} and recheck` : unreadable ? `Repeat ${title.toLowerCase()}` : undefined,
      line: `${title} ${result.evidence.value ?? ''}${result.effective ? ` on ${formatDate(result.effective)}` : ''}: ${outcome === 'abnormal' ? 'low' : outcome}.`.replace(
        '  ',
        ' ',
      ),
    });
  });
}

function neuromuscularBranches(input: StandingInput, diagnoses: KnownDiagnoses, neurologicalFlag: boolean): BranchState[] {
  const { facts, episode, ctx } = input;
  const since = episodeStart(episode, windowStart(ctx));
  const evaluationIndicated = episode.persistenceReasons.length > 0 || neurologicalFlag;
  const report = emgSince(facts, since);
  const order = report ? undefined : orderSince(facts, ['electromyography'], since);
  const explained = diagnoses.motorNeuronDisease.length > 0 || diagnoses.neuromyotonia.length > 0;
  const emgLines: ApproachLineId[] = ['diagnostic.emg-ncs', 'neuro.emg-diagnostic'];
  const emg = explained
    ? branch('emg', 'EMG and nerve conduction studies', emgLines, {
        status: 'diagnosed',
        evidence: [...diagnoses.motorNeuronDisease, ...diagnoses.neuromyotonia].map((r) => r.evidence),
        date: earliest([...diagnoses.motorNeuronDisease, ...diagnoses.neuromyotonia]),
        indicated: evaluationIndicated,
      })
    : report
      ? branch('emg', 'EMG and nerve conduction studies', emgLines, {
          status: 'resulted',
          outcome: report.outcome === 'normal' ? 'normal' : report.outcome === 'unstated' ? 'unreadable' : 'abnormal',
          date: report.date,
          evidence: [report.evidence],
          indicated: evaluationIndicated,
        })
      : order
        ? branch('emg', 'EMG and nerve conduction studies', emgLines, {
            status: 'ordered',
            date: order.date,
            evidence: [order.evidence],
            indicated: evaluationIndicated,
          })
        : branch('emg', 'EMG and nerve conduction studies', emgLines, {
            indicated: evaluationIndicated,
            next: evaluationIndicated ? 'Order EMG with nerve conduction studies' : undefined,
          });
  // The examination is not charted as data: an EMG ordered, reported or made unnecessary by a
  // diagnosis is taken as the clinician having examined the patient.
  const examined = emg.status !== 'not-started';
  const examination = branch('neurological-examination', 'Detailed neurological examination', ['diagnostic.neuro-exam'], {
    status: examined ? 'resulted' : 'not-started',
    indicated: evaluationIndicated,
    next: evaluationIndicated && !examined ? 'Examine strength, reflexes and sensation' : undefined,
    line: examined ? 'Neurological examination: taken as done with the EMG on record.' : undefined,
  });
  const confirmation = emgConfirmation(facts);
  const excluded = report?.outcome === 'normal';
  const neuromyotonia = branch('neuromyotonia', 'Neuromyotonia', ['neuro.emg-diagnostic', 'pitfall.persistent-not-benign'], {
    status: confirmation ? 'diagnosed' : excluded ? 'resulted' : 'not-started',
    outcome: excluded && !confirmation ? 'normal' : undefined,
    evidence: confirmation ? (confirmation.by === 'emg' ? confirmation.evidence : confirmation.diagnosis) : excluded ? [report.evidence] : [],
    indicated: episode.persistent,
    line: confirmation
      ? 'Neuromyotonia: confirmed.'
      : excluded
        ? `Neuromyotonia: excluded by a normal EMG${report.date ? ` on ${formatDate(report.date)}` : ''}.`
        : undefined,
  });
  const lgi1Results = resultsNewestFirst(facts, 'lgi1Antibody');
  const positive = lgi1Results.find((r) => r.reading === 'positive');
  const readable = positive ?? lgi1Results.find((r) => r.reading === 'negative');
  const lgi1Order = facts.orders.find((o) => o.kind === 'lgi1Antibody');
  const lgi1 = branch('lgi1', 'LGI1 antibodies', ['neuro.lgi1-after-emg'], {
    status: readable || lgi1Results.length > 0 ? 'resulted' : lgi1Order ? 'ordered' : 'not-started',
    outcome: positive ? 'abnormal' : readable ? 'normal' : lgi1Results.length > 0 ? 'unreadable' : undefined,
    date: (readable ?? lgi1Results[0])?.effective ?? lgi1Order?.date,
    evidence: [...(readable ? [readable.evidence] : lgi1Results.map((r) => r.evidence)), ...(lgi1Order ? [lgi1Order.evidence] : [])],
    indicated: confirmation !== undefined,
    next: confirmation && !readable && !lgi1Order ? 'Test LGI1 antibodies' : undefined,
  });
  return [examination, emg, neuromyotonia, lgi1];
}

function structuralAndVascularBranches(input: StandingInput): BranchState[] {
  const { facts, episode, ctx, flags } = input;
  const mriOrder = orderSince(facts, ['mriThigh'], episodeStart(episode, windowStart(ctx)));
  const mri = branch('mri-thigh', 'MRI of the thigh', ['diagnostic.mri-thigh'], {
    status: mriOrder ? 'ordered' : 'not-started',
    date: mriOrder?.date,
    evidence: mriOrder ? [mriOrder.evidence] : [],
    indicated: input.mriIndicated,
    next: input.mriIndicated && !mriOrder ? 'Consider MRI of the thigh' : undefined,
  });
  const claudication = flags.some((f) => f.flag === 'claudication');
  const abi = latestAbi(facts, ctx);
  const abiOrder = abi ? undefined : orderSince(facts, ['ankleBrachialIndex'], windowStart(ctx));
  const pulses = branch('pulses-abi', 'Pulses and ankle-brachial index', ['diagnostic.pulses', 'diagnostic.abi'], {
    status: abi ? 'resulted' : abiOrder ? 'ordered' : 'not-started',
    outcome: abi ? (abi.measured?.ok ? (abiBand(abi.measured.value) === 'normal' ? 'normal' : 'abnormal') : 'unreadable') : undefined,
    date: abi?.effective ?? abiOrder?.date,
    evidence: abi ? [abi.evidence] : abiOrder ? [abiOrder.evidence] : [],
    indicated: claudication,
    next: claudication && !abi && !abiOrder ? 'Palpate pulses and obtain an ABI' : undefined,
  });
  return [mri, pulses];
}

function latestAbi(facts: PatientFacts, ctx: RuleContext) {
  return resultsNewestFirst(facts, 'ankleBrachialIndex').find((r) => isInWindow(r.effective, ctx) && implausibility(r) === undefined);
}

/** A non-urgent flag that still asks something of the clinician: long-standing, neither explained nor assessed. */
export function isOpenFlag(flag: RedFlagState): boolean {
  return flag.course === 'established' && flag.explainedBy.length === 0 && flag.answeredBy === undefined;
}

export function deriveStanding(input: StandingInput): Standing & { known: KnownDiagnoses } {
  const { episode } = input;
  const known = knownDiagnoses(input.facts);
  const redFlags = input.flags.map((flag) => flagState(flag, input, known));
  const neurologicalFlag = input.flags.some((f) => NEUROLOGICAL_FLAGS.has(f.flag));
  return {
    twitching: {
      records: episode.twitching,
      side: episode.side,
      since: episode.knownSince,
      onsetKnown: episode.onsetKnown,
      durationDays: episode.durationDays,
      persistent: episode.persistent,
      regions: episode.widespread.regions.length > 0 ? episode.widespread.regions.filter((r): r is Region => r !== 'unknown') : ['lumbosacral'],
    },
    branches: [...electrolyteBranches(input), ...neuromuscularBranches(input, known, neurologicalFlag), ...structuralAndVascularBranches(input)],
    redFlags,
    diagnoses: [...known.motorNeuronDisease, ...known.peripheralArteryDisease, ...known.polyneuropathy, ...known.carpalTunnelSyndrome, ...known.neuromyotonia],
    known,
  };
}
