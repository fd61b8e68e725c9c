/** Cards of the vascular family: claudication (a red flag), the ABI read against its bands, EMG drafted for claudication. */
import { bullets, join, ORDERS_UNCHECKED, sourceOf, type CardDefinitions, type SuggestionSpec } from '../../cards/content';
import { evidenceLine, evidenceList, cite, section } from '../../cards/markdown';
import type { Indicator, Link } from '../../cards/types';
import type { Evidence } from '../../facts/types';
import { ABI_BANDS, ABI_GUIDELINE_URL, ABI_SOURCE, type AbiBand } from '../../knowledge/thresholds';
import type { AbiReading, VascularFinding } from './findings';

export const GUIDELINE_LINK: Link = { label: 'AHA/ACC 2016 guideline: lower-extremity PAD', url: ABI_GUIDELINE_URL, type: 'absolute' };

export const PITFALL_CLAUDICATION =
  'Pitfall: claudication is aching at a consistent walking distance that eases with rest, not twitching at rest ' +
  cite('pitfall.claudication-not-twitching') +
  '.';

/** What the approach asks when walking brings on leg pain that rest relieves, its pitfall, the citation. */
export const CLAUDICATION_ADVICE = join(
  section(
    'The approach',
    bullets([
      `Pain with walking that improves with rest can be vascular claudication from peripheral artery disease of the popliteal or tibial arteries ${cite('red-flag.claudication')}.`,
      `Palpate all lower-extremity pulses: femoral, popliteal, dorsalis pedis and posterior tibial ${cite('diagnostic.pulses')}.`,
      `Obtain an ankle-brachial index to screen for peripheral artery disease ${cite('diagnostic.abi')}.`,
    ]),
  ),
  section('Pitfall', PITFALL_CLAUDICATION),
  sourceOf('red-flag.claudication', 'diagnostic.pulses', 'diagnostic.abi', 'pitfall.claudication-not-twitching'),
);

/** An ABI to order, unless one is on record (or drafted). */
export function abiSuggestion(existingAbi: Evidence | undefined): SuggestionSpec[] | undefined {
  return existingAbi ? undefined : [{ label: 'Order ankle-brachial index', order: 'ankleBrachialIndex', recommended: true }];
}

const ABI_NEXT: Readonly<Record<AbiBand, string>> = {
  abnormal: 'Consistent with peripheral artery disease: leg pain with walking may be vascular claudication rather than twitching; assess and manage as PAD',
  borderline: 'Borderline: PAD is not excluded. If leg symptoms come with exertion, the guideline suggests an exercise ABI',
  normal: 'Normal at rest. If leg symptoms come with exertion, the guideline suggests an exercise ABI to unmask PAD',
  noncompressible: 'Noncompressible arteries: the ABI cannot exclude PAD; the guideline suggests a toe-brachial index as the next test',
};

const ABI_INDICATOR: Readonly<Record<AbiBand, Indicator>> = { abnormal: 'warning', noncompressible: 'warning', borderline: 'info', normal: 'info' };

const bandMeaning = (band: AbiBand) => ABI_BANDS.find((b) => b.band === band)!.meaning;

/** "left 0.82 abnormal, right 1.05 normal": each side's reading to 2 decimals, as the guideline reports it. */
export function readingWords(readings: readonly AbiReading[]): string {
  const allOld = readings.every((r) => r.old);
  return readings
    .map((r) => `${r.result.side ? `${r.result.side} ` : ''}${r.value.toFixed(2)}${readings.length > 1 ? ` ${r.band}` : ''}${r.old && !allOld ? ' (old)' : ''}`)
    .join(', ');
}

/** Each reading as a line a clinician can check, with its band; old ones say so. */
export function abiReadingLines(readings: readonly AbiReading[], lookbackDays: number): string {
  return readings
    .map(
      (r) =>
        `${evidenceLine(r.result.evidence)}: ${bandMeaning(r.band)}.${r.old ? ` Older than ${lookbackDays} days: repeat it if the symptoms have changed.` : ''}`,
    )
    .join('\n');
}

/** What the worst reading means and what the guideline does next. */
export function abiNext(worst: AbiBand): string {
  return `${ABI_NEXT[worst]} (${ABI_SOURCE}).`;
}

export const VASCULAR_CARDS: CardDefinitions<VascularFinding> = {
  'abi-result': {
    title: 'Ankle-brachial index result',
    lines: ['diagnostic.abi', 'pitfall.claudication-not-twitching'],
    render: (f, settings) => {
      const allOld = f.readings.every((r) => r.old);
      return {
        summary: `ABI ${readingWords(f.readings)}: ${f.worst === 'abnormal' ? 'consistent with peripheral artery disease' : bandMeaning(f.worst)}${allOld ? `; over ${settings.lookbackDays} days old, repeat` : ''}`,
        indicator: ABI_INDICATOR[f.worst],
        topic: 'vascular',
        detail: join(
          section('Why', abiReadingLines(f.readings, settings.lookbackDays)),
          `${ABI_NEXT[f.worst]} (${ABI_SOURCE}) ${cite('diagnostic.abi')}.`,
          PITFALL_CLAUDICATION,
          sourceOf('diagnostic.abi', 'pitfall.claudication-not-twitching'),
        ),
        links: [GUIDELINE_LINK],
      };
    },
  },

  'order-emg-claudication': {
    title: 'EMG drafted with claudication on record',
    lines: ['pitfall.claudication-not-twitching', 'diagnostic.pulses', 'diagnostic.abi', 'red-flag.claudication'],
    render: (f) => ({
      summary: f.emgIndicated
        ? 'EMG fits the twitching, but the recorded claudication needs pulses and an ankle-brachial index too'
        : f.existingAbi
          ? 'EMG for leg pain with walking relieved by rest? That is claudication, not twitching: palpate pulses, review the ABI'
          : 'EMG for leg pain with walking relieved by rest? That is claudication, not twitching: palpate pulses, obtain an ABI',
      indicator: f.emgIndicated ? 'info' : 'warning',
      topic: 'vascular',
      detail: join(
        section('The draft', evidenceLine(f.draft.evidence)),
        section('Claudication on record', evidenceList(f.claudication.map((r) => r.evidence))),
        f.emgIndicated &&
          'The twitching is persistent or comes with other symptoms, so the EMG has its own indication; the claudication is a separate question.',
        f.existingAbi && section('Ankle-brachial index on record or drafted', evidenceLine(f.existingAbi)),
        !f.existingAbi && f.ordersUnavailable && ORDERS_UNCHECKED,
        CLAUDICATION_ADVICE,
      ),
      suggestions: abiSuggestion(f.existingAbi),
      links: [GUIDELINE_LINK],
    }),
  },
};
