/**
 * What a card definition is made of: its title and the approach lines it follows (static, so the
 * approach page and the ledger can list them), and a render function from a finding to the
 * content a clinician reads. Also the small writing helpers every family's cards share.
 */
import type { RuleSettings } from '../approach/context';
import { refsOf, type ApproachLineId } from '../knowledge/approach';
import type { Electrolyte, SuggestedOrder } from '../knowledge/catalogue';
import type { RequestPriority } from '../knowledge/orderables';
import type { Side } from '../knowledge/laterality';
import type { ClinicalRecord } from '../facts/types';
import type { Indicator, Link } from './types';

export type Topic =
  'benign-causes' | 'electrolytes' | 'neurological-evaluation' | 'structural' | 'nerve-hyperexcitability' | 'red-flag' | 'vascular' | 'duplicate-order';

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

/** A suggestion creates one of our orderables, or removes one of the clinician's drafts. */
export type SuggestionSpec =
  | { label: string; order: SuggestedOrder; side?: Side; recommended?: boolean; priority?: RequestPriority; deficiency?: Electrolyte }
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
  /** The lines this card follows for this finding, when narrower than its definition's (first: where its link points). */
  lines?: readonly [ApproachLineId, ...ApproachLineId[]];
}

/** One kind of card: a finding of type F in, what the clinician reads out. */
export interface CardDefinition<F> {
  /** What the card is called on the approach page and in reports: "Low electrolyte". */
  readonly title: string;
  /** Every approach line this card can follow; the first is where its source link points. */
  readonly lines: readonly [ApproachLineId, ...ApproachLineId[]];
  /** "The same card" for a patient across calls, when the kind alone does not say (one per analyte): "electrolyte-low:magnesium". */
  key?(finding: F): string;
  /** The reasons a card that gathers several carries ("weakness", "severe-magnesium"), for the report to break it down. */
  flags?(finding: F): string[];
  render(finding: F, settings: RuleSettings): CardContent;
}

/** A family's card definitions, one per finding kind it produces: the compiler names a kind left without one. */
export type CardDefinitions<F extends { kind: string }> = { readonly [K in F['kind']]: CardDefinition<Extract<F, { kind: K }>> };

const APPROACH = 'Clinical approach to hamstring twitching';

export function sourceLine(numbers: readonly number[]): string {
  return `_${APPROACH}, references ${numbers.join(', ')}._`;
}

/** The source line of a card, from the approach lines it follows: their references, each once, in ascending order. */
export function sourceOf(...lines: [ApproachLineId, ...ApproachLineId[]]): string {
  return sourceLine([...refsOf(lines)].sort((a, b) => a - b));
}

export function join(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}

export function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

/** "a, b or c": any of the items. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** "a, b and c": every item. */
export function allOf(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export const ORDERS_UNCHECKED = 'Existing orders and procedures could not be read for this patient, so this suggestion may repeat an order already placed.';

/** The first Condition among the records (not a contained one): what a suggested order is for. */
export function conditionReference(records: readonly ClinicalRecord[]): string | undefined {
  return records.find((r) => r.resourceType === 'Condition' && !r.evidence.reference.includes('#'))?.evidence.reference;
}

/** Symptoms in a clinician's words. */
const SYMPTOM_WORDS: ReadonlyMap<string, string> = new Map([
  ['muscleWeakness', 'weakness'],
  ['muscleAtrophy', 'atrophy'],
  ['muscleCramp', 'cramps'],
  ['sensoryChange', 'sensory changes'],
  ['radiculopathy', 'radicular symptoms'],
  ['thighPain', 'thigh pain'],
  ['twitching', 'fasciculations beyond the thigh'],
]);

/** "weakness, cramps" or, past `max` words, "weakness, cramps and 2 more". */
export function symptomWords(records: readonly ClinicalRecord[], max = Infinity): string {
  const all = [...new Set(records.map((r) => SYMPTOM_WORDS.get(r.concept) ?? r.concept))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

/** A suggestion that removes the clinician's draft, when the draft has an id to name it by. */
export function removeDraft(resourceId: string | undefined, label: string, recommended = false): SuggestionSpec[] {
  return resourceId ? [{ label, removeDraft: resourceId, ...(recommended ? { recommended } : {}) }] : [];
}

/** The EMG with nerve conduction studies a card suggests. */
export const ORDER_EMG: SuggestionSpec = { label: 'Order EMG with nerve conduction studies', order: 'electromyography', recommended: true };

/** The EMG a motor neuron disease question asks for: several regions, not the lower limbs only. */
export const ORDER_EMG_SEVERAL_REGIONS: SuggestionSpec = {
  label: 'Order EMG with nerve conduction studies of several regions',
  order: 'electromyographyMotorNeuron',
  recommended: true,
};
