/**
 * The sources this service verified itself, as one table: what the approach page lists under its
 * references, and what cards, thresholds and medicines cite. The approach's own reference numbers
 * (1-7) are the source document's; its bibliography is not reproduced here, because the service
 * did not verify it. Every entry below was checked against the public document it links to.
 */
import { ELECTROLYTES, type Electrolyte } from './catalogue';
import { ABI_GUIDELINE_URL, ABI_SOURCE, HYPOKALEMIA_REVIEW_URL } from './thresholds';

export interface VerifiedSource {
  /** Stable: the approach page anchors it as `source-<id>`. */
  readonly id: string;
  /** What the service takes from it. */
  readonly topic: string;
  /** The source as a clinician would look it up. */
  readonly citation: string;
  /** Where it can be opened; absent when no single public document is the source. */
  readonly url?: string;
  /** How a card's text cites it in a few words, where one does. */
  readonly short?: string;
  /** What rests on it in the service. */
  readonly usedFor: string;
}

export const CODES_SOURCE = {
  id: 'codes',
  topic: 'Codes (LOINC, SNOMED CT, ICD-10-CM, CPT, RxNorm)',
  citation:
    "The project's terminology reference (version 3): every code seen beside its display in at least one real public file. Codes outside it were seen in the public files named beside them in the service's value sets, chiefly the SNOMED CT IPS Free Set expansion in HL7's International Patient Summary guide. Codes still unverified are left out.",
  url: 'https://github.com/HL7/fhir-ips',
  usedFor: 'Every code the service recognises in a chart; before go-live, check them against your own terminology server.',
} satisfies VerifiedSource;

export const STRAIN_WINDOW_SOURCE = {
  id: 'strain-window',
  topic: 'The 90-day window for a recent hamstring strain (MRI_STRAIN_WINDOW_DAYS)',
  citation:
    'Pollock et al., "A 4-year study of hamstring injury outcomes in elite track and field using the British Athletics rehabilitation approach", Br J Sports Med 2022;56:257: return to full training took 34 ± 7 days (grade 2c) and 48 ± 17 days (grade 3c) after intratendinous injuries.',
  url: 'https://doi.org/10.1136/bjsports-2020-103791',
  usedFor: 'The approach says "recent strain or injury" without a window: 90 days covers rehabilitation of the worst intratendinous injuries.',
} satisfies VerifiedSource;

export const CASPR2_LGI1_SOURCE = {
  id: 'caspr2-lgi1',
  topic: 'CASPR2 and LGI1 antibodies in acquired neuromyotonia',
  citation: 'Vincent et al., JAMA Neurol 2018;75(12):1519-27: LGI1, CASPR2 and contactin-2 antibodies in acquired neuromyotonia.',
  short: 'Vincent et al., JAMA Neurol 2018: LGI1, CASPR2 and contactin-2 antibodies in acquired neuromyotonia',
  url: 'https://doi.org/10.1001/jamaneurol.2018.2681',
  usedFor: 'The LGI1 cards: a negative LGI1 does not exclude an autoimmune cause; order the LGI1/CASPR2 panel where offered.',
} satisfies VerifiedSource;

export const PPI_MAGNESIUM_SOURCE = {
  id: 'ppi-magnesium',
  topic: 'Proton pump inhibitors and low magnesium',
  citation: 'FDA Drug Safety Communication, 2 March 2011: low magnesium levels can be associated with long-term use of proton pump inhibitor drugs.',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-low-magnesium-levels-can-be-associated-long-term-use-proton-pump',
  usedFor: 'Electrolyte cards name a proton pump inhibitor on the medication list as a cause of low magnesium.',
} satisfies VerifiedSource;

export const MAGNESIUM_POTASSIUM_SOURCE = {
  id: 'magnesium-potassium',
  topic: 'Magnesium before potassium',
  citation: 'Huang & Kuo, "Mechanism of hypokalemia in magnesium deficiency", J Am Soc Nephrol 2007;18:2649-52.',
  short: 'Huang & Kuo, J Am Soc Nephrol 2007;18:2649',
  url: 'https://doi.org/10.1681/ASN.2007070792',
  usedFor: 'With low potassium and low magnesium, cards say to replete magnesium with, or before, potassium.',
} satisfies VerifiedSource;

export const EL_ESCORIAL_SOURCE = {
  id: 'el-escorial',
  topic: 'Body regions for widespread fasciculations',
  citation:
    'Brooks et al., "El Escorial revisited: revised criteria for the diagnosis of amyotrophic lateral sclerosis", Amyotroph Lateral Scler Other Motor Neuron Disord 2000;1:293-9.',
  url: 'https://doi.org/10.1080/146608200300079536',
  usedFor:
    'Fasciculations are widespread when they are recorded in two of its four regions (bulbar, cervical, thoracic, lumbosacral); an EMG for a motor neuron disease question studies several regions.',
} satisfies VerifiedSource;

export const ABI_BANDS_SOURCE = {
  id: 'abi-bands',
  topic: 'Ankle-brachial index bands',
  citation: ABI_SOURCE,
  url: ABI_GUIDELINE_URL,
  usedFor: 'The ABI cards read an index as abnormal (≤ 0.90), borderline, normal or noncompressible (> 1.40).',
} satisfies VerifiedSource;

/** Each electrolyte's cut-offs as thresholds.ts gives them, with the one public review it links where there is one. */
function electrolyteSource(analyte: Electrolyte, url?: string): VerifiedSource {
  const e = ELECTROLYTES[analyte];
  return {
    id: `cut-off-${e.label.toLowerCase().replace(/ /g, '-')}`,
    topic: `${e.label} cut-offs`,
    citation: `Low: ${e.source}. Severe: ${e.severeSource}.`,
    url,
    usedFor: `Low below ${e.lowerLimit} ${e.canonicalUnit}, severe below ${e.severeBelow} ${e.canonicalUnit}; the laboratory's own flag and range win when the result carries them.`,
  };
}

/** Every source, in the order the approach page lists them. */
export const VERIFIED_SOURCES: readonly VerifiedSource[] = [
  CODES_SOURCE,
  electrolyteSource('magnesium'),
  electrolyteSource('potassium', HYPOKALEMIA_REVIEW_URL),
  electrolyteSource('calciumTotal'),
  electrolyteSource('calciumIonized'),
  ABI_BANDS_SOURCE,
  STRAIN_WINDOW_SOURCE,
  CASPR2_LGI1_SOURCE,
  PPI_MAGNESIUM_SOURCE,
  MAGNESIUM_POTASSIUM_SOURCE,
  EL_ESCORIAL_SOURCE,
];
