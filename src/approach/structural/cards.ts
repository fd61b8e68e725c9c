/** Cards of the structural family: MRI of the thigh, and MRI drafted without its indication. */
import { allOf, bullets, join, ORDER_EMG, ORDERS_UNCHECKED, removeDraft, sourceOf, type CardDefinitions, type SuggestionSpec } from '../../cards/content';
import { evidenceLine, evidenceList, cite, section } from '../../cards/markdown';
import { ASKED_ELECTROLYTES_HEAD } from '../electrolytes/cards';
import { emgWords } from '../neuromuscular/cards';
import type { StructuralFinding } from './findings';

const PITFALL_TENDON =
  'Pitfall: a tendon injury, unlike a muscle one, needs longer rehabilitation and recurs more often ' + cite('pitfall.tendon-not-muscle') + '.';

export const STRUCTURAL_CARDS: CardDefinitions<StructuralFinding> = {
  'mri-thigh': {
    title: 'MRI of the thigh',
    lines: ['diagnostic.mri-thigh', 'structural.intramuscular-tendon', 'structural.mri-after-pain-or-injury', 'pitfall.tendon-not-muscle'],
    render: (f) => {
      const why = [f.pain.length > 0 && 'thigh pain', f.injuries.length > 0 && 'prior hamstring strain or injury'].filter(Boolean).join(' and ');
      const sideWords = f.side === 'left' || f.side === 'right' ? ` ${f.side}` : '';
      return {
        summary: `Twitching with ${why}: consider MRI of the${sideWords} thigh for intramuscular tendon injury`,
        indicator: 'info',
        topic: 'structural',
        detail: join(
          section('Why', evidenceList([...f.pain, ...f.injuries].map((r) => r.evidence))),
          f.otherSide.length > 0 &&
            section(
              'The other thigh',
              `${evidenceList(f.otherSide.map((r) => r.evidence))}\n\nRecorded for the other thigh than the twitching one: not an indication for this MRI.`,
            ),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          section(
            'The approach',
            bullets([
              `Intramuscular tendon injury (biceps femoris) can feel like twitching, especially after a strain; MRI shows it ${cite('structural.intramuscular-tendon')}.`,
            ]),
          ),
          PITFALL_TENDON,
          sourceOf('structural.intramuscular-tendon', 'pitfall.tendon-not-muscle'),
        ),
        suggestions: [{ label: `Order MRI of the${sideWords} thigh`, order: 'mriThigh', side: f.side, recommended: true }],
      };
    },
  },

  'order-mri-without-indication': {
    title: 'MRI of the thigh without indication',
    lines: ['diagnostic.mri-thigh', 'diagnostic.bmp-with-mg', 'diagnostic.emg-ncs', 'pitfall.tendon-not-muscle'],
    render: (f, settings) => {
      const electrolytes = allOf(f.electrolytes);
      const first = [f.electrolytes.length > 0 && `check ${electrolytes}`, f.emg.status === 'indicated' && 'EMG/NCS'].filter(
        (w): w is string => typeof w === 'string',
      );
      return {
        summary: `MRI of the thigh without thigh pain or a recent hamstring strain on record${first.length > 0 ? `: ${first.join(', then ')} first` : ': not yet indicated by the approach'}`,
        indicator: 'warning',
        topic: 'structural',
        detail: join(
          section(
            'Why',
            `${evidenceLine(f.draft.evidence)}\n\nThe approach considers MRI of the thigh when twitching comes with localized pain or a history of muscle strain ${cite('diagnostic.mri-thigh')}; for recent, isolated twitching, after a recent strain or injury. No such indication is recorded for the twitching thigh, and the draft gives none as its reason. If the patient has one, record it (or give it as the order's reason): the MRI is then in line with the approach.`,
          ),
          f.notIndications.length > 0 &&
            section(
              'On record, but not an indication here',
              `${evidenceList(f.notIndications.map((r) => r.evidence))}\n\nA strain of the other thigh does not explain this twitching; an older strain counts when twitching persists or comes with other symptoms.`,
            ),
          section(
            'What comes first',
            bullets([
              f.electrolytes.length > 0
                ? `Check ${electrolytes}: no result or order in the last ${settings.lookbackDays} days ${cite('diagnostic.bmp-with-mg')}.`
                : `${ASKED_ELECTROLYTES_HEAD} are checked or ordered ${cite('diagnostic.bmp-with-mg')}.`,
              emgWords(f.emg, f.durationDays, settings.persistentAfterDays),
            ]),
          ),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          PITFALL_TENDON,
          sourceOf('diagnostic.mri-thigh', 'diagnostic.bmp-with-mg', 'diagnostic.emg-ncs', 'pitfall.tendon-not-muscle'),
        ),
        suggestions: [
          ...f.electrolytes.map((analyte): SuggestionSpec => ({ label: `Order serum ${analyte}`, order: analyte, recommended: true })),
          ...(f.emg.status === 'indicated' ? [ORDER_EMG] : []),
          ...removeDraft(f.draft.resourceId, 'Remove the MRI draft'),
        ],
        overrideReasons: [{ code: 'indication-not-recorded', display: 'Localized thigh pain or a hamstring strain is present but not recorded' }],
      };
    },
  },
};
