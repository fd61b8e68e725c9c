/**
 * The clinical approach this service implements, line by line, as data: each line of the source
 * document with a stable id, its section, its exact text and its reference numbers. Rules, order
 * checks, cards and fixtures name the ids of the lines they follow; GET /approach renders this
 * table with each id as an anchor, so a clinician who asks "why this card?" lands on the sentence.
 *
 * Ids are `<section>.<what the line says>` and never change once published: cards already issued
 * (and the card ledger) point at them. A line's text is the source document's, word for word.
 */

export const APPROACH_TITLE = 'Hamstring Muscle Twitching: Causes and Clinical Approach';

/**
 * How a line takes part:
 * - `rule`: something the service decides from the chart follows it (a rule, an order check);
 * - `lead-in`: it introduces the bullets under it ("Seek urgent assessment if ..."), which carry the rules;
 * - `advice`: background a card may explain, with nothing to decide from the chart.
 */
export type LineRole = 'rule' | 'lead-in' | 'advice';

export interface ApproachLine<Id extends string = string> {
  readonly id: Id;
  readonly text: string;
  /** The source's evidence citations (1-7), in its order. */
  readonly refs: readonly number[];
  /** Printed as a bullet under the line before it, as in the source. */
  readonly bullet: boolean;
  readonly role: LineRole;
}

export interface ApproachSection<Id extends string = string> {
  readonly id: string;
  readonly title: string;
  readonly lines: readonly ApproachLine<Id>[];
}

const rule = <const Id extends string>(id: Id, text: string, refs: number[], bullet = true): ApproachLine<Id> => ({ id, text, refs, bullet, role: 'rule' });
const leadIn = <const Id extends string>(id: Id, text: string): ApproachLine<Id> => ({ id, text, refs: [], bullet: false, role: 'lead-in' });
const advice = <const Id extends string>(id: Id, text: string, refs: number[]): ApproachLine<Id> => ({ id, text, refs, bullet: true, role: 'advice' });

const SECTIONS = [
  {
    id: 'overview',
    title: APPROACH_TITLE,
    lines: [
      rule(
        'overview.benign-unless-persistent',
        'Twitching in the back of the thigh (hamstring muscles) is most commonly benign fasciculations from muscle fatigue, overuse, or electrolyte disturbances, but persistent or progressive twitching warrants evaluation for peripheral nerve hyperexcitability syndromes or structural muscle injury.',
        [1, 2],
        false,
      ),
    ],
  },
  {
    id: 'benign',
    title: 'Common Benign Causes',
    lines: [
      rule(
        'benign.overuse-fatigue',
        'Muscle overuse and fatigue are the most frequent triggers for hamstring twitching, particularly after increased physical activity or changes in training intensity.',
        [3, 1],
        false,
      ),
      rule(
        'benign.electrolytes',
        'Electrolyte imbalances (particularly magnesium, potassium, or calcium deficiency) can trigger spontaneous muscle fasciculations throughout the body, including the hamstrings.',
        [1],
      ),
      rule('benign.dehydration', 'Dehydration reduces muscle membrane stability and increases susceptibility to involuntary contractions.', [1]),
      rule('benign.stimulants', 'Caffeine or stimulant intake can lower the threshold for muscle twitching.', [1]),
    ],
  },
  {
    id: 'structural',
    title: 'Structural Muscle Considerations',
    lines: [
      rule(
        'structural.intramuscular-tendon',
        'Intramuscular tendon involvement within the hamstring (particularly biceps femoris) can produce unusual sensations including twitching-like symptoms, especially if there has been recent strain or injury.',
        [4],
        false,
      ),
      advice(
        'structural.biceps-femoris-tendon',
        'The biceps femoris has an extensive intramuscular tendon that extends deep within the muscle belly, and pathology at this site can manifest as persistent abnormal sensations.',
        [4],
      ),
      rule(
        'structural.mri-after-pain-or-injury',
        'If twitching is accompanied by pain, weakness, or followed a specific injury event, consider imaging with MRI to evaluate for intramuscular tendon pathology.',
        [4],
      ),
    ],
  },
  {
    id: 'neuro',
    title: 'Neurological Causes Requiring Evaluation',
    lines: [
      rule(
        'neuro.pnh-syndromes',
        "Peripheral nerve hyperexcitability (PNH) syndromes such as neuromyotonia (Isaacs' syndrome) cause continuous muscle twitching, cramps, and visible fasciculations due to spontaneous motor nerve firing.",
        [2, 5],
        false,
      ),
      rule(
        'neuro.pnh-presentation',
        'These conditions present with continuous or near-continuous twitching that persists at rest and during sleep, often accompanied by muscle stiffness and cramps.',
        [2, 5],
      ),
      rule(
        'neuro.emg-diagnostic',
        'Electromyography (EMG) is diagnostic, showing characteristic neuromyotonic discharges (high-frequency repetitive motor unit potentials).',
        [2, 5],
      ),
      rule(
        'neuro.lgi1-after-emg',
        'LGI1 antibody testing should be performed if EMG confirms neuromyotonia, as this autoimmune etiology responds to immunotherapy.',
        [2, 5],
      ),
    ],
  },
  {
    id: 'red-flag',
    title: 'Red Flags Requiring Immediate Evaluation',
    lines: [
      leadIn('red-flag.urgent-assessment', 'Seek urgent assessment if twitching is accompanied by:'),
      rule('red-flag.weakness', 'Progressive weakness or muscle atrophy, suggesting motor neuron disease or neuropathy.', [2]),
      rule('red-flag.widespread', 'Widespread fasciculations affecting multiple body regions beyond the hamstring.', [2]),
      rule(
        'red-flag.claudication',
        'Pain at rest or with walking that improves with rest, which could indicate vascular claudication from peripheral artery disease affecting the popliteal or tibial arteries.',
        [6, 7],
      ),
      rule(
        'red-flag.radiculopathy',
        'Sensory changes (numbness, tingling, burning) radiating down the leg, suggesting lumbar radiculopathy from nerve root compression.',
        [7],
      ),
    ],
  },
  {
    id: 'diagnostic',
    title: 'Diagnostic Approach',
    lines: [
      leadIn('diagnostic.isolated-twitching', 'For isolated, intermittent hamstring twitching without other symptoms:'),
      rule('diagnostic.review-activity', 'Review recent activity changes, hydration status, and dietary intake.', [3, 1]),
      rule('diagnostic.bmp-with-mg', 'Check basic metabolic panel including magnesium, potassium, and calcium levels.', [1]),
      rule('diagnostic.activity-hydration-repletion', 'Recommend activity modification, adequate hydration, and electrolyte repletion if deficient.', [3]),
      leadIn('diagnostic.persistent-twitching', 'For persistent twitching (>2-4 weeks) or twitching with additional symptoms:'),
      rule('diagnostic.neuro-exam', 'Perform detailed neurological examination checking for weakness, reflex changes, and sensory deficits.', [7, 2]),
      rule('diagnostic.emg-ncs', 'Order EMG and nerve conduction studies to evaluate for peripheral nerve hyperexcitability or neuropathy.', [7, 2]),
      rule(
        'diagnostic.mri-thigh',
        'Consider MRI of the thigh if there is localized pain or history of muscle strain to evaluate for intramuscular tendon pathology.',
        [4],
      ),
      leadIn('diagnostic.vascular-symptoms', 'If vascular symptoms are present (pain with walking, relief with rest):'),
      rule('diagnostic.pulses', 'Palpate all lower extremity pulses (femoral, popliteal, dorsalis pedis, posterior tibial).', [6]),
      rule('diagnostic.abi', 'Obtain ankle-brachial index (ABI) to screen for peripheral artery disease.', [6, 7]),
    ],
  },
  {
    id: 'pitfall',
    title: 'Critical Pitfalls to Avoid',
    lines: [
      rule(
        'pitfall.persistent-not-benign',
        'Do not dismiss persistent fasciculations as purely benign without excluding neuromyotonia or other peripheral nerve hyperexcitability syndromes, which are treatable with immunotherapy or anticonvulsants.',
        [2, 5],
      ),
      rule(
        'pitfall.tendon-not-muscle',
        'Do not assume all thigh "muscle" problems are purely muscular—the extensive intramuscular tendons in hamstring muscles can be injured and require prolonged rehabilitation with higher recurrence rates.',
        [4],
      ),
      rule(
        'pitfall.claudication-not-twitching',
        'Do not confuse muscle twitching with vascular claudication—claudication presents as cramping or aching with consistent walking distance, not spontaneous twitching at rest.',
        [6, 7],
      ),
    ],
  },
] as const;

/** Every line id: a rule or card citing an id that is not in the table above does not compile. */
export type ApproachLineId = (typeof SECTIONS)[number]['lines'][number]['id'];

export const APPROACH_SECTIONS: readonly ApproachSection<ApproachLineId>[] = SECTIONS;

export const APPROACH_LINES: readonly ApproachLine<ApproachLineId>[] = APPROACH_SECTIONS.flatMap((section) => section.lines);

const LINE_BY_ID: ReadonlyMap<string, ApproachLine<ApproachLineId>> = new Map(APPROACH_LINES.map((line) => [line.id, line]));

/** The line with this id; undefined for an id the approach does not have. */
export function approachLine(id: string): ApproachLine<ApproachLineId> | undefined {
  return LINE_BY_ID.get(id);
}

/** The reference numbers of several lines, each once, in first-cited order: "[1, 3]" in a card. */
export function refsOf(ids: readonly ApproachLineId[]): number[] {
  return [...new Set(ids.flatMap((id) => LINE_BY_ID.get(id)?.refs ?? []))];
}

/** Where the approach page is served; each line is an anchor on it. */
export const APPROACH_PATH = '/approach';
