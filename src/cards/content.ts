/**
 * What a card entry is made of (CardContent), and the prose the patient-view and order
 * catalogues share: the approach's citation line, its pitfalls, and small markdown helpers.
 */
import { ABI_GUIDELINE_URL, type RequiredElectrolyte } from '../knowledge/thresholds';
import type { Evidence, Side } from '../facts/types';
import type { Finding, FindingKind, RuleSettings } from '../rules/types';
import { refs, section } from './markdown';
import type { SuggestedOrder } from './orders';
import type { Indicator, Link } from './types';

export type Topic =
  | 'benign-causes'
  | 'electrolytes'
  | 'neurological-evaluation'
  | 'structural'
  | 'nerve-hyperexcitability'
  | 'red-flag'
  | 'vascular'
  | 'duplicate-order';

export const TOPIC_DISPLAY: Readonly<Record<Topic, string>> = {
  'benign-causes': 'Benign causes of twitching',
  electrolytes: 'Electrolytes',
  'neurological-evaluation': 'Neurological evaluation',
  structural: 'Structural muscle injury',
  'nerve-hyperexcitability': 'Peripheral nerve hyperexcitability',
  'red-flag': 'Red flag',
  vascular: 'Vascular assessment',
  'duplicate-order': 'Duplicate order',
};

/** A suggestion creates one of our order templates, or removes one of the clinician's drafts. */
export type SuggestionSpec =
  | { label: string; order: SuggestedOrder; side?: Side; recommended?: boolean }
  | { label: string; removeDraft: string; recommended?: boolean };

export interface CardContent {
  summary: string;
  indicator: Indicator;
  topic: Topic;
  detail: string;
  suggestions?: SuggestionSpec[];
  links?: Link[];
  /** The Condition a suggested order is for, when one is on record. */
  reasonReference?: string;
  /** Reasons to dismiss this card beyond the generic ones, first in the list (code in our override-reason system). */
  overrideReasons?: { code: string; display: string }[];
}

/** One catalogue entry: a finding of kind K in, what the clinician reads out. */
export type Entry<K extends FindingKind> = (finding: Extract<Finding, { kind: K }>, settings: RuleSettings) => CardContent;

const APPROACH = 'Clinical approach to hamstring twitching';

export function sourceLine(numbers: readonly number[]): string {
  return `_${APPROACH}, references ${numbers.join(', ')}._`;
}

export function join(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}

export function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

export const ORDERS_UNCHECKED =
  'Existing orders and procedures could not be read for this patient, so this suggestion may repeat an order already placed.';

export const PITFALL_PERSISTENT =
  'Do not dismiss persistent fasciculations as purely benign before neuromyotonia and other peripheral nerve hyperexcitability syndromes are excluded: they are treatable with immunotherapy or anticonvulsants ' +
  refs([2, 5]) +
  '.';
export const PITFALL_TENDON =
  'Do not assume a thigh "muscle" problem is purely muscular: the hamstrings\' extensive intramuscular tendons can be injured and need prolonged rehabilitation, with higher recurrence rates ' +
  refs([4]) +
  '.';
export const PITFALL_CLAUDICATION =
  'Do not confuse twitching with vascular claudication: claudication is cramping or aching that comes on at a consistent walking distance and eases with rest, not spontaneous twitching at rest ' +
  refs([6, 7]) +
  '.';

/** What the approach asks when walking brings on leg pain that rest relieves. */
const CLAUDICATION_STEPS: readonly string[] = [
  `Pain with walking that improves with rest can be vascular claudication from peripheral artery disease of the popliteal or tibial arteries ${refs([6, 7])}.`,
  `Palpate all lower-extremity pulses: femoral, popliteal, dorsalis pedis and posterior tibial ${refs([6])}.`,
  `Obtain an ankle-brachial index to screen for peripheral artery disease ${refs([6, 7])}.`,
];

/** The end of every claudication card: the approach's steps, its pitfall, the citation. */
export function claudicationAdvice(): string {
  return join(section('What the approach recommends', bullets(CLAUDICATION_STEPS)), section('Pitfall', PITFALL_CLAUDICATION), sourceLine([6, 7]));
}

/** An ABI to order, unless one is on record (or drafted). */
export function abiSuggestion(existingAbi: Evidence | undefined): SuggestionSpec[] | undefined {
  return existingAbi ? undefined : [{ label: 'Order ankle-brachial index', order: 'ankleBrachialIndex', recommended: true }];
}

export const REQUIRED_LABEL: Record<RequiredElectrolyte, string> = { magnesium: 'magnesium', potassium: 'potassium', calcium: 'calcium' };

export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export const GUIDELINE_LINK: Link = { label: 'AHA/ACC 2016 guideline: lower-extremity PAD', url: ABI_GUIDELINE_URL, type: 'absolute' };
