/**
 * Laboratory quantities in a canonical unit, with UCUM (@lhncbc/ucum-lhc) doing the arithmetic:
 * mass <-> substance through the molar mass, substance <-> equivalents through the ionic charge.
 */
import * as ucum from '@lhncbc/ucum-lhc';
import { UCUM } from '../knowledge/systems';

const utils = ucum.UcumLhcUtils.getInstance();

const MAX_UNIT_LENGTH = 40;

export interface QuantityLike {
  value?: unknown;
  comparator?: unknown;
  unit?: unknown;
  code?: unknown;
  system?: unknown;
}

/**
 * Unit spellings laboratories print that are not UCUM codes. "mEq/L" is the display of the UCUM
 * code "meq/L"; upper-case "L" and "l" are both litres in practice. A Map, so a unit such as
 * "constructor" finds nothing rather than what every object inherits.
 */
const DISPLAY_TO_UCUM: ReadonlyMap<string, string> = new Map([
  ['meq/l', 'meq/L'],
  ['mmol/l', 'mmol/L'],
  ['mg/dl', 'mg/dL'],
  ['umol/l', 'umol/L'],
  ['µmol/l', 'umol/L'],
  ['mg/l', 'mg/L'],
  ['g/dl', 'g/dL'],
]);

/**
 * UCUM's own unit tables are plain objects: a unit that spells a name every object inherits
 * ("toString", or "mtoString", read as milli-toString) makes the library throw or misread it. No
 * laboratory unit contains one of these names, so such a unit is not a unit at all.
 */
const INHERITED_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

function namesInheritedProperty(unit: string): boolean {
  return INHERITED_NAMES.some((name) => unit.includes(name));
}

/** The UCUM code of a quantity: its coded unit when it claims UCUM, else its printed unit if we know it. */
export function ucumCodeOf(quantity: QuantityLike): string | undefined {
  // No laboratory unit is longer than this; a longer string is not parsed at all.
  const unusable = (text: unknown) => typeof text === 'string' && (text.length > MAX_UNIT_LENGTH || namesInheritedProperty(text));
  if (unusable(quantity.code) || unusable(quantity.unit)) return undefined;
  if (typeof quantity.code === 'string' && (quantity.system === UCUM || quantity.system === undefined)) {
    return DISPLAY_TO_UCUM.get(quantity.code.toLowerCase()) ?? quantity.code;
  }
  if (typeof quantity.unit === 'string') {
    return DISPLAY_TO_UCUM.get(quantity.unit.trim().toLowerCase());
  }
  return undefined;
}

export interface Substance {
  molarMass: number;
  charge: number;
}

export type Conversion = { ok: true; value: number } | { ok: false; reason: string };

/** `value` in `fromUnit` expressed in `toUnit`, or why it cannot be. */
export function convert(value: number, fromUnit: string, toUnit: string, substance: Substance): Conversion {
  if (fromUnit === toUnit) return { ok: true, value };
  if (namesInheritedProperty(fromUnit) || namesInheritedProperty(toUnit)) {
    return { ok: false, reason: 'the result has no recognised unit' };
  }
  const result = utils.convertUnitTo(fromUnit, value, toUnit, {
    molecularWeight: substance.molarMass,
    charge: substance.charge,
  });
  if (result.status !== 'succeeded' || typeof result.toVal !== 'number' || !Number.isFinite(result.toVal)) {
    return { ok: false, reason: `unit "${fromUnit}" cannot be converted to ${toUnit}` };
  }
  return { ok: true, value: result.toVal };
}

/** A quantity in the canonical unit, or why it cannot be compared. */
export function toCanonical(quantity: QuantityLike, canonicalUnit: string, substance: Substance): Conversion {
  if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) {
    return { ok: false, reason: 'the result has no numeric value' };
  }
  const unit = ucumCodeOf(quantity);
  if (!unit) return { ok: false, reason: 'the result has no recognised unit' };
  return convert(quantity.value, unit, canonicalUnit, substance);
}

/** Round for display without pretending to more precision than the lab reported. */
export function roundForDisplay(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** A ratio's unit: UCUM unity "1", an annotation such as "{ratio}", the word "ratio", or none at all. */
export function isDimensionless(quantity: QuantityLike): boolean {
  const unit = ucumCodeOf(quantity) ?? (typeof quantity.unit === 'string' ? quantity.unit : undefined);
  return unit === undefined || unit === '' || unit === '1' || /^\{[^}]*\}$/.test(unit) || /^ratio$/i.test(unit);
}

/**
 * Whether a UCUM unit counts substance (mol, eq: "mmol/L", "meq/L") or weighs mass ("mg/dL",
 * "g/L"): what a laboratory reports an analyte in tells a real level from a mislabelled unit.
 */
export function unitDimension(ucumCode: string): 'mass' | 'substance' | undefined {
  if (/mol|eq/i.test(ucumCode)) return 'substance';
  if (/^[munpk]?g(\/|$)/.test(ucumCode)) return 'mass';
  return undefined;
}
