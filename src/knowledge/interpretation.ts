/**
 * How laboratories say what a result means, beside its value: v3 ObservationInterpretation codes
 * (R4; the v2 table 0078 uses the same codes) and SNOMED CT qualifier values for coded results
 * such as an antibody screen. Codes as in the project's terminology reference.
 */
import { SNOMED } from './systems';

/** Interpretation codes that say "below the range", and those that say it is not below it. */
export const LOW_INTERPRETATIONS: ReadonlySet<string> = new Set(['L', 'LL', 'LU', '<']);
export const NOT_LOW_INTERPRETATIONS: ReadonlySet<string> = new Set(['N', 'H', 'HH', 'HU', '>']);

/** Interpretation codes that call a qualitative result (an antibody screen) positive. */
export const POSITIVE_INTERPRETATIONS: ReadonlySet<string> = new Set(['POS', 'DET']);

/** Qualifier values for coded results such as an antibody screen. */
export const POSITIVE = { system: SNOMED, code: '10828004', display: 'Positive (qualifier value)' } as const;
export const NEGATIVE = { system: SNOMED, code: '260385009', display: 'Negative (qualifier value)' } as const;

/** SNOMED CT codes that record a finding as absent (a symptom Observation valued Negative). */
export const NEGATIVE_CODES: ReadonlySet<string> = new Set([NEGATIVE.code]);
