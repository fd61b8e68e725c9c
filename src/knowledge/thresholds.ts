/**
 * Laboratory cut-offs and ankle-brachial index bands, as data, each with its unit and source.
 * Adult values; the laboratory's own interpretation and reference range win when present.
 */

/** An electrolyte's cut-offs, in the canonical unit of its row in the catalogue (knowledge/catalogue.ts). */
export interface ElectrolyteThresholds {
  /** Below this value the result is low. */
  readonly lowerLimit: number;
  /** Below this value the deficiency is severe and, with twitching, urgent. */
  readonly severeBelow: number;
  readonly severeSource: string;
  /** Outside these limits a value is a unit or transcription error, not a level. */
  readonly plausible: { readonly min: number; readonly max: number };
  readonly source: string;
  /** A caveat the card repeats whenever it uses this cut-off. */
  readonly caveat?: string;
}

/** Magnesium and potassium in mg/dL and mmol/L; total calcium in mg/dL, ionized calcium in mmol/L (the catalogue's units). */
export const ELECTROLYTE_THRESHOLDS = {
  magnesium: {
    lowerLimit: 1.7,
    severeBelow: 1.2,
    severeSource:
      'severe below 1.2 mg/dL (0.5 mmol/L, 1.0 meq/L), where symptoms and IV repletion are expected; some grade < 0.8 mg/dL as severe, 1.2 is the conservative choice',
    plausible: { min: 0.2, max: 10 },
    source: 'common consensus cut-off < 1.7 mg/dL (0.70 mmol/L, 1.4 meq/L); StatPearls uses < 1.46 mg/dL',
    caveat: 'Published magnesium cut-offs differ (1.46 to 1.7 mg/dL); the laboratory range is preferred.',
  },
  potassium: {
    lowerLimit: 3.5,
    severeBelow: 2.5,
    severeSource: 'StatPearls "Hypokalemia" (NBK482465): severe below 2.5 mmol/L',
    plausible: { min: 1.0, max: 10 },
    source: 'StatPearls "Hypokalemia" (NBK482465): < 3.5 mmol/L; mild 3.0-3.4, moderate 2.5-3.0, severe < 2.5',
  },
  calciumTotal: {
    lowerLimit: 8.5,
    severeBelow: 7.5,
    severeSource: 'severe below 7.5 mg/dL (1.9 mmol/L) albumin-adjusted, the acute hypocalcaemia emergency level; review sites grade < 7.0-7.5 mg/dL as severe',
    plausible: { min: 2, max: 20 },
    source: 'common cut-off < 8.5 mg/dL (2.12 mmol/L); the Washington Manual uses < 8.4 mg/dL with normal albumin',
    caveat: 'Correct total calcium for albumin (+0.8 mg/dL for each 1 g/dL of albumin below 4 g/dL) or check ionized calcium.',
  },
  calciumIonized: {
    lowerLimit: 1.12,
    severeBelow: 0.8,
    severeSource: 'severe below 0.8 mmol/L (3.2 mg/dL), where arrhythmia is expected and correction is immediate (review sites)',
    plausible: { min: 0.3, max: 3.0 },
    source: 'cut-offs range from 1.12 to 1.20 mmol/L (4.5 mg/dL); the Washington Manual uses < 4.2 mg/dL',
    caveat: 'Ionized calcium cut-offs range from 1.12 to 1.20 mmol/L; the laboratory range is preferred.',
  },
} satisfies Record<string, ElectrolyteThresholds>;

export type AbiBand = 'abnormal' | 'borderline' | 'normal' | 'noncompressible';

/**
 * Ankle-brachial index bands: 2016 AHA/ACC guideline on lower-extremity PAD
 * (Circulation 2017;135:e726). Values are read to 2 decimals, as the guideline reports them.
 */
export const ABI_BANDS: readonly { band: AbiBand; upTo: number; meaning: string }[] = [
  { band: 'abnormal', upTo: 0.9, meaning: 'abnormal (≤ 0.90): consistent with peripheral artery disease' },
  { band: 'borderline', upTo: 0.99, meaning: 'borderline (0.91-0.99)' },
  { band: 'normal', upTo: 1.4, meaning: 'normal (1.00-1.40)' },
  { band: 'noncompressible', upTo: Infinity, meaning: 'noncompressible arteries (> 1.40)' },
];

export const ABI_SOURCE = '2016 AHA/ACC guideline on lower-extremity peripheral artery disease (Circulation 2017;135:e726)';
export const ABI_GUIDELINE_URL = 'https://doi.org/10.1161/CIR.0000000000000471';
export const HYPOKALEMIA_REVIEW_URL = 'https://www.ncbi.nlm.nih.gov/books/NBK482465/';

export function abiBand(value: number): AbiBand {
  const rounded = Math.round(value * 100) / 100;
  return ABI_BANDS.find((b) => rounded <= b.upTo)!.band;
}

/**
 * Below 0.2 or above 3 an ABI is a recording error, not a reading. The terminology reference calls
 * 0.2-2.0 a sane envelope; values from 2 to 3 are kept because very calcified arteries give them,
 * and they read as noncompressible (> 1.40), which says what matters.
 */
export const ABI_PLAUSIBLE = { min: 0.2, max: 3 } as const;

/** Bands from the most to the least worrying: a card speaks of the worst side. */
export const ABI_SEVERITY: readonly AbiBand[] = ['abnormal', 'noncompressible', 'borderline', 'normal'];

/**
 * Albumin, to adjust total calcium: LOINC 1751-7 "Albumin [Mass/volume] in Serum or Plasma", g/dL
 * (terminology reference). Adjusted Ca (mg/dL) = total Ca + 0.8 x (4.0 - albumin g/dL), with an
 * albumin from the same day or, failing that, the look-back window.
 */
export const ALBUMIN = {
  plausible: { min: 0.5, max: 7 },
  normal: 4.0,
  calciumPerGram: 0.8,
  source: 'Correct for albumin: +0.8 mg/dL per 1 g/dL albumin below 4 g/dL (terminology reference)',
} as const;

/**
 * Total calcium adjusted for albumin, in mg/dL; undefined when the albumin is not below 4 g/dL. The
 * correction is for albumin below 4 g/dL (ALBUMIN.source): a high albumin is not taken to lower a
 * calcium, which would turn a normal measured value, normally flagged, into a low (or critical) one.
 */
export function albuminAdjustedCalcium(calciumMgDl: number, albuminGDl: number): number | undefined {
  return albuminGDl < ALBUMIN.normal ? calciumMgDl + ALBUMIN.calciumPerGram * (ALBUMIN.normal - albuminGDl) : undefined;
}
