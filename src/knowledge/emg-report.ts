/**
 * How an EMG / nerve conduction report's conclusion is read. terminology.md ("Diagnoses that explain
 * or answer a red flag"): many systems send SNOMED CT 17621005 "Normal" as the report's
 * conclusionCode; the words of its conclusion ("normal study", "no neuromyotonic discharges") are the
 * rest. A normal study with no neuromyotonic discharges is the exclusion the approach's pitfall asks
 * for (pitfall.persistent-not-benign); any word of an abnormality keeps it from reading as normal.
 */
import type { EmgOutcome } from '../facts/types';
import { SNOMED } from './systems';

export const NORMAL_CONCLUSION_CODES: ReadonlySet<string> = new Set([`${SNOMED}|17621005`]);

/** A conclusion that says the study is normal. */
const NORMAL_WORDS =
  /\b(?:normal (?:study|emg|ncs|nerve conduction|electromyograph\w*|electrodiagnostic)|within normal limits|no electrodiagnostic evidence|unremarkable)\b|^\s*normal\b/i;

/** Words of an abnormality: denervation, abnormal discharges, a neuropathy or motor neuron disease. */
const ABNORMAL_WORDS =
  /\b(?:abnormal|denervation|fibrillation|positive sharp|(?:neuromyotonic|myokymic) discharges|motor neuron|amyotrophic|radiculopathy|neuropathy|consistent with|suggestive of)\b/i;

/** Words that say no neuromyotonic or myokymic discharges were seen. */
const NO_NEUROMYOTONIC_DISCHARGES = /\bno (?:neuromyotonic|myokymic) discharges\b/i;

/** A negated phrase ("no evidence of neuropathy", "without denervation"), up to the end of its clause: it names no abnormality. */
const NEGATED_PHRASE = /\b(?:no|without|negative for)\b[^.;:]*/gi;

export function emgOutcome(
  showsNeuromyotonia: boolean,
  conclusionCodes: readonly { system?: string; code?: string }[],
  conclusion: string | undefined,
): EmgOutcome {
  if (showsNeuromyotonia) return 'neuromyotonia';
  const words = conclusion ?? '';
  const abnormal = ABNORMAL_WORDS.test(words.replace(NEGATED_PHRASE, ''));
  if (abnormal) return 'abnormal';
  if (conclusionCodes.some((c) => NORMAL_CONCLUSION_CODES.has(`${c.system}|${c.code}`)) || NORMAL_WORDS.test(words) || NO_NEUROMYOTONIC_DISCHARGES.test(words))
    return 'normal';
  return 'unstated';
}
