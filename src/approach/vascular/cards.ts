/** Cards of the vascular family: claudication (a red flag), the ABI read against its bands, EMG drafted for claudication. */
import { bullets, join, ORDERS_UNCHECKED, sourceLine, type CardDefinitions, type SuggestionSpec } from '../../cards/content';
import { escapeText, evidenceLine, evidenceList, refs, section } from '../../cards/markdown';
import type { Indicator, Link } from '../../cards/types';
import type { Evidence } from '../../facts/types';
import { ABI_BANDS, ABI_GUIDELINE_URL, ABI_SOURCE, type AbiBand } from '../../knowledge/thresholds';
import type { VascularFinding } from './findings';

const GUIDELINE_LINK: Link = { label: 'AHA/ACC 2016 guideline: lower-extremity PAD', url: ABI_GUIDELINE_URL, type: 'absolute' };

const PITFALL_CLAUDICATION =
  'Do not confuse twitching with vascular claudication: claudication is cramping or aching that comes on at a consistent walking distance and eases with rest, not spontaneous twitching at rest ' +
  refs([6, 7]) +
  '.';

/** What the approach asks when walking brings on leg pain that rest relieves, its pitfall, the citation. */
const CLAUDICATION_ADVICE = join(
  section(
    'What the approach recommends',
    bullets([
      `Pain with walking that improves with rest can be vascular claudication from peripheral artery disease of the popliteal or tibial arteries ${refs([6, 7])}.`,
      `Palpate all lower-extremity pulses: femoral, popliteal, dorsalis pedis and posterior tibial ${refs([6])}.`,
      `Obtain an ankle-brachial index to screen for peripheral artery disease ${refs([6, 7])}.`,
    ]),
  ),
  section('Pitfall', PITFALL_CLAUDICATION),
  sourceLine([6, 7]),
);

/** An ABI to order, unless one is on record (or drafted). */
function abiSuggestion(existingAbi: Evidence | undefined): SuggestionSpec[] | undefined {
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

export const VASCULAR_CARDS: CardDefinitions<VascularFinding> = {
  'red-flag-claudication': {
    title: 'Red flag: claudication',
    lines: ['red-flag.claudication', 'diagnostic.pulses', 'diagnostic.abi', 'pitfall.claudication-not-twitching'],
    render: (f) => ({
      summary: f.existingAbi
        ? 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses; review the ABI'
        : 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses and obtain an ABI',
      indicator: 'critical',
      topic: 'vascular',
      detail: join(
        section('Why this card', evidenceList(f.records.map((r) => r.evidence))),
        f.existingAbi && section('Ankle-brachial index already on record', evidenceLine(f.existingAbi)),
        !f.existingAbi && f.ordersUnavailable && ORDERS_UNCHECKED,
        CLAUDICATION_ADVICE,
      ),
      suggestions: abiSuggestion(f.existingAbi),
      links: [GUIDELINE_LINK],
    }),
  },

  'abi-result': {
    title: 'Ankle-brachial index result',
    lines: ['diagnostic.abi', 'pitfall.claudication-not-twitching'],
    render: (f, settings) => {
      const allOld = f.readings.length > 0 && f.readings.every((r) => r.old);
      const oldMark = (old: boolean) => (old && !allOld ? ' (old)' : '');
      // The guideline reports an ABI to 2 decimals.
      const readingWords = f.readings.map(
        (r) => `${r.result.side ? `${r.result.side} ` : ''}${r.value.toFixed(2)}${f.readings.length > 1 ? ` ${r.band}` : ''}${oldMark(r.old)}`,
      );
      const summary =
        f.readings.length === 0
          ? 'Ankle-brachial index on record could not be interpreted: check the value and unit'
          : `ABI ${readingWords.join(', ')}: ${f.worst === 'abnormal' ? 'consistent with peripheral artery disease' : bandMeaning(f.worst)}${allOld ? `; over ${settings.lookbackDays} days old, repeat` : ''}`;
      return {
        summary,
        indicator: f.readings.length === 0 ? 'info' : ABI_INDICATOR[f.worst],
        topic: 'vascular',
        detail: join(
          section(
            'Why this card',
            f.readings
              .map(
                (r) =>
                  `${evidenceLine(r.result.evidence)}: ${bandMeaning(r.band)}.${r.old ? ` Older than ${settings.lookbackDays} days: repeat it if the symptoms have changed.` : ''}`,
              )
              .concat(f.unassessable.map((u) => `${evidenceLine(u.result.evidence)}: not interpreted, ${escapeText(u.reason)}.`))
              .join('\n'),
          ),
          f.readings.length > 0 && section('What follows', `${ABI_NEXT[f.worst]} (${ABI_SOURCE}).`),
          section(
            'What the approach recommends',
            bullets([`The ankle-brachial index screens for peripheral artery disease when leg pain comes with walking and eases with rest ${refs([6, 7])}.`, PITFALL_CLAUDICATION]),
          ),
          sourceLine([6, 7]),
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
        f.emgIndicated && 'The twitching is persistent or comes with other symptoms, so the EMG has its own indication; the claudication is a separate question.',
        f.existingAbi && section('Ankle-brachial index on record or drafted', evidenceLine(f.existingAbi)),
        !f.existingAbi && f.ordersUnavailable && ORDERS_UNCHECKED,
        CLAUDICATION_ADVICE,
      ),
      suggestions: abiSuggestion(f.existingAbi),
      links: [GUIDELINE_LINK],
    }),
  },
};
