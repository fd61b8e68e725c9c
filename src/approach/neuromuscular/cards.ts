/** Cards of the neuromuscular family: neurological evaluation with EMG, LGI1 testing and results, LGI1 drafted too early. */
import { bullets, conditionReference, join, ORDER_EMG, ORDERS_UNCHECKED, removeDraft, sourceOf, symptomWords, type CardDefinitions } from '../../cards/content';
import { evidenceLine, evidenceList, cite, section } from '../../cards/markdown';
import { formatDate } from '../../fhir/dates';
import type { Link } from '../../cards/types';
import { CASPR2_LGI1_SOURCE } from '../../knowledge/sources';
import type { Evidence } from '../../facts/types';
import type { ExistingEmg, NeuromuscularFinding } from './findings';
import type { EmgStanding } from './orders';

export const PITFALL_PERSISTENT =
  'Pitfall: persistent fasciculations are not benign until neuromyotonia is excluded; it is treatable ' + cite('pitfall.persistent-not-benign') + '.';

export function describeExisting(existing: ExistingEmg): { words: string; evidence: Evidence } {
  if (existing.kind === 'diagnosis') return { words: 'neuromyotonia already diagnosed', evidence: existing.diagnosis.evidence };
  if (existing.kind === 'emg') {
    return { words: `EMG reported${existing.emg.date ? ` ${formatDate(existing.emg.date)}` : ''}`, evidence: existing.emg.evidence };
  }
  const { order } = existing;
  const verb = order.resourceType === 'Procedure' ? 'done' : order.status === 'completed' ? 'completed' : 'ordered';
  return { words: `EMG/NCS ${verb}${order.date ? ` ${formatDate(order.date)}` : ''}`, evidence: order.evidence };
}

/** Where EMG stands, as one bullet of a card about another order. */
export function emgWords(emg: EmgStanding, durationDays: number | undefined, persistentAfterDays: number): string {
  switch (emg.status) {
    case 'on-record':
      return `EMG with nerve conduction studies is already on record or drafted: ${evidenceLine(emg.evidence).slice(2)} ${cite('diagnostic.emg-ncs')}.`;
    case 'indicated':
      return `${emg.reasons.includes('duration') && durationDays !== undefined ? `Twitching has lasted ${durationDays} days (over ${persistentAfterDays})` : 'Twitching comes with other symptoms'}: order EMG with nerve conduction studies ${cite('diagnostic.emg-ncs')}.`;
    case 'not-yet-indicated':
      return `If twitching persists beyond ${persistentAfterDays} days (the approach: 2-4 weeks) or other symptoms appear, order EMG with nerve conduction studies ${cite('diagnostic.emg-ncs')}.`;
  }
}

/**
 * Sources: Irani & Vincent, "Voltage-gated potassium channel-complex autoimmunity and associated
 * clinical syndromes", Handb Clin Neurol 2016;133 (peripheral nerve hyperexcitability goes most
 * often with CASPR2 antibodies); Vincent et al., JAMA Neurol 2018;75(12):1519-27 (acquired
 * neuromyotonia: LGI1, CASPR2 and contactin-2 antibodies in 45% of 38 patients); reference
 * laboratories' test directories list LGI1 and CASPR2 IgG as one test (ARUP 2009460) or in one
 * evaluation (Mayo Clinic Laboratories).
 */
const CASPR2_NOTE =
  'Isaacs neuromyotonia is more often CASPR2- than LGI1-positive: order the LGI1/CASPR2 panel where offered; a negative LGI1 does not exclude an autoimmune cause.';

const CASPR2_LINK: Link = {
  label: CASPR2_LGI1_SOURCE.short,
  url: CASPR2_LGI1_SOURCE.url,
  type: 'absolute',
};

const LGI1_DRAFT_SUMMARY = {
  none: 'LGI1 antibodies follow EMG-confirmed neuromyotonia, and no EMG is on record: order EMG with nerve conduction studies first',
  pending: 'LGI1 antibodies follow EMG-confirmed neuromyotonia: the EMG ordered has no findings on record yet',
  'not-confirming': 'LGI1 antibodies follow EMG-confirmed neuromyotonia; the EMG on record does not report neuromyotonia',
} as const;

export const NEUROMUSCULAR_CARDS: CardDefinitions<NeuromuscularFinding> = {
  'neurological-evaluation': {
    title: 'Neurological evaluation with EMG',
    lines: [
      'diagnostic.emg-ncs',
      'diagnostic.neuro-exam',
      'neuro.pnh-syndromes',
      'neuro.pnh-presentation',
      'neuro.emg-diagnostic',
      'pitfall.persistent-not-benign',
    ],
    render: (f, settings) => {
      const duration =
        f.reasons.includes('duration') && f.durationDays !== undefined ? ` for ${f.durationDays} days (over ${settings.persistentAfterDays})` : '';
      const symptoms = f.reasons.includes('symptoms') ? ` with ${f.symptoms.length > 0 ? symptomWords(f.symptoms, 2) : 'fasciculations beyond the thigh'}` : '';
      const existing = f.existing ? describeExisting(f.existing) : undefined;
      const action = existing ? `detailed neurological exam; ${existing.words}` : 'detailed neurological exam and EMG with nerve conduction studies';
      return {
        summary: `Twitching${duration}${symptoms}: ${action}`,
        indicator: 'warning',
        topic: 'neurological-evaluation',
        detail: join(
          section(
            'Why',
            join(
              f.reasons.includes('duration') &&
                `Twitching has been recorded for ${f.durationDays} days, beyond the ${settings.persistentAfterDays}-day threshold for persistent twitching (the approach: more than 2-4 weeks).`,
              f.reasons.includes('symptoms') && 'Twitching is accompanied by other symptoms.',
              evidenceList([...f.twitching, ...f.symptoms].map((r) => r.evidence)),
            ),
          ),
          existing &&
            section(
              'Already on record',
              `${evidenceLine(existing.evidence)}\n\n${f.existing?.kind === 'diagnosis' ? 'Neuromyotonia is diagnosed: no EMG is suggested to establish it again.' : 'No new EMG order is suggested.'}`,
            ),
          !existing && f.ordersUnavailable && ORDERS_UNCHECKED,
          `Examine for weakness, reflex changes and sensory deficits; EMG/NCS looks for nerve hyperexcitability or neuropathy, and shows neuromyotonic discharges ${cite('diagnostic.neuro-exam', 'diagnostic.emg-ncs', 'neuro.emg-diagnostic')}.`,
          f.reasons.includes('duration') && PITFALL_PERSISTENT,
          sourceOf('diagnostic.neuro-exam', 'diagnostic.emg-ncs', 'neuro.emg-diagnostic'),
        ),
        suggestions: existing ? undefined : [ORDER_EMG],
        reasonReference: conditionReference(f.twitching),
      };
    },
  },

  'lgi1-testing': {
    title: 'LGI1 antibody testing',
    lines: ['neuro.lgi1-after-emg', 'neuro.pnh-syndromes', 'neuro.emg-diagnostic', 'pitfall.persistent-not-benign'],
    render: (f) => {
      const { confirmation } = f;
      const byDiagnosis = confirmation.by === 'diagnosis';
      return {
        summary: `${byDiagnosis ? 'Neuromyotonia on the problem list' : 'EMG-confirmed neuromyotonia'} without an LGI1 antibody result: test LGI1 (autoimmune, responds to immunotherapy)`,
        indicator: 'warning',
        topic: 'nerve-hyperexcitability',
        detail: join(
          section(
            'Why',
            byDiagnosis
              ? join(
                  evidenceList(confirmation.diagnosis),
                  confirmation.emgReport
                    ? `The EMG confirmation is taken from this diagnosis. EMG report on record:\n\n${evidenceLine(confirmation.emgReport)}`
                    : 'The EMG confirmation is taken from this diagnosis; no EMG report is on record.',
                )
              : evidenceList(confirmation.evidence),
          ),
          f.unreadable.length > 0
            ? section(
                'LGI1 result on record that cannot be read',
                `${evidenceList(f.unreadable.map((r) => r.evidence))}\n\nIt says neither positive nor negative: confirm it with the laboratory, or repeat the test.`,
              )
            : 'No LGI1 antibody result or order is on record.',
          `Test LGI1 once EMG confirms neuromyotonia: the autoimmune form responds to immunotherapy ${cite('neuro.lgi1-after-emg')}.`,
          CASPR2_NOTE,
          sourceOf('neuro.lgi1-after-emg'),
        ),
        suggestions: [{ label: 'Order LGI1 antibody (serum)', order: 'lgi1Antibody', recommended: true }],
        links: [CASPR2_LINK],
      };
    },
  },

  'lgi1-unreadable': {
    title: 'LGI1 antibody result not assessable',
    lines: ['neuro.lgi1-after-emg'],
    render: (f) => ({
      summary: `LGI1 antibody result${f.results[0].effective ? ` of ${formatDate(f.results[0].effective)}` : ''} cannot be read as positive or negative: confirm with the laboratory`,
      indicator: 'info',
      topic: 'nerve-hyperexcitability',
      detail: join(
        section('Why', evidenceList(f.results.map((r) => r.evidence))),
        'The result is neither coded, flagged nor written as positive (detected, reactive) or negative (not detected, non-reactive), so this service does not read it either way. An unread result is not a negative one.',
        section(
          'The approach',
          bullets([
            `LGI1 antibody testing follows EMG-confirmed neuromyotonia: the autoimmune form responds to immunotherapy ${cite('neuro.lgi1-after-emg')}.`,
          ]),
        ),
        sourceOf('neuro.lgi1-after-emg'),
      ),
    }),
  },

  'lgi1-positive': {
    title: 'LGI1 antibody positive',
    lines: ['neuro.lgi1-after-emg', 'pitfall.persistent-not-benign'],
    render: (f) => ({
      summary: `LGI1 antibody positive${f.result.effective ? ` (${formatDate(f.result.effective)})` : ''}: autoimmune nerve hyperexcitability, treatable with immunotherapy`,
      indicator: 'warning',
      topic: 'nerve-hyperexcitability',
      detail: join(
        section('Why', evidenceLine(f.result.evidence)),
        section(
          'The approach',
          bullets([
            `An LGI1 antibody points to an autoimmune peripheral nerve hyperexcitability syndrome, which responds to immunotherapy ${cite('neuro.lgi1-after-emg')}.`,
            `These syndromes are treatable with immunotherapy or anticonvulsants ${cite('pitfall.persistent-not-benign')}: arrange neurological care.`,
          ]),
        ),
        sourceOf('neuro.lgi1-after-emg'),
      ),
    }),
  },

  'order-lgi1-without-confirmation': {
    title: 'LGI1 antibody before EMG confirmation',
    lines: ['neuro.lgi1-after-emg', 'neuro.emg-diagnostic'],
    render: (f) => ({
      summary: LGI1_DRAFT_SUMMARY[f.emg.status],
      indicator: 'warning',
      topic: 'nerve-hyperexcitability',
      detail: join(
        section('The draft', evidenceLine(f.draft.evidence)),
        f.emg.status === 'not-confirming' &&
          section(
            'EMG on record',
            `${evidenceLine(f.emg.evidence)}\n\nIts findings are not coded as neuromyotonia. If the report describes neuromyotonic discharges, the LGI1 test is in line with the approach.`,
          ),
        f.emg.status === 'pending' && section('EMG ordered', `${evidenceLine(f.emg.evidence)}\n\nTest LGI1 once it confirms neuromyotonia.`),
        f.emg.status === 'none' && f.ordersUnavailable && ORDERS_UNCHECKED,
        section(
          'The approach',
          bullets([
            `EMG is diagnostic of neuromyotonia, showing neuromyotonic discharges ${cite('neuro.emg-diagnostic')}.`,
            `Test LGI1 antibodies if EMG confirms neuromyotonia: the autoimmune form responds to immunotherapy ${cite('neuro.lgi1-after-emg')}.`,
          ]),
        ),
        'LGI1 antibodies are also tested for autoimmune encephalitis; if that is the question, this card does not apply.',
        sourceOf('neuro.lgi1-after-emg'),
      ),
      suggestions: [...(f.emg.status === 'none' ? [ORDER_EMG] : []), ...removeDraft(f.draft.resourceId, 'Remove the LGI1 antibody draft')],
      overrideReasons: [
        { code: 'emg-shows-neuromyotonia', display: 'The EMG report describes neuromyotonic discharges' },
        { code: 'other-indication', display: 'Ordered for another question (autoimmune encephalitis)' },
      ],
    }),
  },
};
