/**
 * How much of a medicine a day, from FHIR R4 Dosage (MedicationStatement.dosage,
 * MedicationRequest.dosageInstruction): the dose in milligrams times the times a day its timing
 * says. A dose in tablets or capsules takes its strength from the product's words ("Caffeine 200
 * MG Oral Tablet"). Anything this cannot read with certainty (no dose, a unit it does not know, no
 * timing) gives no figure: a card then says nothing about the dose, never a guess.
 */

const MG_PER_UNIT: Readonly<Record<string, number>> = { mg: 1, g: 1000, ug: 0.001 };

/** UCUM codes and words for a unit dose form: the product's strength is then the dose. */
const UNIT_DOSE_FORMS = /^(?:\{?(?:tbl|tab|tablet|cap|capsule)s?\}?|1)$/i;

/** Days in a timing period unit (UCUM units of time that FHIR Timing allows). */
const DAYS_PER_PERIOD: Readonly<Record<string, number>> = { h: 1 / 24, d: 1, wk: 7, mo: 30 };

/** "200 MG" in a product's name: its strength in milligrams. */
const STRENGTH = /(\d+(?:\.\d+)?)\s*mg\b/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Milligrams in one dose: a mass, or a unit dose form times the product's strength. */
function milligramsPerDose(dosage: Record<string, unknown>, productWords: string | undefined): number | undefined {
  const rates = Array.isArray(dosage.doseAndRate) ? dosage.doseAndRate : [];
  const quantity = rates.map((r) => (isObject(r) ? r.doseQuantity : undefined)).find(isObject);
  if (!quantity) return undefined;
  const value = positive(quantity.value);
  const unit = typeof quantity.code === 'string' ? quantity.code : typeof quantity.unit === 'string' ? quantity.unit : undefined;
  if (value === undefined || unit === undefined) return undefined;
  const perUnit = MG_PER_UNIT[unit.toLowerCase()];
  if (perUnit !== undefined && Object.hasOwn(MG_PER_UNIT, unit.toLowerCase())) return value * perUnit;
  const strength = productWords ? STRENGTH.exec(productWords) : null;
  return UNIT_DOSE_FORMS.test(unit) && strength ? value * Number(strength[1]) : undefined;
}

/** Times a day: timing.repeat's frequency per period (1 per period when only the period is given). */
function dosesPerDay(dosage: Record<string, unknown>): number | undefined {
  const repeat = isObject(dosage.timing) && isObject(dosage.timing.repeat) ? dosage.timing.repeat : undefined;
  if (!repeat) return undefined;
  const frequency = repeat.frequency === undefined ? 1 : positive(repeat.frequency);
  const period = positive(repeat.period);
  const unit = typeof repeat.periodUnit === 'string' && Object.hasOwn(DAYS_PER_PERIOD, repeat.periodUnit) ? DAYS_PER_PERIOD[repeat.periodUnit] : undefined;
  if (frequency === undefined || period === undefined || unit === undefined) return undefined;
  return frequency / (period * unit);
}

/**
 * Milligrams a day across the dosage lines (lines of one statement are taken together, as a
 * morning and an evening dose are); undefined when any line cannot be read.
 */
export function dailyMilligrams(dosages: readonly unknown[], productWords: string | undefined): number | undefined {
  if (dosages.length === 0) return undefined;
  let total = 0;
  for (const dosage of dosages.slice(0, 10)) {
    if (!isObject(dosage)) return undefined;
    const dose = milligramsPerDose(dosage, productWords);
    const perDay = dosesPerDay(dosage);
    if (dose === undefined || perDay === undefined) return undefined;
    total += dose * perDay;
  }
  return Math.round(total);
}
