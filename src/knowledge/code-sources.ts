/**
 * Where each value set's codes were verified, concept by concept, as the comments of codes.ts
 * record it: published with the value set (GET /fhir/ValueSet) so a terminology team knows what to
 * re-check. A concept without a source here does not compile.
 */
import type { ConceptId } from './codes';

/** What most codes rest on: the project's terminology reference, where each row names the public file it was seen in. */
const REFERENCE =
  "Every code is marked VERIFIED in the project's terminology reference (version 3), which names the public file each code was seen in beside its display.";

const BODY_SITES =
  'Body sites: the project\'s terminology reference (version 3), "Body sites and regions", VERIFIED; lower limb 61685007, upper limb 53120007, lower leg 30021000 and neck 45048000 seen beside these displays in DICOM anatomic-region value sets and public FSH body-site value sets.';

const IPS_FREE_SET = "the SNOMED IPS Free Set expansion in HL7's International Patient Summary guide (SNOMED CT version 20220731)";

export const CODE_SOURCES: Readonly<Record<ConceptId, string>> = {
  twitching: `ICD-10-CM R25.3: the project's terminology reference (version 3), VERIFIED. SNOMED CT 82470000: seen beside its display in ${IPS_FREE_SET}; no SNOMED CT code for "muscle twitch" was found, and MedlinePlus names muscle fasciculation as muscle twitching, so this code stands for both. SNOMED CT 27678003 (myokymia): seen beside its display in NCBI MedGen's record "Myokymia" (UID 146882); one source only.`,
  muscleWeakness: REFERENCE,
  muscleAtrophy: `${REFERENCE} The ICD-10-CM family M62.55- (thigh; the last character is the side) is matched by prefix.`,
  muscleCramp: REFERENCE,
  sensoryChange: REFERENCE,
  radiculopathy: `${REFERENCE} SNOMED CT 128196005 and 2415007: seen beside their displays in ${IPS_FREE_SET}. The ICD-10-CM family M54.3- is matched by prefix.`,
  claudication: `${REFERENCE} The ICD-10-CM family I70.21- (1 right leg, 2 left leg, 3 bilateral) is matched by prefix.`,
  peripheralVascularDisease: REFERENCE,
  thighPain: `${REFERENCE} SNOMED CT 78514002 (no side; the side comes from the record's body site): seen beside its display in ${IPS_FREE_SET}.`,
  hamstringInjury: `SNOMED CT 481000119104 (a US-extension identifier, absent from the International edition): seen beside its display in ${IPS_FREE_SET}. The ICD-10-CM family S76.3- (fifth character 1 = strain, sixth = side) is matched by prefix; the project's terminology reference (version 3), VERIFIED.`,
  neuromyotonia:
    "ICD-10-CM G71.19: the project's terminology reference (version 3), VERIFIED. The link neuromyotonia to G71.19 was seen in one map only, so the service asks for EMG confirmation or the record's words before it acts on this code.",
  hypomagnesemia: REFERENCE,
  hypokalemia: REFERENCE,
  hypocalcemia: `ICD-10-CM E83.51: the project's terminology reference (version 3), VERIFIED (E83.52 is hypercalcemia). SNOMED CT 5291005: seen beside its display in ${IPS_FREE_SET} and in the Medizininformatik-Initiative oncology module's concept map.`,
  dehydration: REFERENCE,
  motorNeuronDisease:
    "ICD-10-CM G12.21: the project's terminology reference (version 3), VERIFIED; the other members of G12.2- seen beside their displays in a public ICD-10-CM code list. G12.23 (primary lateral sclerosis, an upper motor neuron disease) is left out on purpose: it does not explain fasciculations. SNOMED CT 86044005 seen beside its display in several public SNOMED CT to ICD-10 maps.",
  polyneuropathy:
    "ICD-10-CM E11.42 and E10.42: the project's terminology reference (version 3), VERIFIED against the ICD-10-CM tabular list. SNOMED CT 230572002 seen beside its display in several public code lists.",
  carpalTunnelSyndrome:
    "ICD-10-CM G56.01, G56.02 and G56.03: the project's terminology reference (version 3), VERIFIED; the family G56.0- is matched by prefix. SNOMED CT 57406009 seen beside its display in public SNOMED CT to ICD-10 maps.",
  magnesium: REFERENCE,
  potassium: REFERENCE,
  calciumTotal: REFERENCE,
  calciumIonized: REFERENCE,
  albumin: `${REFERENCE} Read only to adjust total calcium.`,
  basicMetabolicPanel: `${REFERENCE} CPT 80048 includes potassium and total calcium, not magnesium. CPT short descriptions are the project's own words.`,
  comprehensiveMetabolicPanel: REFERENCE,
  ankleBrachialIndex: `${REFERENCE} LOINC 77194-9 has no side: the side comes from the body site. LOINC 44974-4 is not an ankle-brachial index.`,
  lgi1Antibody: `${REFERENCE} CPT 86255 (fluorescent antibody screen) alone does not identify LGI1 and is not listed.`,
  electromyography: `${REFERENCE} CPT short descriptions are the project's own words.`,
  nerveConductionStudy: `${REFERENCE} CPT short descriptions are the project's own words.`,
  mriLowerLimb: `${REFERENCE} CPT short descriptions are the project's own words.`,
  mriThigh: 'SNOMED CT 241640003: seen beside its display in a published FHIR ValueSet of imaging procedures; not in the terminology reference.',
  ankleBrachialStudy: `${REFERENCE} CPT short descriptions are the project's own words.`,
  thighSite: REFERENCE,
  leftThighSite: REFERENCE,
  rightThighSite: 'SNOMED CT 11207009: seen beside its display in published FHIR and FSH body-site value sets; not in the terminology reference.',
  upperArmSite: REFERENCE,
  tongueSite: REFERENCE,
  calfSite: BODY_SITES,
  lowerLegSite: BODY_SITES,
  footSite: BODY_SITES,
  lowerLimbSite: BODY_SITES,
  leftLowerLimbSite: BODY_SITES,
  rightLowerLimbSite: BODY_SITES,
  upperLimbSite: BODY_SITES,
  leftUpperLimbSite: BODY_SITES,
  rightUpperLimbSite: BODY_SITES,
  handSite: BODY_SITES,
  neckSite: BODY_SITES,
  eyelidSite: BODY_SITES,
  caffeine: "RxNorm 1886: UNVERIFIED in the project's terminology reference; seen beside the ingredient name in the CPIC schema's drug table.",
  methylphenidate: "RxNorm 6901: seen beside the ingredient name in the CPIC schema's drug table.",
  furosemide: 'RxNorm ingredient as the project\'s terminology reference (version 3) lists it under "Medicines that lower electrolytes".',
  hydrochlorothiazide: 'RxNorm ingredient as the project\'s terminology reference (version 3) lists it under "Medicines that lower electrolytes".',
  omeprazole: 'RxNorm ingredient as the project\'s terminology reference (version 3) lists it under "Medicines that lower electrolytes".',
  pantoprazole: 'RxNorm ingredient as the project\'s terminology reference (version 3) lists it under "Medicines that lower electrolytes".',
};
