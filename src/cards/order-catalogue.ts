/**
 * Cards about orders being picked or signed (order-select, order-sign): what the clinician reads
 * when a draft repeats earlier work or runs ahead of the clinical approach. Each cites the
 * approach's reference numbers and names the draft by its reference.
 */
import { formatDate } from '../fhir/dates';
import type { DraftTest } from '../facts/draft-orders';
import type { Evidence, OrderKind } from '../facts/types';
import type { EmgStanding, FindingKind, PriorWork } from '../rules/types';
import {
  bullets,
  abiSuggestion,
  claudicationAdvice,
  GUIDELINE_LINK,
  join,
  ORDERS_UNCHECKED,
  PITFALL_TENDON,
  REQUIRED_LABEL,
  sourceLine,
  type Entry,
  type SuggestionSpec,
} from './content';
import { evidenceLine, evidenceList, refs, section } from './markdown';

type OrderFindingKind = Extract<
  FindingKind,
  'order-duplicate' | 'order-panel-without-magnesium' | 'order-mri-without-indication' | 'order-lgi1-without-confirmation' | 'order-emg-claudication'
>;

const TEST_LABEL: Readonly<Record<OrderKind, string>> = {
  magnesium: 'Serum magnesium',
  potassium: 'Potassium',
  calcium: 'Calcium',
  basicMetabolicPanel: 'Basic metabolic panel',
  comprehensiveMetabolicPanel: 'Comprehensive metabolic panel',
  electromyography: 'EMG with nerve conduction studies',
  mriThigh: 'MRI of the thigh',
  ankleBrachialIndex: 'Ankle-brachial index',
  lgi1Antibody: 'LGI1 antibody',
};

const ELECTROLYTE_CHECK =
  'Check magnesium, potassium and calcium for twitching and replete if deficient; a result in the window already answers that, unless it was low and is being rechecked';

/** What each test is for in the approach, with its reference numbers: the reason a repeat adds nothing. */
const TEST_PURPOSE: Readonly<Record<OrderKind, { line: string; refs: number[] }>> = {
  magnesium: { line: ELECTROLYTE_CHECK, refs: [1, 3] },
  potassium: { line: ELECTROLYTE_CHECK, refs: [1, 3] },
  calcium: { line: ELECTROLYTE_CHECK, refs: [1, 3] },
  basicMetabolicPanel: { line: 'A basic metabolic panel with magnesium checks the electrolytes behind twitching', refs: [1] },
  comprehensiveMetabolicPanel: { line: 'A metabolic panel with magnesium checks the electrolytes behind twitching', refs: [1] },
  electromyography: { line: 'EMG and nerve conduction studies evaluate persistent twitching for nerve hyperexcitability or neuropathy', refs: [7, 2] },
  mriThigh: { line: 'MRI of the thigh looks for intramuscular tendon pathology after localized pain or strain', refs: [4] },
  ankleBrachialIndex: { line: 'The ankle-brachial index screens for peripheral artery disease', refs: [6, 7] },
  lgi1Antibody: { line: 'LGI1 antibodies are tested once EMG confirms neuromyotonia', refs: [2, 5] },
};

function testLabel(test: DraftTest): string {
  if (test.kind === 'calcium') return test.concept === 'calciumIonized' ? 'Ionized calcium' : 'Total calcium';
  return TEST_LABEL[test.kind];
}

/** "magnesium, potassium and calcium": every item is wanted. */
function allOf(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function on(date: Date | undefined): string {
  return date ? ` on ${formatDate(date)}` : '';
}

/** "a normal result on 2026-11-20 (2 mg/dL)", "an order placed on 2026-11-10 (active)"... for the summary. */
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
        : `the ${testLabel(prior.test).toLowerCase()} also drafted, which includes it`;
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

function removeDraft(resourceId: string | undefined, label: string, recommended = false): SuggestionSpec[] {
  return resourceId ? [{ label, removeDraft: resourceId, ...(recommended ? { recommended } : {}) }] : [];
}

function emgWords(emg: EmgStanding, durationDays: number | undefined, persistentAfterDays: number): string {
  switch (emg.status) {
    case 'on-record':
      return `EMG with nerve conduction studies is already on record or drafted: ${evidenceLine(emg.evidence).slice(2)} ${refs([7, 2])}.`;
    case 'indicated':
      return `${emg.reasons.includes('duration') && durationDays !== undefined ? `Twitching has lasted ${durationDays} days (over ${persistentAfterDays})` : 'Twitching comes with other symptoms'}: order EMG with nerve conduction studies ${refs([7, 2])}.`;
    case 'not-yet-indicated':
      return `If twitching persists beyond ${persistentAfterDays} days (the approach: 2-4 weeks) or other symptoms appear, order EMG with nerve conduction studies ${refs([7, 2])}.`;
  }
}

export const ORDER_CATALOGUE: { [K in OrderFindingKind]: Entry<K> } = {
  'order-duplicate': (f, settings) => {
    const label = testLabel(f.test);
    const purpose = TEST_PURPOSE[f.test.kind];
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
        section('What the approach recommends', bullets([`${purpose.line} ${refs(purpose.refs)}.`])),
        sourceLine(purpose.refs),
      ),
      suggestions: removeDraft(f.draft.resourceId, `Remove the duplicate draft (${label})`, true),
      overrideReasons: [{ code: 'repeat-intended', display: 'The repeat is intended (symptoms changed, or the earlier result is in doubt)' }],
    };
  },

  'order-panel-without-magnesium': (f, settings) => {
    const panel = f.panel.tests.some((t) => t.kind === 'comprehensiveMetabolicPanel') ? 'comprehensive' : 'basic';
    return {
      summary: `A ${panel} metabolic panel does not include magnesium: add serum magnesium to check it for twitching`,
      indicator: 'info',
      topic: 'electrolytes',
      detail: join(
        section(
          'Why this card',
          `${evidenceLine(f.panel.evidence)}\n\nA ${panel} metabolic panel measures potassium and calcium but not magnesium. No magnesium result in the last ${settings.lookbackDays} days, no magnesium order, and none among the drafts.`,
        ),
        f.oldMagnesium && section(`Older magnesium result (outside the ${settings.lookbackDays}-day window)`, evidenceLine(f.oldMagnesium.evidence)),
        f.ordersUnavailable && ORDERS_UNCHECKED,
        section(
          'What the approach recommends',
          bullets([
            `Magnesium, potassium or calcium deficiency can trigger fasciculations, including in the hamstrings ${refs([1])}.`,
            `Check a basic metabolic panel including magnesium, potassium and calcium ${refs([1])}; replete if deficient ${refs([3])}.`,
          ]),
        ),
        sourceLine([1, 3]),
      ),
      suggestions: [{ label: 'Add serum magnesium', order: 'magnesium', recommended: true }],
    };
  },

  'order-mri-without-indication': (f, settings) => {
    const first = [
      f.electrolytes.length > 0 ? allOf(f.electrolytes.map((a) => REQUIRED_LABEL[a])) : undefined,
      f.emg.status === 'indicated' ? 'EMG/NCS' : undefined,
    ].filter((w): w is string => w !== undefined);
    return {
      summary: `MRI of the thigh without recorded thigh pain or hamstring strain${first.length > 0 ? `: check ${first.join(', then ')} first` : ': not yet indicated by the approach'}`,
      indicator: 'warning',
      topic: 'structural',
      detail: join(
        section(
          'Why this card',
          `${evidenceLine(f.draft.evidence)}\n\nThe approach considers MRI of the thigh when twitching comes with localized pain or a history of muscle strain ${refs([4])}; neither thigh pain nor a hamstring strain or injury is recorded. If the patient has one, record it: the MRI is then in line with the approach.`,
        ),
        section(
          'What comes first',
          bullets([
            f.electrolytes.length > 0
              ? `Check ${allOf(f.electrolytes.map((a) => REQUIRED_LABEL[a]))}: no result or order in the last ${settings.lookbackDays} days ${refs([1])}.`
              : `Magnesium, potassium and calcium are checked or ordered ${refs([1])}.`,
            emgWords(f.emg, f.durationDays, settings.persistentAfterDays),
          ]),
        ),
        f.ordersUnavailable && ORDERS_UNCHECKED,
        section('Pitfall', PITFALL_TENDON),
        sourceLine([1, 2, 4, 7]),
      ),
      suggestions: [
        ...f.electrolytes.map((analyte): SuggestionSpec => ({ label: `Order serum ${REQUIRED_LABEL[analyte]}`, order: analyte, recommended: true })),
        ...(f.emg.status === 'indicated'
          ? [{ label: 'Order EMG with nerve conduction studies', order: 'electromyography', recommended: true } as const]
          : []),
        ...removeDraft(f.draft.resourceId, 'Remove the MRI draft'),
      ],
      overrideReasons: [{ code: 'indication-not-recorded', display: 'Localized thigh pain or a hamstring strain is present but not recorded' }],
    };
  },

  'order-lgi1-without-confirmation': (f) => {
    const summaries = {
      none: 'LGI1 antibodies follow EMG-confirmed neuromyotonia, and no EMG is on record: order EMG with nerve conduction studies first',
      pending: 'LGI1 antibodies follow EMG-confirmed neuromyotonia: the EMG ordered has no findings on record yet',
      'not-confirming': 'LGI1 antibodies follow EMG-confirmed neuromyotonia; the EMG on record does not report neuromyotonia',
    } as const;
    return {
      summary: summaries[f.emg.status],
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
          'What the approach recommends',
          bullets([
            `EMG is diagnostic of neuromyotonia, showing neuromyotonic discharges ${refs([2, 5])}.`,
            `Test LGI1 antibodies if EMG confirms neuromyotonia: the autoimmune form responds to immunotherapy ${refs([2, 5])}.`,
          ]),
        ),
        'LGI1 antibodies are also tested for autoimmune encephalitis; if that is the question, this card does not apply.',
        sourceLine([2, 5]),
      ),
      suggestions: [
        ...(f.emg.status === 'none'
          ? [{ label: 'Order EMG with nerve conduction studies', order: 'electromyography', recommended: true } as const]
          : []),
        ...removeDraft(f.draft.resourceId, 'Remove the LGI1 antibody draft'),
      ],
      overrideReasons: [
        { code: 'emg-shows-neuromyotonia', display: 'The EMG report describes neuromyotonic discharges' },
        { code: 'other-indication', display: 'Ordered for another question (autoimmune encephalitis)' },
      ],
    };
  },

  'order-emg-claudication': (f) => ({
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
      claudicationAdvice(),
    ),
    suggestions: abiSuggestion(f.existingAbi),
    links: [GUIDELINE_LINK],
  }),
};
