/**
 * Value sets: every code the service recognises, grouped by clinical concept.
 *
 * Rules never spell a code; they ask `conceptsOf(system, code)` what a coding means. Every code
 * below is marked VERIFIED in the project's terminology reference (version 3) unless its comment
 * names the public file we verified it in; codes still unverified are left out on purpose.
 */
import { CPT, ICD10CM, LOINC, RXNORM, SNOMED } from './systems';

export type ConceptId =
  // symptoms and conditions
  | 'twitching'
  | 'muscleWeakness'
  | 'muscleAtrophy'
  | 'muscleCramp'
  | 'sensoryChange'
  | 'radiculopathy'
  | 'claudication'
  | 'peripheralVascularDisease'
  | 'thighPain'
  | 'hamstringInjury'
  | 'neuromyotonia'
  | 'hypomagnesemia'
  | 'hypokalemia'
  | 'hypocalcemia'
  | 'dehydration'
  // diagnoses that explain fasciculations or a red flag
  | 'motorNeuronDisease'
  | 'polyneuropathy'
  | 'carpalTunnelSyndrome'
  // laboratory results and panels
  | 'magnesium'
  | 'potassium'
  | 'calciumTotal'
  | 'calciumIonized'
  | 'albumin'
  | 'basicMetabolicPanel'
  | 'comprehensiveMetabolicPanel'
  | 'ankleBrachialIndex'
  | 'lgi1Antibody'
  // procedures and orders
  | 'electromyography'
  | 'nerveConductionStudy'
  | 'mriLowerLimb'
  | 'mriThigh'
  | 'ankleBrachialStudy'
  // body sites
  | 'thighSite'
  | 'leftThighSite'
  | 'rightThighSite'
  | 'upperArmSite'
  | 'tongueSite'
  | 'calfSite'
  | 'lowerLegSite'
  | 'footSite'
  | 'lowerLimbSite'
  | 'leftLowerLimbSite'
  | 'rightLowerLimbSite'
  | 'upperLimbSite'
  | 'leftUpperLimbSite'
  | 'rightUpperLimbSite'
  | 'handSite'
  | 'neckSite'
  | 'eyelidSite'
  // stimulants
  | 'caffeine'
  | 'methylphenidate'
  // medicines that lower electrolytes
  | 'furosemide'
  | 'hydrochlorothiazide'
  | 'omeprazole'
  | 'pantoprazole';

export interface CodeEntry {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** A code family matched by prefix (ICD-10-CM subcategories whose extra characters carry side or encounter). */
export interface PrefixEntry {
  readonly system: string;
  readonly prefix: string;
  readonly display: string;
}

export interface Concept {
  readonly id: ConceptId;
  readonly label: string;
  readonly codes: readonly CodeEntry[];
  readonly prefixes?: readonly PrefixEntry[];
}

const c = (system: string, code: string, display: string): CodeEntry => ({ system, code, display });

export const CONCEPTS: readonly Concept[] = [
  {
    id: 'twitching',
    label: 'Fasciculation (muscle twitching)',
    codes: [
      c(ICD10CM, 'R25.3', 'Fasciculation'),
      // Seen beside this display in the SNOMED IPS Free Set expansion of HL7's IPS guide (HL7/fhir-ips,
      // input/fsh/valuesets/ProblemsSnomedCtIpsFreeSet.fsh, SNOMED version 20220731). No SNOMED code for
      // "muscle twitch" was found, and MedlinePlus names muscle fasciculation as muscle twitching: this code
      // stands for both.
      c(SNOMED, '82470000', 'Muscle fasciculation'),
      // Myokymia is a continuous, rippling twitching of the muscle: recorded in the thigh, it opens this
      // approach like a fasciculation. Seen beside this display in NCBI MedGen's record "Myokymia" (UID 146882,
      // "SNOMED CT: Myokymia (27678003)"); one source only. No ICD-10-CM code for myokymia outside the face was found.
      c(SNOMED, '27678003', 'Myokymia'),
    ],
  },
  {
    id: 'muscleWeakness',
    label: 'Muscle weakness',
    codes: [c(SNOMED, '26544005', 'Muscle weakness (finding)'), c(ICD10CM, 'M62.81', 'Muscle weakness (generalized)')],
  },
  {
    id: 'muscleAtrophy',
    label: 'Muscle atrophy',
    codes: [c(SNOMED, '88092000', 'Muscle atrophy (disorder)')],
    // M62.55-: muscle wasting and atrophy of the thigh; the last digit is the side.
    prefixes: [{ system: ICD10CM, prefix: 'M62.55', display: 'Muscle wasting and atrophy, not elsewhere classified, thigh' }],
  },
  {
    id: 'muscleCramp',
    label: 'Muscle cramp',
    codes: [c(SNOMED, '55300003', 'Cramp (finding)'), c(ICD10CM, 'R25.2', 'Cramp and spasm')],
  },
  {
    id: 'sensoryChange',
    label: 'Sensory change (numbness, tingling)',
    codes: [
      c(SNOMED, '91019004', 'Paresthesia (finding)'),
      c(SNOMED, '44077006', 'Numbness (finding)'),
      c(ICD10CM, 'R20.0', 'Anesthesia of skin'),
      c(ICD10CM, 'R20.1', 'Hypoesthesia of skin'),
      c(ICD10CM, 'R20.2', 'Paresthesia of skin'),
    ],
  },
  {
    id: 'radiculopathy',
    label: 'Lumbar radiculopathy or sciatica',
    codes: [
      c(SNOMED, '23056005', 'Sciatica (disorder)'),
      // Both seen beside these displays in the SNOMED IPS Free Set expansion (HL7/fhir-ips, as for twitching).
      c(SNOMED, '128196005', 'Lumbar radiculopathy'),
      c(SNOMED, '2415007', 'Lumbosacral radiculopathy'),
      c(ICD10CM, 'M54.16', 'Radiculopathy, lumbar region'),
      c(ICD10CM, 'M54.17', 'Radiculopathy, lumbosacral region'),
      c(ICD10CM, 'M54.41', 'Lumbago with sciatica, right side'),
      c(ICD10CM, 'M54.42', 'Lumbago with sciatica, left side'),
    ],
    prefixes: [{ system: ICD10CM, prefix: 'M54.3', display: 'Sciatica' }],
  },
  {
    id: 'claudication',
    label: 'Intermittent claudication',
    codes: [c(SNOMED, '63491006', 'Intermittent claudication (finding)')],
    // I70.21-: 1 = right leg, 2 = left leg, 3 = bilateral.
    prefixes: [
      {
        system: ICD10CM,
        prefix: 'I70.21',
        display: 'Atherosclerosis of native arteries of extremities with intermittent claudication',
      },
    ],
  },
  {
    id: 'peripheralVascularDisease',
    label: 'Peripheral vascular disease',
    codes: [c(ICD10CM, 'I73.9', 'Peripheral vascular disease, unspecified')],
  },
  {
    id: 'thighPain',
    label: 'Localized thigh pain',
    codes: [
      // SNOMED's thigh pain has no side: laterality then comes from the record's body site. Seen beside this
      // display in the SNOMED IPS Free Set expansion (HL7/fhir-ips, as for twitching).
      c(SNOMED, '78514002', 'Thigh pain'),
      c(ICD10CM, 'M79.651', 'Pain in right thigh'),
      c(ICD10CM, 'M79.652', 'Pain in left thigh'),
      c(ICD10CM, 'M79.659', 'Pain in unspecified thigh'),
    ],
  },
  {
    id: 'hamstringInjury',
    label: 'Hamstring strain or injury',
    // S76.3-: injury of the posterior muscle group at thigh level (5th character 1 = strain, 6th = side).
    codes: [
      // A US-extension id (…1000119104): a site on the SNOMED International edition alone does not have it.
      // Seen beside this display in the SNOMED IPS Free Set expansion (HL7/fhir-ips, as for twitching).
      c(SNOMED, '481000119104', 'Strain of hamstring muscle'),
    ],
    prefixes: [
      {
        system: ICD10CM,
        prefix: 'S76.3',
        display: 'Injury of muscle, fascia and tendon of the posterior muscle group at thigh level',
      },
    ],
  },
  {
    id: 'neuromyotonia',
    label: 'Neuromyotonia (peripheral nerve hyperexcitability)',
    // terminology.md: G71.19 verified; the link neuromyotonia -> G71.19 was seen in one map only, so the
    // service asks for EMG confirmation before it acts on this code (see rules/neuromuscular.ts).
    codes: [c(ICD10CM, 'G71.19', 'Other specified myotonic disorders')],
  },
  {
    id: 'hypomagnesemia',
    label: 'Hypomagnesemia',
    codes: [c(ICD10CM, 'E83.42', 'Hypomagnesemia'), c(SNOMED, '190855004', 'Hypomagnesemia (disorder)')],
  },
  {
    id: 'hypokalemia',
    label: 'Hypokalemia',
    codes: [c(ICD10CM, 'E87.6', 'Hypokalemia'), c(SNOMED, '43339004', 'Hypokalemia (disorder)')],
  },
  {
    id: 'hypocalcemia',
    label: 'Hypocalcemia',
    // E83.52 is hypercalcemia. SNOMED 5291005 is VERIFIED: seen beside "Hypocalcemia" in the SNOMED IPS Free
    // Set expansion (HL7/fhir-ips, as for twitching) and in the Medizininformatik-Initiative oncology module's
    // FSH concept map.
    codes: [c(ICD10CM, 'E83.51', 'Hypocalcemia'), c(SNOMED, '5291005', 'Hypocalcemia (disorder)')],
  },
  {
    id: 'dehydration',
    label: 'Dehydration',
    codes: [c(ICD10CM, 'E86.0', 'Dehydration'), c(SNOMED, '34095006', 'Dehydration (disorder)')],
  },
  {
    id: 'motorNeuronDisease',
    label: 'Motor neuron disease',
    // terminology.md: G12.21 VERIFIED; the other members of G12.2- seen beside these displays in a public
    // ICD-10-CM code list. G12.23 (primary lateral sclerosis) is left out on purpose: an upper motor neuron
    // disease, it does not explain fasciculations. SNOMED 86044005 seen beside "Amyotrophic lateral
    // sclerosis" in several public SNOMED-to-ICD maps (with G12.21).
    codes: [
      c(ICD10CM, 'G12.20', 'Motor neuron disease, unspecified'),
      c(ICD10CM, 'G12.21', 'Amyotrophic lateral sclerosis'),
      c(ICD10CM, 'G12.22', 'Progressive bulbar palsy'),
      c(ICD10CM, 'G12.24', 'Familial motor neuron disease'),
      c(ICD10CM, 'G12.25', 'Progressive spinal muscle atrophy'),
      c(ICD10CM, 'G12.29', 'Other motor neuron disease'),
      c(SNOMED, '86044005', 'Amyotrophic lateral sclerosis (disorder)'),
    ],
  },
  {
    id: 'polyneuropathy',
    label: 'Polyneuropathy',
    // terminology.md: E11.42 and E10.42 VERIFIED (ICD-10-CM tabular). SNOMED 230572002 seen beside
    // "Neuropathy due to diabetes mellitus" in several public code lists.
    codes: [
      c(ICD10CM, 'E11.42', 'Type 2 diabetes mellitus with diabetic polyneuropathy'),
      c(ICD10CM, 'E10.42', 'Type 1 diabetes mellitus with diabetic polyneuropathy'),
      c(SNOMED, '230572002', 'Neuropathy due to diabetes mellitus (disorder)'),
    ],
  },
  {
    id: 'carpalTunnelSyndrome',
    label: 'Carpal tunnel syndrome',
    // terminology.md: G56.01 / G56.02 / G56.03 VERIFIED; G56.00 (unspecified limb) and SNOMED 57406009 seen
    // beside "Carpal tunnel syndrome" in public SNOMED-to-ICD maps.
    codes: [c(SNOMED, '57406009', 'Carpal tunnel syndrome (disorder)')],
    prefixes: [{ system: ICD10CM, prefix: 'G56.0', display: 'Carpal tunnel syndrome' }],
  },
  {
    id: 'magnesium',
    label: 'Serum magnesium',
    codes: [
      c(LOINC, '19123-9', 'Magnesium [Mass/volume] in Serum or Plasma'),
      c(LOINC, '2601-3', 'Magnesium [Moles/volume] in Serum or Plasma'),
      c(CPT, '83735', 'Magnesium'),
    ],
  },
  {
    id: 'potassium',
    label: 'Potassium',
    codes: [c(LOINC, '2823-3', 'Potassium [Moles/volume] in Serum or Plasma'), c(LOINC, '6298-4', 'Potassium [Moles/volume] in Blood')],
  },
  {
    id: 'calciumTotal',
    label: 'Total calcium',
    codes: [c(LOINC, '17861-6', 'Calcium [Mass/volume] in Serum or Plasma'), c(LOINC, '2000-8', 'Calcium [Moles/volume] in Serum or Plasma')],
  },
  {
    id: 'calciumIonized',
    label: 'Ionized calcium',
    codes: [
      c(LOINC, '1995-0', 'Calcium.ionized [Moles/volume] in Serum or Plasma'),
      c(LOINC, '1994-3', 'Calcium.ionized [Moles/volume] in Blood'),
      c(LOINC, '17863-2', 'Calcium.ionized [Mass/volume] in Serum or Plasma'),
    ],
  },
  {
    id: 'albumin',
    label: 'Serum albumin',
    // Read only to adjust total calcium (terminology reference: VERIFIED in a public LOINC mapping table).
    codes: [c(LOINC, '1751-7', 'Albumin [Mass/volume] in Serum or Plasma')],
  },
  {
    id: 'basicMetabolicPanel',
    label: 'Basic metabolic panel',
    codes: [
      c(LOINC, '51990-0', 'Basic metabolic panel - Blood'),
      c(LOINC, '24321-2', 'Basic metabolic 2000 panel - Serum or Plasma'),
      // CPT 80048: basic metabolic panel; includes potassium and total calcium, not magnesium.
      c(CPT, '80048', 'Basic metabolic panel (calcium, total)'),
    ],
  },
  {
    id: 'comprehensiveMetabolicPanel',
    label: 'Comprehensive metabolic panel',
    codes: [c(LOINC, '24323-8', 'Comprehensive metabolic 2000 panel - Serum or Plasma')],
  },
  {
    id: 'ankleBrachialIndex',
    label: 'Ankle-brachial index',
    // 77194-9 has no side: laterality comes from bodySite. 44974-4 is not ABI.
    codes: [c(LOINC, '77194-9', 'Ankle-brachial index'), c(SNOMED, '446841001', 'Ankle brachial pressure index (observable entity)')],
  },
  {
    id: 'lgi1Antibody',
    label: 'LGI1 antibody',
    // CPT 86255 (fluorescent antibody screen) alone does not identify LGI1, so it is not listed.
    codes: [c(LOINC, '82978-8', 'LGI1 Ab IgG screen by immunofluorescence (serum)')],
  },
  {
    id: 'electromyography',
    label: 'Electromyography (EMG)',
    codes: [
      c(SNOMED, '42803009', 'Electromyography (procedure)'),
      c(CPT, '95885', 'Needle EMG with nerve conduction studies, each limb, limited'),
      c(CPT, '95886', 'Needle EMG with nerve conduction studies, each limb, complete'),
      c(CPT, '95887', 'Needle EMG with nerve conduction studies, non-limb muscles'),
    ],
  },
  {
    id: 'nerveConductionStudy',
    label: 'Nerve conduction studies',
    codes: [
      c(CPT, '95907', 'Nerve conduction studies, 1-2 studies'),
      c(CPT, '95908', 'Nerve conduction studies, 3-4 studies'),
      c(CPT, '95909', 'Nerve conduction studies, 5-6 studies'),
      c(CPT, '95910', 'Nerve conduction studies, 7-8 studies'),
      c(CPT, '95911', 'Nerve conduction studies, 9-10 studies'),
      c(CPT, '95912', 'Nerve conduction studies, 11-12 studies'),
      c(CPT, '95913', 'Nerve conduction studies, 13 or more studies'),
    ],
  },
  {
    id: 'mriLowerLimb',
    label: 'MRI of the thigh (lower limb, other than joint)',
    codes: [
      c(CPT, '73718', 'MRI lower extremity other than joint, without contrast'),
      c(CPT, '73719', 'MRI lower extremity other than joint, with contrast'),
      c(CPT, '73720', 'MRI lower extremity other than joint, without then with contrast'),
    ],
  },
  {
    id: 'mriThigh',
    label: 'MRI of the thigh',
    // Not in terminology.md; seen beside this display in a published FHIR ValueSet (imaging procedures).
    codes: [c(SNOMED, '241640003', 'Magnetic resonance imaging of thigh (procedure)')],
  },
  {
    id: 'ankleBrachialStudy',
    label: 'Ankle-brachial index study',
    codes: [c(CPT, '93922', 'Limited bilateral noninvasive physiologic study of extremity arteries (e.g., ABI)')],
  },
  {
    id: 'thighSite',
    label: 'Thigh',
    codes: [c(SNOMED, '68367000', 'Thigh structure (body structure)')],
  },
  {
    id: 'leftThighSite',
    label: 'Left thigh',
    codes: [c(SNOMED, '61396006', 'Structure of left thigh')],
  },
  {
    id: 'rightThighSite',
    label: 'Right thigh',
    // Not in terminology.md; seen beside this display in published FHIR and FSH body-site value sets.
    codes: [c(SNOMED, '11207009', 'Structure of right thigh (body structure)')],
  },
  {
    id: 'upperArmSite',
    label: 'Upper arm',
    codes: [c(SNOMED, '40983000', 'Structure of upper limb between shoulder and elbow (body structure)')],
  },
  {
    id: 'tongueSite',
    label: 'Tongue',
    codes: [c(SNOMED, '21974007', 'Tongue structure (body structure)')],
  },
  // Body sites below: terminology.md, "Body sites and regions" (calf, lower and upper limbs with side, hand,
  // foot, eyelid), VERIFIED; lower limb 61685007, upper limb 53120007, lower leg 30021000 and neck 45048000
  // seen beside these displays in DICOM anatomic-region value sets and public FSH body-site value sets.
  { id: 'calfSite', label: 'Calf', codes: [c(SNOMED, '53840002', 'Calf of leg')] },
  { id: 'lowerLegSite', label: 'Lower leg', codes: [c(SNOMED, '30021000', 'Lower leg structure')] },
  { id: 'footSite', label: 'Foot', codes: [c(SNOMED, '56459004', 'Foot structure')] },
  { id: 'lowerLimbSite', label: 'Lower limb', codes: [c(SNOMED, '61685007', 'Lower limb structure')] },
  { id: 'leftLowerLimbSite', label: 'Left lower limb', codes: [c(SNOMED, '32153003', 'Structure of left lower limb')] },
  { id: 'rightLowerLimbSite', label: 'Right lower limb', codes: [c(SNOMED, '62175007', 'Structure of right lower limb')] },
  { id: 'upperLimbSite', label: 'Upper limb', codes: [c(SNOMED, '53120007', 'Upper limb structure')] },
  { id: 'leftUpperLimbSite', label: 'Left upper limb', codes: [c(SNOMED, '80768000', 'Structure of left upper limb')] },
  { id: 'rightUpperLimbSite', label: 'Right upper limb', codes: [c(SNOMED, '6921000', 'Structure of right upper limb')] },
  { id: 'handSite', label: 'Hand', codes: [c(SNOMED, '85562004', 'Hand structure')] },
  { id: 'neckSite', label: 'Neck', codes: [c(SNOMED, '45048000', 'Neck structure')] },
  { id: 'eyelidSite', label: 'Eyelid', codes: [c(SNOMED, '80243003', 'Eyelid structure')] },
  {
    id: 'caffeine',
    label: 'Caffeine',
    // UNVERIFIED in terminology.md; seen beside the ingredient name "caffeine" in the CPIC schema's drug table.
    codes: [c(RXNORM, '1886', 'caffeine')],
  },
  {
    id: 'methylphenidate',
    label: 'Methylphenidate',
    // Seen beside the ingredient name "methylphenidate" in the CPIC schema's drug table.
    codes: [c(RXNORM, '6901', 'methylphenidate')],
  },
  // Medicines that lower electrolytes: RxNorm ingredients as terminology.md lists them ("Medicines that
  // lower electrolytes"); real charts more often carry product codes, so medicines.ts also matches the
  // ingredient's name in the medication's words.
  { id: 'furosemide', label: 'Furosemide', codes: [c(RXNORM, '4603', 'furosemide')] },
  { id: 'hydrochlorothiazide', label: 'Hydrochlorothiazide', codes: [c(RXNORM, '5487', 'hydrochlorothiazide')] },
  { id: 'omeprazole', label: 'Omeprazole', codes: [c(RXNORM, '7646', 'omeprazole')] },
  { id: 'pantoprazole', label: 'Pantoprazole', codes: [c(RXNORM, '40790', 'pantoprazole')] },
];

/** The same table, addressable by concept. */
export const CONCEPT: Readonly<Record<ConceptId, Concept>> = Object.fromEntries(CONCEPTS.map((concept) => [concept.id, concept])) as Record<ConceptId, Concept>;

/** ICD-10-CM codes arrive as "R25.3", "r25.3" or "R253": compare them upper-case and without the dot. */
export function normaliseCode(system: string, code: string): string {
  const trimmed = code.trim();
  return system === ICD10CM ? trimmed.toUpperCase().replace('.', '') : trimmed;
}

/** The codes of one concept, from the built-in table or from a site's terminology file. */
export type ConceptCodes = Pick<Concept, 'id' | 'codes' | 'prefixes'>;

/**
 * What one coding names: parallel lists, so a look-up hands out `concepts` without building
 * anything. A concept the code names through its family (below) has no display of its own.
 */
interface IndexedCode {
  readonly concepts: ConceptId[];
  readonly displays: (string | undefined)[];
}

interface IndexedPrefix {
  readonly prefix: string;
  readonly concept: ConceptId;
  readonly display: string;
}

/** system -> normalised code -> concepts, and system -> the code families matched by prefix (ICD-10-CM's). */
export interface CodeIndex {
  readonly exact: ReadonlyMap<string, ReadonlyMap<string, IndexedCode>>;
  readonly prefixes: ReadonlyMap<string, readonly IndexedPrefix[]>;
}

export function buildCodeIndex(concepts: readonly ConceptCodes[]): CodeIndex {
  const prefixes = new Map<string, IndexedPrefix[]>();
  for (const concept of concepts) {
    for (const p of concept.prefixes ?? []) {
      const family = prefixes.get(p.system) ?? [];
      prefixes.set(p.system, family);
      family.push({ prefix: normaliseCode(p.system, p.prefix), concept: concept.id, display: p.display });
    }
  }
  const exact = new Map<string, Map<string, IndexedCode>>();
  const add = (system: string, code: string, concept: ConceptId, display: string | undefined) => {
    const codes = exact.get(system) ?? new Map<string, IndexedCode>();
    exact.set(system, codes);
    const indexed = codes.get(code) ?? { concepts: [], displays: [] };
    codes.set(code, indexed);
    if (indexed.concepts.includes(concept)) return;
    indexed.concepts.push(concept);
    indexed.displays.push(display);
  };
  for (const concept of concepts) {
    for (const entry of concept.codes) add(entry.system, normaliseCode(entry.system, entry.code), concept.id, entry.display);
  }
  // An exact code inside a family matched by prefix still names the family's concept too: a look-up
  // that finds the exact code does not go on to the prefixes.
  for (const [system, family] of prefixes) {
    for (const code of exact.get(system)?.keys() ?? []) {
      for (const p of family) if (code.startsWith(p.prefix)) add(system, code, p.concept, undefined);
    }
  }
  return { exact, prefixes };
}

export const BUILT_IN_INDEX: CodeIndex = buildCodeIndex(CONCEPTS);

/**
 * The index every look-up reads: the built-in value sets, or those plus a site's own codes, which
 * server.ts installs once at start-up (knowledge/site-terminology.ts). A module-level index rather
 * than an index passed along: `conceptsOf` is asked for every coding of every resource from the
 * facts, the rules and the cards, which are pure functions of their arguments; the site's codes
 * are configuration fixed before the first request, like the compiled FHIRPath expressions, so
 * threading them through each of those calls would change every caller for nothing. Installing
 * returns the index it replaces, so a test can put the built-ins back.
 */
let activeIndex: CodeIndex = BUILT_IN_INDEX;

export function installCodeIndex(index: CodeIndex): CodeIndex {
  const previous = activeIndex;
  activeIndex = index;
  return previous;
}

const NONE: readonly ConceptId[] = [];

/** Codes longer than this name nothing we know; looking them up would only cost time. */
export const MAX_CODE_LENGTH = 64;

function prefixMatches(index: CodeIndex, system: string, normalised: string): IndexedPrefix[] {
  return (index.prefixes.get(system) ?? []).filter((p) => normalised.startsWith(p.prefix));
}

/** What a single coding means in `index`; an empty list for codes it does not know. */
export function conceptsIn(index: CodeIndex, system: unknown, code: unknown): readonly ConceptId[] {
  if (typeof system !== 'string' || typeof code !== 'string' || code.length > MAX_CODE_LENGTH) return NONE;
  const normalised = normaliseCode(system, code);
  const exact = index.exact.get(system)?.get(normalised);
  if (exact) return exact.concepts;
  if (!index.prefixes.has(system)) return NONE;
  const matches = prefixMatches(index, system, normalised).map((p) => p.concept);
  return matches.length > 0 ? matches : NONE;
}

/** What a single coding means to this service; an empty list for codes it does not know. */
export function conceptsOf(system: unknown, code: unknown): readonly ConceptId[] {
  return conceptsIn(activeIndex, system, code);
}

/** The display our value sets (or the site's file) give a code they list for `concept`. */
export function displayOf(concept: ConceptId, system: string, code: string): string | undefined {
  if (code.length > MAX_CODE_LENGTH) return undefined;
  const exact = activeIndex.exact.get(system)?.get(normaliseCode(system, code));
  if (!exact) return undefined;
  const at = exact.concepts.indexOf(concept);
  return at >= 0 ? exact.displays[at] : undefined;
}

/** The display of the family (an ICD-10-CM prefix, built in or the site's) through which a code names `concept`. */
export function familyDisplayOf(concept: ConceptId, system: string, code: string): string | undefined {
  if (code.length > MAX_CODE_LENGTH) return undefined;
  return prefixMatches(activeIndex, system, normaliseCode(system, code)).find((p) => p.concept === concept)?.display;
}

/** Side encoded in ICD-10-CM codes whose families carry laterality (terminology.md, "How to match" 3). */
export function sideFromIcd10(code: string): 'left' | 'right' | 'bilateral' | undefined {
  const normalised = normaliseCode(ICD10CM, code);
  // M62.55x, M79.65x, I70.21x and S76.3xx: the character after the subcategory is the side.
  const sided = /^(M6255|M7965|I7021|S763\d)(\d)/.exec(normalised);
  if (!sided) {
    if (normalised === 'M5441') return 'right';
    if (normalised === 'M5442') return 'left';
    return undefined;
  }
  switch (sided[2]) {
    case '1':
      return 'right';
    case '2':
      return 'left';
    case '3':
      return sided[1] === 'I7021' ? 'bilateral' : undefined;
    default:
      return undefined;
  }
}
