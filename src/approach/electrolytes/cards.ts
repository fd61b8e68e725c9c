/**
 * Cards of the electrolyte family: results missing, low, low as measured but in range adjusted for
 * albumin, not assessable; a panel drafted without magnesium.
 */
import { allOf, bullets, join, listWords, ORDERS_UNCHECKED, sourceOf, type CardDefinitions, type SuggestionSpec } from '../../cards/content';
import type { Link } from '../../cards/types';
import type { MedicineRecord, ResultRecord } from '../../facts/types';
import { escapeText, evidenceLine, evidenceList, cite, section } from '../../cards/markdown';
import { formatDate } from '../../fhir/dates';
import { roundForDisplay } from '../../fhir/units';
import { ELECTROLYTES, orderName, RECHECK_ORDER, REQUIRED_ELECTROLYTES } from '../../knowledge/catalogue';
import { MEDICINE_CLASSES } from '../../knowledge/medicines';
import { MAGNESIUM_POTASSIUM_SOURCE } from '../../knowledge/sources';
import { ALBUMIN, HYPOKALEMIA_REVIEW_URL } from '../../knowledge/thresholds';
import type { CalciumAdjustedInRange, ElectrolyteFinding, ElectrolyteLow, LevelBasis } from './findings';

const atHead = (words: string): string => words.replace(/^./, (c) => c.toUpperCase());

/** What the approach asks for, in the catalogue's order: "magnesium, potassium and calcium". */
export const ASKED_ELECTROLYTES = allOf(REQUIRED_ELECTROLYTES);

/** "Magnesium, potassium and calcium", at the head of a sentence. */
export const ASKED_ELECTROLYTES_HEAD = atHead(ASKED_ELECTROLYTES);

export const HYPOKALEMIA_LINK: Link = { label: 'StatPearls: Hypokalemia (NBK482465)', url: HYPOKALEMIA_REVIEW_URL, type: 'absolute' };

/** "1.3 mg/dL (0.53 mmol/L)": the value as reported, with the canonical value when the units differ. */
function reportedValue(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  const reported = f.result.evidence.value ?? 'a value';
  const converted =
    f.canonicalValue !== undefined && !f.adjusted && !reported.endsWith(knowledge.canonicalUnit)
      ? ` (${roundForDisplay(f.canonicalValue)} ${knowledge.canonicalUnit})`
      : '';
  const adjusted = f.adjusted ? ` (${roundForDisplay(f.adjusted.value)} mg/dL adjusted for albumin)` : '';
  return `${reported.slice(0, 40)}${converted}${adjusted}`;
}

/** The CDS Hooks limit on a summary: clauses that would pass it are left to the detail. */
const SUMMARY_MAX = 140;

export function lowSummary(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  const date = f.result.effective ? formatDate(f.result.effective) : 'an unknown date';
  const action = f.severe ? 'urgent repletion' : 'replete';
  const next = f.lowMagnesium
    ? `magnesium also low: ${f.severe ? 'urgent repletion, magnesium with or before potassium' : 'replete it with or before potassium'}${f.recheck ? '; recheck ordered' : ', and recheck'}`
    : f.recheck
      ? `${action}; recheck ordered`
      : `${action} and recheck`;
  const head = `${f.severe ? 'Severe low' : 'Low'} ${knowledge.label.toLowerCase()}: ${reportedValue(f)} on ${date}`;
  const onMedicines = f.medicines.length > 0 ? `; on ${f.medicines.map((m) => m.ingredient.name).join(' and ')}` : '';
  const full = `${head}${onMedicines}; ${next}`;
  return full.length <= SUMMARY_MAX ? full : `${head}; ${next}`.slice(0, SUMMARY_MAX);
}

/** "On furosemide (loop diuretic): loses potassium and magnesium.", with what on the list matched, for each medicine. */
export function medicinesLine(medicines: readonly MedicineRecord[]): string | undefined {
  if (medicines.length === 0) return undefined;
  return medicines
    .map((m) => {
      const medicineClass = MEDICINE_CLASSES[m.ingredient.medicineClass];
      return `On ${m.ingredient.name} (${medicineClass.label}): ${medicineClass.effect}${m.matchedBy === 'name' ? `; matched in ${escapeText(m.evidence.description)}` : ''}.`;
    })
    .join(' ');
}

/** Low potassium beside low magnesium, in one line: the magnesium result is named, not repeated as evidence. */
export function magnesiumFirstLine(magnesium: ResultRecord): string {
  const value = magnesium.evidence.value ? escapeText(magnesium.evidence.value.slice(0, 20)) : 'a low value';
  const date = magnesium.effective ? `, ${formatDate(magnesium.effective)}` : '';
  return `Magnesium is low too (${value}${date}): replete magnesium with, or before, potassium; potassium will not correct until magnesium does (${MAGNESIUM_POTASSIUM_SOURCE.short}).`;
}

/** Why a severe deficiency with twitching is urgent: the words every card about one uses. */
export function severeWords(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  return `Severe: below ${knowledge.severeBelow} ${knowledge.canonicalUnit}. With twitching, a sign of neuromuscular irritability, with a risk of tetany and cardiac arrhythmia: repletion is urgent, then recheck.`;
}

/** The albumin adjustment in a few words (ALBUMIN in knowledge/thresholds.ts, with its source). */
const ALBUMIN_RULE = `+${ALBUMIN.calciumPerGram} mg/dL per 1 g/dL of albumin below ${ALBUMIN.normal} g/dL`;

/** How a measured value was judged low, in one sentence. */
function basisWords(basis: LevelBasis, limit: string | undefined): string {
  switch (basis) {
    case 'lab-interpretation':
      return 'The laboratory flagged this result as low.';
    case 'lab-range':
      return `Below the laboratory's reference range: lower limit ${limit}.`;
    case 'cut-off':
      return `Below the adult cut-off of ${limit}; no laboratory range.`;
  }
}

/** The evidence, how it was judged low, and what follows: the body of every card about a low level. */
export function lowDetail(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  const basis = f.adjusted
    ? `Adjusted for albumin: ${roundForDisplay(f.adjusted.value)} mg/dL, below ${f.limit} (${ALBUMIN_RULE}), with:\n\n${evidenceLine(f.adjusted.albumin.evidence)}`
    : basisWords(f.basis, f.limit);
  return join(
    section('Why', `${evidenceLine(f.result.evidence)}\n\n${basis}`),
    f.lowMagnesium && magnesiumFirstLine(f.lowMagnesium),
    medicinesLine(f.medicines),
    f.severe && severeWords(f),
    knowledge.caveat && f.basis !== 'lab-interpretation' && !f.adjusted ? knowledge.caveat : undefined,
    f.adultCutOffCaveat && 'The patient is under 18 or of unknown age and the result carries no laboratory range: the adult cut-off may not apply.',
    f.recheck && section('Recheck already ordered', `${evidenceLine(f.recheck.evidence)}\n\nNo new order is suggested.`),
  );
}

/** The recheck to order, unless one is ordered since the result. */
export function recheckSuggestion(f: ElectrolyteLow): SuggestionSpec[] | undefined {
  return f.recheck
    ? undefined
    : [
        {
          label: `Recheck ${orderName(RECHECK_ORDER[f.analyte])}${f.severe ? ' (stat)' : ''}`,
          order: RECHECK_ORDER[f.analyte],
          // A critical level is not rechecked routinely; the order names the deficiency beside the twitching.
          ...(f.severe ? { recommended: true, priority: 'stat' as const, deficiency: f.analyte } : {}),
        },
      ];
}

const DEFICIENCY_TRIGGERS = `Low levels can trigger fasciculations ${cite('benign.electrolytes')}.`;
const CHECK_AND_REPLETE = `Check ${ASKED_ELECTROLYTES} (a basic panel has no magnesium) ${cite('diagnostic.bmp-with-mg')}; replete if deficient ${cite('diagnostic.activity-hydration-repletion')}.`;

export const ELECTROLYTE_CARDS: CardDefinitions<ElectrolyteFinding> = {
  'electrolytes-missing': {
    title: 'Electrolytes to check',
    lines: ['diagnostic.bmp-with-mg', 'benign.electrolytes', 'diagnostic.activity-hydration-repletion'],
    render: (f, settings) => {
      return {
        summary: `No ${listWords(f.missing)} result in the last ${settings.lookbackDays} days: check ${f.missing.length > 1 ? 'them' : 'it'}; low levels can cause twitching`,
        indicator: 'info',
        topic: 'electrolytes',
        detail: join(
          section(
            'Why',
            `No final ${listWords(f.missing)} result dated in the last ${settings.lookbackDays} days, and no order for ${f.missing.length > 1 ? 'them' : 'it'} in that window.`,
          ),
          f.old.length > 0 &&
            section(`Older results (outside the ${settings.lookbackDays}-day window: too old to rely on)`, evidenceList(f.old.map((r) => r.evidence))),
          f.pending.length > 0 && section('Already ordered in the window', evidenceList(f.pending.map((o) => o.evidence))),
          f.missing.includes('magnesium') &&
            (f.panelWithoutMagnesium
              ? `A metabolic panel is on record (${escapeText(f.panelWithoutMagnesium.evidence.description)}${f.panelWithoutMagnesium.date ? `, ${formatDate(f.panelWithoutMagnesium.date)}` : ''}), but a basic or comprehensive metabolic panel does not include magnesium: order magnesium separately.`
              : 'A basic metabolic panel alone does not include magnesium: order magnesium separately.'),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          section('The approach', bullets([`${DEFICIENCY_TRIGGERS} ${CHECK_AND_REPLETE}`])),
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'),
        ),
        suggestions: f.missing.map((analyte) => ({ label: `Order serum ${analyte}`, order: analyte, recommended: true })),
      };
    },
  },

  'electrolyte-low': {
    title: 'Low electrolyte',
    lines: ['benign.electrolytes', 'diagnostic.activity-hydration-repletion'],
    key: (f) => `electrolyte-low:${f.analyte}`,
    render: (f) => {
      const knowledge = ELECTROLYTES[f.analyte];
      return {
        summary: lowSummary(f),
        indicator: f.severe ? 'critical' : 'warning',
        topic: 'electrolytes',
        detail: join(
          lowDetail(f),
          `Low ${knowledge.label.toLowerCase()} can trigger fasciculations ${cite('benign.electrolytes')}: replete (route and dose per local protocol) and recheck ${cite('diagnostic.activity-hydration-repletion')}.`,
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'),
        ),
        suggestions: recheckSuggestion(f),
        links: f.analyte === 'potassium' ? [HYPOKALEMIA_LINK] : undefined,
      };
    },
  },

  'calcium-adjusted-in-range': {
    title: 'Low total calcium, in range adjusted for albumin',
    lines: ['benign.electrolytes', 'diagnostic.bmp-with-mg'],
    render: (f: CalciumAdjustedInRange) => {
      const adjusted = `${roundForDisplay(f.adjusted.value)} mg/dL`;
      const range = f.result.rangeLow !== undefined ? `the laboratory's range (from ${roundForDisplay(f.limit)} mg/dL)` : `the ${f.limit} mg/dL adult cut-off`;
      const measured = f.measuredBasis === 'lab-interpretation' ? 'Flagged low by the laboratory' : `Below ${range}`;
      const offer = !f.ionizedOrder;
      return {
        summary: `Total calcium ${(f.result.evidence.value ?? '').slice(0, 20)} is low, but ${adjusted} adjusted for albumin: not hypocalcemia to replete${offer ? '; ionized calcium if in doubt' : ''}`,
        indicator: 'info',
        topic: 'electrolytes',
        detail: join(
          section(
            'Why',
            `${evidenceLine(f.result.evidence)}\n${evidenceLine(f.adjusted.albumin.evidence)}\n\n${measured}: that judges the measured value. Adjusted for albumin (${ALBUMIN_RULE}) it is ${adjusted}, not below ${range}.`,
          ),
          f.ionizedOrder
            ? section('Ionized calcium ordered', evidenceLine(f.ionizedOrder.evidence))
            : 'Not hypocalcemia to replete. Ionized calcium is the definitive measure: order it if in doubt.',
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'),
        ),
        suggestions: offer ? [{ label: 'Order ionized calcium', order: 'calciumIonized' }] : undefined,
      };
    },
  },

  'electrolyte-unassessable': {
    title: 'Electrolyte result not assessable',
    key: (f) => `electrolyte-unassessable:${f.analyte}`,
    lines: ['benign.electrolytes', 'diagnostic.bmp-with-mg'],
    render: (f) => {
      const knowledge = ELECTROLYTES[f.analyte];
      return {
        summary: `${knowledge.label} result${f.result.effective ? ` of ${formatDate(f.result.effective)}` : ''} could not be assessed: ${f.reason}`.slice(
          0,
          139,
        ),
        indicator: 'info',
        topic: 'electrolytes',
        detail: join(
          section('Why', `${evidenceLine(f.result.evidence)}\n\nThis service could not compare the result with a cut-off: ${escapeText(f.reason)}.`),
          `Read the result against the laboratory's own range. The service compares ${knowledge.label.toLowerCase()} in ${knowledge.canonicalUnit} and converts mg/dL, mmol/L and meq/L.`,
          section(
            'The approach',
            bullets([`Check ${ASKED_ELECTROLYTES}; replete if deficient ${cite('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion')}.`]),
          ),
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'),
        ),
      };
    },
  },

  'order-panel-without-magnesium': {
    title: 'Metabolic panel without magnesium',
    lines: ['diagnostic.bmp-with-mg', 'benign.electrolytes'],
    render: (f, settings) => {
      const panel = f.panel.tests.some((t) => t.kind === 'comprehensiveMetabolicPanel') ? 'comprehensive' : 'basic';
      return {
        summary: `A ${panel} metabolic panel does not include magnesium: add serum magnesium to check it for twitching`,
        indicator: 'info',
        topic: 'electrolytes',
        detail: join(
          section(
            'Why',
            `${evidenceLine(f.panel.evidence)}\n\nA ${panel} metabolic panel measures potassium and calcium but not magnesium. No magnesium result in the last ${settings.lookbackDays} days, no magnesium order, and none among the drafts.`,
          ),
          f.oldMagnesium && section(`Older magnesium result (outside the ${settings.lookbackDays}-day window)`, evidenceLine(f.oldMagnesium.evidence)),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          section('The approach', bullets([`${DEFICIENCY_TRIGGERS} ${CHECK_AND_REPLETE}`])),
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.activity-hydration-repletion'),
        ),
        suggestions: [{ label: 'Add serum magnesium', order: 'magnesium', recommended: true }],
      };
    },
  },
};
