/**
 * How laboratories say what a result means, beside its value: v3 ObservationInterpretation codes
 * (R4; the v2 table 0078 uses the same codes), SNOMED CT qualifier values for coded results such
 * as an antibody screen, and the words laboratories write. Sources: the project's terminology
 * reference (POS, DET, A, H; 10828004, 260373001; "Positive", "Detected", "Reactive"; NEG, ND;
 * 260385009, 260415000; "Negative", "Not detected"), and, seen beside their displays in public
 * files: RR, WR, NR, IND, E in terminology.hl7.org's v3-ObservationInterpretation CodeSystem
 * (version 2.1.0); 11214006 Reactive, 131194007 Non-reactive, 42425007 Equivocal, 82334004
 * Indeterminate, 419984006 Inconclusive in the WHO digital documentation of COVID-19 certificates
 * laboratory value set; 260408008 Weakly positive in a published FSH value set.
 */
import { SNOMED } from './systems';

/** Interpretation codes that say "below the range", and those that say it is not below it. */
export const LOW_INTERPRETATIONS: ReadonlySet<string> = new Set(['L', 'LL', 'LU', '<']);

/** v3 ObservationInterpretation LL "Critical low": the laboratory calls the value critical, whatever our severe cut-off says. */
export const CRITICAL_LOW_INTERPRETATIONS: ReadonlySet<string> = new Set(['LL']);
export const NOT_LOW_INTERPRETATIONS: ReadonlySet<string> = new Set(['N', 'H', 'HH', 'HU', '>']);

/** What a qualitative result (an antibody screen) says: positive, negative, or nothing that can be read. */
export type QualitativeReading = 'positive' | 'negative' | 'unreadable';

/** Interpretation codes: for an antibody screen, abnormal or high is positive; Normal alone says nothing. */
const POSITIVE_INTERPRETATIONS: ReadonlySet<string> = new Set(['POS', 'DET', 'RR', 'WR', 'A', 'AA', 'H', 'HH']);
const NEGATIVE_INTERPRETATIONS: ReadonlySet<string> = new Set(['NEG', 'ND', 'NR']);

/** SNOMED CT qualifier values. */
export const POSITIVE = { system: SNOMED, code: '10828004', display: 'Positive (qualifier value)' } as const;
const POSITIVE_VALUES: ReadonlySet<string> = new Set(['10828004', '260373001', '11214006', '260408008']);
const NEGATIVE_VALUES: ReadonlySet<string> = new Set(['260385009', '260415000', '131194007']);

/** SNOMED CT codes that record a finding as absent (a symptom Observation valued Negative or Not detected). */
export const NEGATIVE_CODES: ReadonlySet<string> = NEGATIVE_VALUES;

/** Words, as laboratories write them at the start of a result ("Positive 1:40", "Not detected"). */
const NEGATIVE_WORDS = /^\s*(negative|neg\b|not detected|undetected|non-?reactive)/i;
const POSITIVE_WORDS = /^\s*(weakly positive|positive|pos\b|detected|reactive|weakly reactive)/i;

export interface QualitativeResult {
  interpretation: readonly string[];
  valueCodings: readonly { system?: string; code?: string }[];
  valueText?: string;
}

/**
 * Positive when coded, flagged or written as positive, detected or reactive; negative likewise;
 * anything else, or a result that says both, cannot be read and is never taken as negative.
 */
export function readQualitative(result: QualitativeResult): QualitativeReading {
  const said = new Set<'positive' | 'negative'>();
  for (const code of result.interpretation) {
    if (POSITIVE_INTERPRETATIONS.has(code)) said.add('positive');
    if (NEGATIVE_INTERPRETATIONS.has(code)) said.add('negative');
  }
  for (const coding of result.valueCodings) {
    if (coding.system !== SNOMED || typeof coding.code !== 'string') continue;
    if (POSITIVE_VALUES.has(coding.code)) said.add('positive');
    if (NEGATIVE_VALUES.has(coding.code)) said.add('negative');
  }
  const text = result.valueText;
  if (text !== undefined) {
    // Negative words first: "not detected" contains "detected".
    if (NEGATIVE_WORDS.test(text)) said.add('negative');
    else if (POSITIVE_WORDS.test(text)) said.add('positive');
  }
  return said.size === 1 ? [...said][0] : 'unreadable';
}
