/**
 * Reading an entry's own words when it carries no usable code: a problem typed as text ("Twitching
 * of left hamstring for 3 weeks"), a coding with a display and no code, an order reason typed as
 * text. What the words name comes from the reviewed table of knowledge/vocabulary.ts and nothing
 * else; negation is read per clause, NegEx-style ("denies weakness", "twitching resolved").
 *
 * Pure, and bounded: at most the first 500 characters are read.
 */
import type { BodyPart, Place } from '../knowledge/anatomy';
import type { ConceptId } from '../knowledge/codes';
import type { Side } from '../knowledge/laterality';
import {
  CLAUSE_BREAK,
  compilePhrases,
  compileWords,
  CONCEPT_PHRASES,
  DURATION_UNIT_DAYS,
  NEGATION_AFTER,
  NEGATION_BEFORE,
  NOT_PROGRESSION_AFTER,
  PROGRESSION_WORDS,
  PSEUDO_NEGATION,
  QUESTION_BEFORE,
  SIDE_PHRASES,
  SITE_PHRASES,
  UNCERTAIN_BEFORE,
  type CompiledPhrase,
} from '../knowledge/vocabulary';

export interface WordReading {
  /** Concepts the words name for this patient, not negated nor in question. */
  concepts: ConceptId[];
  /** Concepts the words name only to refuse ("no numbness", "twitching resolved"). */
  negated: ConceptId[];
  /** Concepts named in question or of someone else ("r/o ALS", "family history of ALS"). */
  uncertain: ConceptId[];
  /** Sites named outside the reach of a negation, with their side when the words give one. */
  places: Place[];
  /** A progression word outside the reach of a negation ("worsening weakness"). */
  progressive: boolean;
  /** How long, when the words say ("for 3 weeks": 21). */
  durationDays?: number;
  /** The words as a card quotes them. */
  quote: string;
}

/** How much of an entry's words is read. */
export const WORDS_READ = 500;
/** How much of them a card quotes. */
export const QUOTE_LENGTH = 160;

const CONCEPTS = compilePhrases(CONCEPT_PHRASES);
/** Every concept phrase in one expression, case aside: one pass tells most texts name none. */
const ANY_CONCEPT = new RegExp(CONCEPTS.map((c) => c.pattern.source).join('|'), 'i');
const SITES = compilePhrases(SITE_PHRASES);
const SIDES = compilePhrases(SIDE_PHRASES);
const PROGRESSION = compileWords(PROGRESSION_WORDS);
const NOT_PROGRESSION = new RegExp(`^\\s+(?:${NOT_PROGRESSION_AFTER.replace(/ /g, '\\s+')})(?![A-Za-z0-9])`, 'i');
const NEGATED_BEFORE = compileWords(NEGATION_BEFORE);
const NEGATED_AFTER = compileWords(NEGATION_AFTER);
const PSEUDO = compileWords(PSEUDO_NEGATION);
const UNCERTAIN = compileWords(UNCERTAIN_BEFORE);

/** What may stand between a side word and its site: "left-sided upper thigh", "both of the legs". */
const SIDE_TO_SITE = /^(?:[\s,/&-]|\b(?:and|or|of|the|side|sided|upper|lower|inner|outer|medial|lateral|proximal|distal|anterior|mid|muscles?)\b)*$/i;
/** What may stand between a site and a side written after it: "thigh, left", "hamstring (right)", "leg on the left". */
const SITE_TO_SIDE = /^(?:[\s,(]|\b(?:on|the)\b)*$/i;

const NUMBER = '(\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const UNIT = '(days?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?|y)';
/** Read on words whose white space is one space, so that each separator is at most one character. */
const DURATIONS: readonly RegExp[] = [
  // "for 3 weeks", "for the past 10 days", "x 3 wks", "x3 weeks", "since 2 months", "over the last year"
  new RegExp(
    `(?:\\bfor|\\bx|×|\\bsince|\\bover) ?(?:the )?(?:(?:past|last|about|around|approximately|almost|nearly|over|~) ?)?(?:${NUMBER} ?-? ?)?${UNIT}(?![A-Za-z])`,
    'i',
  ),
  // "3-week history", "2 weeks ago", "3 wk hx"
  new RegExp(`\\b${NUMBER} ?-? ?${UNIT} (?:history|hx|ago)\\b`, 'i'),
];
/** British notation: 3/7 days, 3/52 weeks, 3/12 months; only beside "for", "x", "history" or "ago", as 3/12 is also a date. */
const FRACTION_DURATIONS: readonly RegExp[] = [/(?:\bfor|\bx|×) ?(\d{1,2})\/(7|52|12)\b/i, /\b(\d{1,2})\/(7|52|12) (?:history|hx|ago)\b/i];
const FRACTION_DAYS: Readonly<Record<string, number>> = { '7': 1, '52': 7, '12': 30 };
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

interface Hit<T> {
  start: number;
  end: number;
  meaning: T;
}

/** Every match of every phrase; where matches overlap, the longest is kept. */
function longestHits<T>(phrases: readonly CompiledPhrase<T>[], text: string): Hit<T>[] {
  const all: Hit<T>[] = [];
  for (const { pattern, meaning } of phrases) {
    for (const m of text.matchAll(pattern)) all.push({ start: m.index, end: m.index + m[0].length, meaning });
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit<T>[] = [];
  for (const hit of all) {
    if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function spans(pattern: RegExp, text: string): { start: number; end: number }[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The words with every pseudo-trigger ("not resolved", "no change") blanked out, offsets kept. */
function withoutPseudoTriggers(text: string): string {
  return text.replace(PSEUDO, (m) => ' '.repeat(m.length));
}

/** Reads where each clause ends, and whether a stretch of the words is refused or put in question. */
class Scopes {
  private readonly breaks: number[];
  private readonly before: { clause: number; end: number }[];
  private readonly after: { clause: number; start: number }[];
  private readonly uncertain: { clause: number; end: number }[];

  constructor(text: string) {
    const masked = withoutPseudoTriggers(text);
    this.breaks = spans(CLAUSE_BREAK, masked).map((s) => s.start);
    this.before = spans(NEGATED_BEFORE, masked).map((s) => ({ clause: this.clauseAt(s.start), end: s.end }));
    this.after = spans(NEGATED_AFTER, masked).map((s) => ({ clause: this.clauseAt(s.start), start: s.start }));
    this.uncertain = [...spans(UNCERTAIN, masked), ...spans(QUESTION_BEFORE, masked)].map((s) => ({ clause: this.clauseAt(s.start), end: s.end }));
  }

  clauseAt(position: number): number {
    return this.breaks.filter((b) => b < position).length;
  }

  /** The clause's start: just after the break before it. */
  clauseStart(position: number): number {
    const before = this.breaks.filter((b) => b < position);
    return before.length === 0 ? 0 : before[before.length - 1] + 1;
  }

  negated(hit: { start: number; end: number }): boolean {
    const clause = this.clauseAt(hit.start);
    return this.before.some((t) => t.clause === clause && t.end <= hit.start) || this.after.some((t) => t.clause === clause && t.start >= hit.end);
  }

  inQuestion(hit: { start: number }): boolean {
    const clause = this.clauseAt(hit.start);
    return this.uncertain.some((t) => t.clause === clause && t.end <= hit.start);
  }
}

function sideOfAll(sides: readonly Side[]): Side | undefined {
  if (sides.includes('bilateral') || (sides.includes('left') && sides.includes('right'))) return 'bilateral';
  return sides[0];
}

/**
 * The sites the words name, each with the side written just before it ("left hamstring", "both
 * thighs", "R hand"), or else just after it ("thigh, left") when no later site claims that word.
 */
function placesOf(text: string, scopes: Scopes): Place[] {
  const sites = longestHits(SITES, text);
  const sides = longestHits(SIDES, text).filter((s) => !sites.some((site) => s.start < site.end && site.start < s.end));
  const claimed = new Set<Hit<Side>>();
  const found: { hit: Hit<BodyPart>; side?: Side }[] = [];
  sites.forEach((site, i) => {
    const from = Math.max(i > 0 ? sites[i - 1].end : 0, scopes.clauseStart(site.start));
    const attached: Hit<Side>[] = [];
    let reach = site.start;
    for (const side of sides.filter((s) => s.start >= from && s.end <= site.start).reverse()) {
      if (!SIDE_TO_SITE.test(text.slice(side.end, reach))) break;
      attached.push(side);
      reach = side.start;
    }
    attached.forEach((s) => claimed.add(s));
    found.push({ hit: site, side: sideOfAll(attached.map((s) => s.meaning)) });
  });
  found.forEach((place, i) => {
    if (place.side) return;
    const until = i + 1 < sites.length ? sites[i + 1].start : text.length;
    const after = sides.find(
      (s) => s.start >= place.hit.end && s.end <= until && !claimed.has(s) && scopes.clauseAt(s.start) === scopes.clauseAt(place.hit.start),
    );
    if (after && SITE_TO_SIDE.test(text.slice(place.hit.end, after.start))) place.side = after.meaning;
  });
  const places: Place[] = [];
  for (const { hit, side } of found) {
    if (scopes.negated(hit)) continue;
    if (places.some((p) => p.part === hit.meaning && p.side === side)) continue;
    places.push(side ? { part: hit.meaning, side } : { part: hit.meaning });
  }
  // "Left thigh ... the thigh": the sided place says it all.
  return places.filter((p) => p.side !== undefined || !places.some((q) => q.part === p.part && q.side !== undefined));
}

function durationOf(text: string): number | undefined {
  for (const pattern of DURATIONS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const count = m[1] === undefined ? 1 : (NUMBER_WORDS[m[1].toLowerCase()] ?? Number(m[1]));
    return count * DURATION_UNIT_DAYS[m[2][0].toLowerCase()];
  }
  for (const pattern of FRACTION_DURATIONS) {
    const m = pattern.exec(text);
    if (m) return Number(m[1]) * FRACTION_DAYS[m[2]];
  }
  return undefined;
}

/**
 * A progression word counts beside something the clause names ("worsening weakness", "twitching is
 * spreading"), out of a negation's reach, and not as "worse at night" or "increasing training".
 */
function isProgression(text: string, word: { start: number; end: number }, scopes: Scopes, namedInClause: ReadonlySet<number>): boolean {
  return namedInClause.has(scopes.clauseAt(word.start)) && !scopes.negated(word) && !NOT_PROGRESSION.test(text.slice(word.end));
}

function quoteOf(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim();
  return words.length > QUOTE_LENGTH ? `${words.slice(0, QUOTE_LENGTH - 1)}…` : words;
}

/**
 * True when the words may name a concept of the vocabulary: a cheap first look, so that the many
 * texts that name none ("Blood pressure", "Smoking status") are not read further.
 */
export function mayNameConcept(input: string): boolean {
  return ANY_CONCEPT.test(input.length > WORDS_READ ? input.slice(0, WORDS_READ) : input);
}

export function readWords(input: string): WordReading {
  // One space for any run of white space (a line break for one that holds a line break: it ends a
  // clause): every expression then backtracks over one character at most.
  const text = (input.length > WORDS_READ ? input.slice(0, WORDS_READ) : input).replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : ' '));
  const scopes = new Scopes(text);
  const named = new Set<ConceptId>();
  const refused = new Set<ConceptId>();
  const questioned = new Set<ConceptId>();
  const namedInClause = new Set<number>();
  for (const hit of longestHits(CONCEPTS, text)) {
    if (scopes.negated(hit)) refused.add(hit.meaning);
    else if (scopes.inQuestion(hit)) questioned.add(hit.meaning);
    else {
      named.add(hit.meaning);
      namedInClause.add(scopes.clauseAt(hit.start));
    }
  }
  const durationDays = durationOf(text);
  return {
    concepts: [...named],
    negated: [...refused].filter((c) => !named.has(c)),
    uncertain: [...questioned].filter((c) => !named.has(c) && !refused.has(c)),
    places: placesOf(text, scopes),
    progressive: spans(PROGRESSION, text).some((s) => isProgression(text, s, scopes, namedInClause)),
    ...(durationDays !== undefined && durationDays > 0 ? { durationDays } : {}),
    quote: quoteOf(text),
  };
}
