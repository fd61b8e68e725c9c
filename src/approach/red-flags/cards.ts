/**
 * The urgent card: every red flag recorded with the twitching, and any severe electrolyte
 * deficiency beside them, in one critical card that lists each with its evidence and says what to
 * do first. One flag alone keeps the words clinicians know it by.
 */
import {
  bullets,
  conditionReference,
  join,
  ORDER_EMG,
  ORDER_EMG_SEVERAL_REGIONS,
  ORDERS_UNCHECKED,
  sourceLine,
  symptomWords,
  type CardDefinitions,
  type SuggestionSpec,
} from '../../cards/content';
import { cite, escapeText, evidenceLine, evidenceList, refs, section } from '../../cards/markdown';
import type { Link } from '../../cards/types';
import { refsOf, type ApproachLineId } from '../../knowledge/approach';
import { ELECTROLYTES } from '../../knowledge/catalogue';
import type { RuleSettings } from '../context';
import { HYPOKALEMIA_LINK, lowDetail, recheckSuggestion } from '../electrolytes/cards';
import type { ElectrolyteLow } from '../electrolytes/findings';
import { describeExisting } from '../neuromuscular/cards';
import type { NeurologicalEvaluation } from '../neuromuscular/findings';
import { abiNext, abiReadingLines, abiSuggestion, GUIDELINE_LINK, PITFALL_CLAUDICATION, readingWords } from '../vascular/cards';
import { isOpenFlag } from '../standing/derive';
import type { RedFlag, RedFlagFinding, RedFlagsOnRecord, UrgentAssessment } from './findings';

const FLAG_LINES: Readonly<Record<RedFlag['flag'], readonly [ApproachLineId, ...ApproachLineId[]]>> = {
  weakness: ['red-flag.weakness'],
  widespread: ['red-flag.widespread'],
  claudication: ['red-flag.claudication', 'diagnostic.pulses', 'diagnostic.abi', 'pitfall.claudication-not-twitching'],
  radiculopathy: ['red-flag.radiculopathy'],
};

const FLAG_TITLE: Readonly<Record<RedFlag['flag'], string>> = {
  weakness: 'Weakness or atrophy',
  widespread: 'Fasciculations beyond the hamstring',
  claudication: 'Leg pain with walking, relieved by rest (claudication)',
  radiculopathy: 'Sensory changes radiating down the leg',
};

/** What each flag suggests, in the approach's words: the reason it is urgent. */
const FLAG_MEANING: Readonly<Record<RedFlag['flag'], string>> = {
  weakness: `Progressive weakness or muscle atrophy suggests motor neuron disease or neuropathy ${cite('red-flag.weakness')}.`,
  widespread: `Widespread fasciculations affecting several body regions beyond the hamstring need urgent assessment ${cite('red-flag.widespread')}.`,
  claudication: `Pain with walking that improves with rest can be vascular claudication from peripheral artery disease of the popliteal or tibial arteries ${cite('red-flag.claudication')}.`,
  radiculopathy: `Numbness, tingling or burning radiating down the leg suggests lumbar radiculopathy from nerve root compression ${cite('red-flag.radiculopathy')}.`,
};

function shortWords(flag: RedFlag): string {
  switch (flag.flag) {
    case 'weakness':
      return symptomWords(flag.records);
    case 'widespread':
      return 'fasciculations beyond the thigh';
    case 'claudication':
      return 'claudication';
    case 'radiculopathy':
      return 'radiating sensory change';
  }
}

/** One flag alone: the summary clinicians know it by. */
function singleFlagSummary(flag: RedFlag, settings: RuleSettings): string {
  switch (flag.flag) {
    case 'weakness':
      return `Red flag: twitching with muscle ${symptomWords(flag.records)}: urgent assessment for motor neuron disease or neuropathy`;
    case 'widespread':
      return `Red flag: fasciculations beyond the hamstring (${flag.sites.join(', ')}): urgent assessment`;
    case 'claudication':
      return flag.readings.length > 0
        ? flag.readings.every((r) => r.old)
          ? `Red flag: leg pain with walking relieved by rest suggests claudication: palpate pulses; the ABI is over ${settings.lookbackDays} days old, repeat it`
          : `Red flag: leg pain with walking relieved by rest suggests claudication: palpate pulses; ABI ${readingWords(flag.readings)}`
        : flag.existingAbi
          ? 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses; review the ABI'
          : 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses and obtain an ABI';
    case 'radiculopathy':
      return 'Red flag: sensory changes radiating down the leg suggest lumbar radiculopathy: urgent assessment';
  }
}

function severeWordsShort(low: ElectrolyteLow): string {
  return `severe low ${ELECTROLYTES[low.analyte].label.toLowerCase()}${low.result.evidence.value ? ` (${low.result.evidence.value.slice(0, 20)})` : ''}`;
}

function summary(f: UrgentAssessment, settings: RuleSettings): string {
  if (f.flags.length === 1 && f.severe.length === 0) return singleFlagSummary(f.flags[0], settings);
  const items = [...f.flags.map(shortWords), ...f.severe.map(severeWordsShort)];
  const list = items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  if (f.flags.length === 0) return `Urgent: ${list}: repletion and recheck`;
  return `Red flags with twitching: ${list}: urgent assessment`;
}

/** The steps, most urgent first. */
function firstSteps(f: UrgentAssessment, settings: RuleSettings): string[] {
  const steps: string[] = [];
  for (const low of f.severe) {
    steps.push(
      `Replete ${ELECTROLYTES[low.analyte].label.toLowerCase()} urgently (route and dose per local protocol) and recheck it ${cite('diagnostic.activity-hydration-repletion')}${low.recheck ? ': a recheck is ordered' : ''}.`,
    );
  }
  if (f.flags.some((flag) => flag.flag !== 'claudication')) {
    const existing = f.evaluation?.existing ? describeExisting(f.evaluation.existing) : undefined;
    steps.push(
      `Examine today: strength, reflexes and sensation ${cite('diagnostic.neuro-exam')}; ${
        existing
          ? f.evaluation?.existing?.kind === 'diagnosis'
            ? 'neuromyotonia is already diagnosed'
            : `${existing.words}: read it against these findings`
          : asksAboutMotorNeurons(f)
            ? 'order EMG with nerve conduction studies of several regions (limbs, thoracic paraspinal or bulbar muscles)'
            : 'order EMG with nerve conduction studies of the lower limbs'
      } ${cite('diagnostic.emg-ncs')}.`,
    );
  }
  const claudication = f.flags.find((flag) => flag.flag === 'claudication');
  if (claudication?.flag === 'claudication') {
    const abi =
      claudication.readings.length > 0
        ? `read the ABI on record (${readingWords(claudication.readings)})`
        : claudication.existingAbi
          ? 'an ABI is on record or ordered: review it'
          : 'obtain an ankle-brachial index';
    steps.push(
      `Palpate all lower-extremity pulses (femoral, popliteal, dorsalis pedis, posterior tibial) ${cite('diagnostic.pulses')}; ${abi} ${cite('diagnostic.abi')}.`,
    );
  }
  if (f.evaluation?.reasons.includes('duration') && f.evaluation.durationDays !== undefined) {
    steps.push(
      `Twitching has lasted ${f.evaluation.durationDays} days (over ${settings.persistentAfterDays}): keep neuromyotonia in mind ${cite('pitfall.persistent-not-benign')}.`,
    );
  }
  return steps;
}

function flagSection(flag: RedFlag, settings: RuleSettings): string {
  const evidence = evidenceList(flag.records.map((r) => r.evidence));
  switch (flag.flag) {
    case 'widespread':
      return section(
        FLAG_TITLE.widespread,
        join(`Recorded beyond the hamstring's region: ${flag.sites.map(escapeText).join(', ')} ${cite('red-flag.widespread')}.`, evidence),
      );
    case 'claudication':
      return section(
        FLAG_TITLE.claudication,
        join(
          evidence,
          FLAG_MEANING.claudication,
          flag.readings.length > 0 && `Ankle-brachial index on record:\n\n${abiReadingLines(flag.readings, settings.lookbackDays)}\n\n${abiNext(flag.worst!)}`,
          flag.readings.length === 0 && flag.existingAbi && `Ankle-brachial index on record or ordered:\n\n${evidenceLine(flag.existingAbi)}`,
          !flag.existingAbi && flag.ordersUnavailable && ORDERS_UNCHECKED,
          PITFALL_CLAUDICATION,
        ),
      );
    case 'radiculopathy':
      return section(
        FLAG_TITLE.radiculopathy,
        join(
          evidence,
          flag.records.some((r) => r.concept === 'sensoryChange' && r.bodySites.length === 0) &&
            'A sensory symptom is recorded without a body site: confirm whether it radiates down the leg.',
          FLAG_MEANING.radiculopathy,
        ),
      );
    case 'weakness':
      return section(FLAG_TITLE.weakness, join(evidence, `${FLAG_MEANING.weakness} Establish whether it is progressive.`));
  }
}

function severeSection(low: ElectrolyteLow): string {
  return section(`Severe low ${ELECTROLYTES[low.analyte].label.toLowerCase()}`, lowDetail(low).replace(/^\*\*Why\*\*\n\n/, ''));
}

function evaluationSection(evaluation: NeurologicalEvaluation, flags: readonly RedFlag[]): string | undefined {
  const existing = evaluation.existing ? describeExisting(evaluation.existing) : undefined;
  // A record a flag already lists is not listed again.
  const listed = new Set(flags.flatMap((flag) => flag.records.map((r) => r.evidence.reference)));
  const twitching = evaluation.twitching.filter((r) => !listed.has(r.evidence.reference));
  return join(
    twitching.length > 0 && section('The twitching', evidenceList(twitching.map((r) => r.evidence))),
    existing && section('Already on record', evidenceLine(existing.evidence)),
    !existing && evaluation.ordersUnavailable && ORDERS_UNCHECKED,
  );
}

function lines(f: UrgentAssessment): [ApproachLineId, ...ApproachLineId[]] {
  const ids: ApproachLineId[] = [
    ...f.flags.flatMap((flag) => FLAG_LINES[flag.flag]),
    ...(f.severe.length > 0 ? (['benign.electrolytes', 'diagnostic.activity-hydration-repletion'] as const) : []),
    ...(f.evaluation ? (['diagnostic.neuro-exam', 'diagnostic.emg-ncs'] as const) : []),
    ...(f.evaluation?.reasons.includes('duration') ? (['pitfall.persistent-not-benign'] as const) : []),
  ];
  const unique = [...new Set(ids)];
  return [unique[0], ...unique.slice(1)];
}

/** Weakness, atrophy or fasciculations beyond the hamstring's region: the EMG answers a motor neuron disease question. */
function asksAboutMotorNeurons(f: UrgentAssessment): boolean {
  return f.flags.some((flag) => flag.flag === 'weakness' || flag.flag === 'widespread');
}

function suggestions(f: UrgentAssessment): SuggestionSpec[] {
  const claudication = f.flags.find((flag) => flag.flag === 'claudication');
  return [
    ...f.severe.flatMap((low) => recheckSuggestion(low) ?? []),
    ...(f.evaluation && !f.evaluation.existing ? [asksAboutMotorNeurons(f) ? ORDER_EMG_SEVERAL_REGIONS : ORDER_EMG] : []),
    ...(claudication?.flag === 'claudication' ? (abiSuggestion(claudication.existingAbi) ?? []) : []),
  ];
}

function links(f: UrgentAssessment): Link[] | undefined {
  const all = [
    ...(f.flags.some((flag) => flag.flag === 'claudication') ? [GUIDELINE_LINK] : []),
    ...(f.severe.some((low) => low.analyte === 'potassium') ? [HYPOKALEMIA_LINK] : []),
  ];
  return all.length > 0 ? all : undefined;
}

function onRecordSummary(f: RedFlagsOnRecord): string {
  const open = f.flags.filter(isOpenFlag);
  if (open.length > 0) {
    const names = open.map((flag) => flag.records[0].evidence.description.replace(/ \([^)]*\)$/, '')).join(' and ');
    return `Long-standing ${names}, not recorded as worsening: not urgent; ask whether it has changed`.slice(0, 140);
  }
  if (f.toConfirm.length > 0) return 'Numbness or tingling recorded without a site: ask whether it radiates down the leg (a red flag if it does)';
  if (f.flags.length === 1) return `${f.flags[0].line.replace(/\.$/, '')}: not urgent`.slice(0, 140);
  return 'Red flags on record are explained or already assessed: not urgent';
}

const ON_RECORD_LINES = ['red-flag.weakness', 'red-flag.widespread', 'red-flag.claudication', 'red-flag.radiculopathy'] as const;

export const RED_FLAG_CARDS: CardDefinitions<RedFlagFinding> = {
  'red-flags-on-record': {
    title: 'Red flags on record, not urgent now',
    lines: [...ON_RECORD_LINES],
    render: (f) => {
      const open = f.flags.some(isOpenFlag) || f.toConfirm.length > 0;
      const cardLines = [
        ...new Set([
          ...f.flags.map((flag) => `red-flag.${flag.flag}` as ApproachLineId),
          ...(f.toConfirm.length > 0 ? (['red-flag.radiculopathy'] as const) : []),
        ]),
      ];
      return {
        summary: onRecordSummary(f),
        indicator: open ? 'warning' : 'info',
        topic: 'red-flag',
        detail: join(
          bullets(f.flags.map((flag) => escapeText(flag.line))),
          f.toConfirm.length > 0 && evidenceList(f.toConfirm.map((r) => r.evidence)),
          open && `New or worsening, it is urgent ${refs(refsOf(cardLines))}.`,
        ),
        lines: cardLines.length > 0 ? [cardLines[0], ...cardLines.slice(1)] : undefined,
      };
    },
  },

  'urgent-assessment': {
    title: 'Red flags and severe deficiencies: urgent assessment',
    // One urgent card gathers every reason: the ledger keeps which, so a committee sees which flag is overridden.
    flags: (finding) => [...finding.flags.map((f) => f.flag), ...finding.severe.map((low) => `severe-${low.analyte}`)],
    lines: [
      'red-flag.weakness',
      'red-flag.widespread',
      'red-flag.claudication',
      'red-flag.radiculopathy',
      'diagnostic.pulses',
      'diagnostic.abi',
      'pitfall.claudication-not-twitching',
      'benign.electrolytes',
      'diagnostic.activity-hydration-repletion',
      'diagnostic.neuro-exam',
      'diagnostic.emg-ncs',
      'pitfall.persistent-not-benign',
    ],
    render: (f, settings) => {
      const cardLines = lines(f);
      return {
        summary: summary(f, settings),
        indicator: 'critical',
        topic: f.flags.length > 0 ? 'red-flag' : 'electrolytes',
        detail: join(
          section(
            'First',
            firstSteps(f, settings)
              .map((step, i) => `${i + 1}. ${step}`)
              .join('\n'),
          ),
          ...f.flags.map((flag) => flagSection(flag, settings)),
          ...f.severe.map(severeSection),
          f.evaluation && evaluationSection(f.evaluation, f.flags),
          f.onRecord && f.onRecord.length > 0 && section('On record, not urgent now', bullets(f.onRecord.map((flag) => escapeText(flag.line)))),
          sourceLine([...refsOf(cardLines)].sort((a, b) => a - b)),
        ),
        suggestions: suggestions(f),
        links: links(f),
        reasonReference: f.evaluation ? conditionReference(f.evaluation.twitching) : undefined,
        lines: cardLines,
      };
    },
  },
};
