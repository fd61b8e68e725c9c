/**
 * Concepts grouped by the question the service asks of them: which records are symptoms, which
 * codes name an EMG (which order or result a code stands for is the catalogue's). Facts and rules ask these groups;
 * they never list concepts of their own.
 */
import type { ConceptId } from './codes';
import { ICD10CM } from './systems';

/** Conditions and symptom Observations the service reads as clinical records. */
export const SYMPTOM_CONCEPTS: ReadonlySet<ConceptId> = new Set<ConceptId>([
  'twitching',
  'muscleWeakness',
  'muscleAtrophy',
  'muscleCramp',
  'sensoryChange',
  'radiculopathy',
  'claudication',
  'peripheralVascularDisease',
  'thighPain',
  'hamstringInjury',
  'neuromyotonia',
  'hypomagnesemia',
  'hypokalemia',
  'hypocalcemia',
  'dehydration',
  'motorNeuronDisease',
  'polyneuropathy',
  'carpalTunnelSyndrome',
]);

/**
 * Words that make a G71.19 diagnosis (other specified myotonic disorders, which covers more than
 * neuromyotonia) a diagnosis of neuromyotonia: no SNOMED CT code for neuromyotonia or Isaacs
 * syndrome could be verified, and ICD-10-CM indexes neuromyotonia under G71.19.
 */
export const NEUROMYOTONIA_WORDS = /\bneuromyotonia\b|\bisaacs?\b|\bisaac'?s\b/i;

/**
 * Codes that name a concept only broadly: G71.19 (other specified myotonic disorders) names
 * neuromyotonia among others. A record coded only so needs its words to say which; a specific code
 * (a site's SNOMED CT neuromyotonia code, say) speaks for itself. ICD-10-CM codes are kept upper-case
 * without their dot, as the value sets compare them.
 */
export const BROAD_CODES: ReadonlySet<string> = new Set([`${ICD10CM}|G7119`]);

/** Codes of an EMG examination (a nerve conduction study is done and reported with it). */
export const EMG_CONCEPTS: ReadonlySet<ConceptId> = new Set<ConceptId>(['electromyography', 'nerveConductionStudy']);

/** Symptoms that make twitching "twitching with additional symptoms" (the approach's second branch). */
export const ADDITIONAL_SYMPTOMS: readonly ConceptId[] = ['muscleWeakness', 'muscleAtrophy', 'muscleCramp', 'sensoryChange', 'radiculopathy', 'thighPain'];

/** Documented conditions the approach names as benign causes of twitching. */
export const BENIGN_CAUSES: readonly ConceptId[] = ['dehydration', 'hypomagnesemia', 'hypokalemia', 'hypocalcemia'];

/** Body sites that are the thigh (where hamstring twitching is). */
export const THIGH_SITES: readonly ConceptId[] = ['thighSite', 'leftThighSite', 'rightThighSite'];

/** Body sites known not to be the leg: a sensory symptom there does not radiate down the leg. */
export const NOT_LEG_SITES: readonly ConceptId[] = ['upperArmSite', 'tongueSite'];

/** Stimulants recognised by code on the medication list. */
export const STIMULANT_CONCEPTS: readonly ConceptId[] = ['caffeine', 'methylphenidate'];

/** Stimulant names matched in medication text, as the terminology reference allows for this one family. */
export const STIMULANT_NAMES: readonly string[] = ['caffeine', 'energy drink', 'pseudoephedrine', 'amphetamine', 'methylphenidate'];
