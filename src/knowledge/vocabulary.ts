/**
 * The clinician's words: a small reviewed table of what a problem-list entry or an order reason
 * says when it carries no usable code ("Twitching of left hamstring for 3 weeks"). Each entry is
 * here because clinicians write it for one of the concepts the approach reads, or for one of the
 * body parts of anatomy.ts; nothing is inferred beyond the table. Entries are regular-expression
 * sources, matched whole-word and case-insensitively unless marked `caseSensitive` (abbreviations
 * that are ordinary words in lower case: "als", "pad").
 *
 * Compiled once at start-up. Where two entries overlap, the longest phrase wins ("biceps femoris"
 * is the thigh; "biceps" alone the upper arm).
 */
import type { BodyPart } from './anatomy';
import type { ConceptId } from './codes';
import type { Side } from './laterality';

export interface Phrase<T> {
  /** A regular-expression source; a space stands for any run of white space. */
  words: string;
  meaning: T;
  /** Matched as written: an upper-case abbreviation that is a common word in lower case. */
  caseSensitive?: boolean;
}

/** Symptoms and diagnoses, as SYMPTOM_CONCEPTS names them. */
export const CONCEPT_PHRASES: readonly Phrase<ConceptId>[] = [
  // The approach's own words for the complaint, and what patients say ("muscle jumping").
  { words: 'twitch(?:es|ed|ing|y)?', meaning: 'twitching' },
  { words: 'fasciculations?|fasciculating', meaning: 'twitching' },
  // Myokymia is a rippling twitch that is coded as fasciculation (R25.3) in practice.
  { words: 'myokymia', meaning: 'twitching' },
  { words: 'muscles? jumping|jumping muscles?', meaning: 'twitching' },
  // Red flag: weakness or atrophy. A weak pulse is a vascular sign, not muscle weakness.
  { words: 'weak(?! pulses?)|weakness', meaning: 'muscleWeakness' },
  { words: 'atrophy|atrophic|wasting', meaning: 'muscleAtrophy' },
  { words: 'cramps?|cramping', meaning: 'muscleCramp' },
  // Red flag: "sensory changes (numbness, tingling, burning)".
  { words: 'numb|numbness', meaning: 'sensoryChange' },
  { words: 'tingling|tingly', meaning: 'sensoryChange' },
  { words: 'par(?:a|ae|e)sthesi(?:a|ae|as)', meaning: 'sensoryChange' },
  { words: 'pins and needles', meaning: 'sensoryChange' },
  // Red flag: lumbar radiculopathy; sciatica is how it is usually written.
  { words: 'sciatica|radiculopathy|radicular', meaning: 'radiculopathy' },
  // Red flag: vascular claudication, and the peripheral artery disease it suggests.
  { words: 'claudication', meaning: 'claudication' },
  { words: 'peripheral (?:arterial|artery|vascular) disease', meaning: 'peripheralVascularDisease' },
  { words: 'PAD', meaning: 'peripheralVascularDisease', caseSensitive: true },
  // MRI indication: localised pain, or a history of muscle strain.
  { words: 'thigh pain|pain in (?:the |my )?(?:back of (?:the )?)?(?:left |right |both )?(?:posterior )?thighs?', meaning: 'thighPain' },
  // With a side inside the phrase too: "pulled left hamstring", "strain of the right hamstring".
  {
    words:
      'hamstrings? (?:muscle )?(?:strain|tear|pull|injury)|(?:strained|pulled|torn) (?:(?:left|right) )?hamstrings?|(?:strain|tear|injury) (?:of|to) (?:the )?(?:(?:left|right) )?hamstrings?',
    meaning: 'hamstringInjury',
  },
  // Diagnoses that explain fasciculations or answer a red flag (issue: "diagnoses that explain or answer").
  { words: 'ALS|MND', meaning: 'motorNeuronDisease', caseSensitive: true },
  { words: 'amyotrophic lateral sclerosis|motor neurone? disease', meaning: 'motorNeuronDisease' },
  { words: 'polyneuropathy|peripheral neuropathy|diabetic neuropathy', meaning: 'polyneuropathy' },
  { words: 'carpal tunnel(?: syndrome)?', meaning: 'carpalTunnelSyndrome' },
  { words: "neuromyotonia|isaacs?'? syndrome", meaning: 'neuromyotonia' },
];

/** Where on the body, as anatomy.ts names the parts. */
export const SITE_PHRASES: readonly Phrase<BodyPart>[] = [
  // The hamstring muscles and where they are: the back of the thigh.
  { words: 'thighs?|hamstrings?|biceps femoris|semitendinosus|semimembranosus', meaning: 'thigh' },
  { words: 'back of (?:the )?thighs?|posterior thighs?', meaning: 'thigh' },
  // A leg with no part named: it may be the hamstring (anatomy.ts, HAMSTRING_PARTS).
  { words: 'legs?|lower limbs?|lower extremit(?:y|ies)', meaning: 'lowerLimb' },
  { words: 'calf|calves|shins?|lower legs?', meaning: 'lowerLeg' },
  // "Soles" only in the plural: "her sole complaint" is no foot.
  { words: 'foot|feet|toes?|soles', meaning: 'foot' },
  { words: 'lower back|low back|lumbar', meaning: 'lowerBack' },
  { words: 'arms?|upper limbs?|upper extremit(?:y|ies)|forearms?', meaning: 'upperLimb' },
  { words: 'upper arms?|biceps|triceps|shoulders?|deltoids?', meaning: 'upperArm' },
  // Not the idioms "on the other hand", "at hand".
  { words: '(?<!other |at )hands?|fingers?|thumbs?|wrists?|palms?', meaning: 'hand' },
  { words: 'neck', meaning: 'neck' },
  { words: 'chest|abdomen|abdominal|trunk|thoracic|paraspinals?', meaning: 'trunk' },
  { words: 'tongue', meaning: 'tongue' },
  // Not "face to face" (a visit).
  { words: '(?<!face to )face(?! to face)|facial|cheeks?|jaw|lips?|chin', meaning: 'face' },
  // Eyelid twitching is common and benign, and not the hamstring: it must not open this approach.
  // Not "keep an eye on it".
  { words: 'eyelids?|eye lids?|(?<!an )eyes?(?! on)', meaning: 'eyelid' },
];

/** Side words, read just before a site ("left hamstring", "R hand", "both thighs"). */
export const SIDE_PHRASES: readonly Phrase<Side>[] = [
  { words: 'left', meaning: 'left' },
  { words: 'right', meaning: 'right' },
  { words: 'both|bilateral|bilaterally', meaning: 'bilateral' },
  // EHR shorthand; upper case only, as a lower-case "l" or "r" is no side.
  { words: 'L', meaning: 'left', caseSensitive: true },
  { words: 'R', meaning: 'right', caseSensitive: true },
];

/** "Persistent or progressive twitching warrants evaluation"; a red flag recorded as progressive stays urgent. */
export const PROGRESSION_WORDS = 'worsening|worse|progressive|progressing|increasing|spreading';

/**
 * A progression word that says when, not that it progresses ("worse at night", "worse after
 * exercise"), or that is about activity ("increasing training intensity", a benign trigger in the
 * approach): not progression.
 */
export const NOT_PROGRESSION_AFTER =
  'at|after|with|when|during|on|before|in the|if|training|activity|exercise|load|intensity|mileage|distance|running|workouts?|sports?';

/**
 * NegEx-style triggers (Chapman et al., J Biomed Inform 2001;34:301). A pre-trigger refuses every
 * concept after it in its clause ("no numbness or tingling"); a post-trigger every concept before
 * it ("twitching resolved").
 */
export const NEGATION_BEFORE =
  "no|not|never|denies|denied|deny|without|negative for|neg for|free of|ruled out|absence of|no longer|no evidence of|(?:does|did|has|is|was)n[o']?t";
export const NEGATION_AFTER = 'resolved|ruled out|absent|gone|has stopped|stopped|subsided';

/**
 * Phrases that hold a trigger word but do not negate ("twitching not resolved", "no change in
 * twitching"): masked before the triggers are read.
 */
export const PSEUDO_NEGATION =
  "not resolved|not gone|not stopped|(?:has|have) not stopped|hasn't stopped|no change|no improvement|not improved|not improving|no better|not better|no relief|not only|no increase|no decrease";

/**
 * Words that put what follows in question ("r/o ALS", "?fasciculations") or on someone else
 * ("family history of ALS"): named, but not the patient's problem.
 */
export const UNCERTAIN_BEFORE =
  'rule out|r/o|to exclude|evaluate for|eval for|assess for|concern for|possible|possibly|suspected|suspect|query|family history of|family hx of|family history|FHx|FH of';

/** Clause boundaries: negation does not reach across them. */
export const CLAUSE_BREAK = /[.!](?=\s|$)|[;\n]|\bbut\b|\bhowever\b/gi;

/** A question mark before a word: "?ALS", "? fasciculations". */
export const QUESTION_BEFORE = /(?<![A-Za-z0-9])\?\s*(?=[A-Za-z])/g;

/** How long: "for 3 weeks", "x 3 wks", "3-week history", "since 2 months", "2 weeks ago", "3/52". */
export const DURATION_UNIT_DAYS: Readonly<Record<string, number>> = { d: 1, w: 7, m: 30, y: 365 };

export interface CompiledPhrase<T> {
  pattern: RegExp;
  meaning: T;
}

/** A phrase table as regular expressions: whole words, a space as any white space. */
export function compilePhrases<T>(phrases: readonly Phrase<T>[]): CompiledPhrase<T>[] {
  return phrases.map((p) => ({
    pattern: new RegExp(`(?<![A-Za-z0-9])(?:${p.words.replace(/ /g, '\\s+')})(?![A-Za-z0-9])`, p.caseSensitive ? 'g' : 'gi'),
    meaning: p.meaning,
  }));
}

/** An alternation of words as one case-insensitive, whole-word, global expression. */
export function compileWords(words: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])(?:${words.replace(/ /g, '\\s+')})(?![A-Za-z0-9])`, 'gi');
}
