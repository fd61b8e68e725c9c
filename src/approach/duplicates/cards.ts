/** The duplicate-order card: which earlier work a draft repeats, and the draft to remove. */
import { bullets, join, removeDraft, sourceLine, type CardDefinitions } from '../../cards/content';
import { evidenceLine, refs, section } from '../../cards/markdown';
import type { DraftTest } from '../../facts/draft-orders';
import { formatDate } from '../../fhir/dates';
import type { Evidence } from '../../facts/types';
import { refsOf, type ApproachLineId } from '../../knowledge/approach';
import { testLabel, type OrderKind } from '../../knowledge/catalogue';
import { ASKED_ELECTROLYTES } from '../electrolytes/cards';
import type { DuplicateFinding, PriorWork } from './findings';

const ELECTROLYTE_CHECK = `Check ${ASKED_ELECTROLYTES} for twitching and replete if deficient; a result in the window already answers that, unless it was low and is being rechecked`;

/** What each test is for in the approach, and the lines that say so: the reason a repeat adds nothing. */
const TEST_PURPOSE: Readonly<Record<OrderKind, { text: string; lines: [ApproachLineId, ...ApproachLineId[]] }>> = {
  magnesium: { text: ELECTROLYTE_CHECK, lines: ['diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'] },
  potassium: { text: ELECTROLYTE_CHECK, lines: ['diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'] },
  calcium: { text: ELECTROLYTE_CHECK, lines: ['diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'] },
  basicMetabolicPanel: { text: 'A basic metabolic panel with magnesium checks the electrolytes behind twitching', lines: ['diagnostic.bmp-with-mg'] },
  comprehensiveMetabolicPanel: { text: 'A metabolic panel with magnesium checks the electrolytes behind twitching', lines: ['diagnostic.bmp-with-mg'] },
  electromyography: {
    text: 'EMG and nerve conduction studies evaluate persistent twitching for nerve hyperexcitability or neuropathy',
    lines: ['diagnostic.emg-ncs'],
  },
  mriThigh: { text: 'MRI of the thigh looks for intramuscular tendon pathology after localized pain or strain', lines: ['diagnostic.mri-thigh'] },
  ankleBrachialIndex: { text: 'The ankle-brachial index screens for peripheral artery disease', lines: ['diagnostic.abi'] },
  lgi1Antibody: { text: 'LGI1 antibodies are tested once EMG confirms neuromyotonia', lines: ['neuro.lgi1-after-emg'] },
};

/** "Serum magnesium", "Ionized calcium": the catalogue names the test a draft orders. */
function labelOf(test: DraftTest): string {
  return testLabel(test.kind, test.concept);
}

function on(date: Date | undefined): string {
  return date ? ` on ${formatDate(date)}` : '';
}

/** "a result on 2026-11-20 (2 mg/dL)", "an order placed on 2026-11-10 (active)"... for the summary. */
function priorWords(prior: PriorWork, test: DraftTest): string {
  switch (prior.kind) {
    case 'result': {
      const value = prior.result.evidence.value ? ` (${prior.result.evidence.value.slice(0, 30)})` : '';
      return `a result${on(prior.result.effective)}${value}`;
    }
    case 'emg':
      return `an EMG reported${on(prior.emg.date)}`;
    case 'order': {
      const { order } = prior;
      if (order.resourceType === 'Procedure') return `a procedure done${on(order.date)}`;
      return order.status === 'completed' ? `an order completed${on(order.date)}` : `an order placed${on(order.date)} (${order.status})`;
    }
    case 'draft':
      return prior.test.kind === test.kind && prior.test.concept === test.concept
        ? 'another draft of the same test'
        : `the ${labelOf(prior.test).toLowerCase()} also drafted, which includes it`;
  }
}

function priorEvidence(prior: PriorWork): Evidence {
  switch (prior.kind) {
    case 'result':
      return prior.result.evidence;
    case 'emg':
      return prior.emg.evidence;
    case 'order':
      return prior.order.evidence;
    case 'draft':
      return prior.draft.evidence;
  }
}

export const DUPLICATE_CARDS: CardDefinitions<DuplicateFinding> = {
  'order-duplicate': {
    title: 'Duplicate order',
    key: (f) => `order-duplicate:${f.test.concept}`,
    lines: [
      'diagnostic.bmp-with-mg',
      'diagnostic.activity-hydration-repletion',
      'diagnostic.emg-ncs',
      'diagnostic.mri-thigh',
      'diagnostic.abi',
      'neuro.lgi1-after-emg',
    ],
    render: (f, settings) => {
      const label = labelOf(f.test);
      const purpose = TEST_PURPOSE[f.test.kind];
      const numbers = refsOf(purpose.lines);
      return {
        summary: `${label} repeats ${priorWords(f.prior, f.test)}: remove this draft unless the repeat is intended`,
        indicator: 'warning',
        topic: 'duplicate-order',
        detail: join(
          section('The draft', evidenceLine(f.draft.evidence)),
          section(
            f.prior.kind === 'draft' ? 'Also drafted' : `Already on record in the last ${settings.lookbackDays} days`,
            evidenceLine(priorEvidence(f.prior)),
          ),
          'If the repeat is intended (the symptoms changed, or the earlier result is in doubt), keep the draft and dismiss this card with a reason.',
          section('The approach', bullets([`${purpose.text} ${refs(numbers)}.`])),
          sourceLine(numbers),
        ),
        suggestions: removeDraft(f.draft.resourceId, `Remove the duplicate draft (${label})`, true),
        overrideReasons: [{ code: 'repeat-intended', display: 'The repeat is intended (symptoms changed, or the earlier result is in doubt)' }],
        lines: purpose.lines,
      };
    },
  },
};
