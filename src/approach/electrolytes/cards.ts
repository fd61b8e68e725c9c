/** Cards of the electrolyte family: results missing, low, not assessable; a panel drafted without magnesium. */
import { bullets, join, listWords, ORDERS_UNCHECKED, sourceLine, type CardDefinitions, type SuggestionSpec } from '../../cards/content';
import type { Link } from '../../cards/types';
import { escapeText, evidenceLine, evidenceList, refs, section } from '../../cards/markdown';
import { formatDate } from '../../fhir/dates';
import { roundForDisplay } from '../../fhir/units';
import type { RequiredElectrolyte } from '../../knowledge/coverage';
import { RECHECK_ORDER } from '../../knowledge/orderables';
import { ALBUMIN, ELECTROLYTES, HYPOKALEMIA_REVIEW_URL, type Electrolyte } from '../../knowledge/thresholds';
import type { ElectrolyteFinding, ElectrolyteLow } from './findings';

export const REQUIRED_LABEL: Readonly<Record<RequiredElectrolyte, string>> = { magnesium: 'magnesium', potassium: 'potassium', calcium: 'calcium' };

const RECHECK_LABEL: Readonly<Record<Electrolyte, string>> = {
  magnesium: 'serum magnesium',
  potassium: 'serum potassium',
  calciumTotal: 'serum calcium',
  calciumIonized: 'ionized calcium',
};

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

export function lowSummary(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  const date = f.result.effective ? formatDate(f.result.effective) : 'an unknown date';
  const action = f.severe ? 'urgent repletion' : 'replete';
  const next = f.recheck ? `${action}; recheck ordered` : `${action} and recheck`;
  return `${f.severe ? 'Severe low' : 'Low'} ${knowledge.label.toLowerCase()}: ${reportedValue(f)} on ${date}; ${next}`;
}

/** Why a severe deficiency with twitching is urgent: the words every card about one uses. */
export function severeWords(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  return `Severe: below ${knowledge.severeBelow} ${knowledge.canonicalUnit} (${knowledge.severeSource}). With twitching, a deficiency this deep is a sign of neuromuscular irritability, with a risk of tetany and cardiac arrhythmia: repletion is urgent, and the level is rechecked after it.`;
}

/** The evidence, how it was judged low, and what follows: the body of every card about a low level. */
export function lowDetail(f: ElectrolyteLow): string {
  const knowledge = ELECTROLYTES[f.analyte];
  const basis =
    f.basis === 'lab-interpretation'
      ? 'The laboratory flagged this result as low.'
      : f.basis === 'lab-range'
        ? `Below the laboratory's reference range: lower limit ${f.limit}.`
        : `Below the adult cut-off of ${f.limit}; the result carries no laboratory range.`;
  return join(
    section('Why this card', `${evidenceLine(f.result.evidence)}\n\n${basis}`),
    f.adjusted &&
      `Adjusted for albumin: ${roundForDisplay(f.adjusted.value)} mg/dL, with this albumin (${ALBUMIN.source}):\n\n${evidenceLine(f.adjusted.albumin.evidence)}`,
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
    : [{ label: `Recheck ${RECHECK_LABEL[f.analyte]}`, order: RECHECK_ORDER[f.analyte], ...(f.severe ? { recommended: true } : {}) }];
}

const CHECK_AND_REPLETE = `Check a basic metabolic panel including magnesium, potassium and calcium ${refs([1])}; replete if deficient ${refs([3])}.`;

export const ELECTROLYTE_CARDS: CardDefinitions<ElectrolyteFinding> = {
  'electrolytes-missing': {
    title: 'Electrolytes to check',
    lines: ['diagnostic.bmp-with-mg', 'benign.electrolytes', 'diagnostic.activity-hydration-repletion'],
    render: (f, settings) => {
      const missingWords = f.missing.map((a) => REQUIRED_LABEL[a]);
      return {
        summary: `No ${listWords(missingWords)} result in the last ${settings.lookbackDays} days: check ${f.missing.length > 1 ? 'them' : 'it'}; low levels can cause twitching`,
        indicator: 'info',
        topic: 'electrolytes',
        detail: join(
          section(
            'Why this card',
            `No final ${listWords(missingWords)} result dated in the last ${settings.lookbackDays} days, and no order for ${f.missing.length > 1 ? 'them' : 'it'} in that window.`,
          ),
          f.old.length > 0 &&
            section(`Older results (outside the ${settings.lookbackDays}-day window: too old to rely on)`, evidenceList(f.old.map((r) => r.evidence))),
          f.pending.length > 0 && section('Already ordered in the window', evidenceList(f.pending.map((o) => o.evidence))),
          f.missing.includes('magnesium') &&
            (f.panelWithoutMagnesium
              ? `A metabolic panel is on record (${escapeText(f.panelWithoutMagnesium.evidence.description)}${f.panelWithoutMagnesium.date ? `, ${formatDate(f.panelWithoutMagnesium.date)}` : ''}), but a basic or comprehensive metabolic panel does not include magnesium: order magnesium separately.`
              : 'A basic metabolic panel alone does not include magnesium: order magnesium separately.'),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          section(
            'What the approach recommends',
            bullets([
              `Magnesium, potassium or calcium deficiency can trigger fasciculations throughout the body, including the hamstrings ${refs([1])}.`,
              CHECK_AND_REPLETE,
            ]),
          ),
          sourceLine([1, 3]),
        ),
        suggestions: f.missing.map((analyte) => ({ label: `Order serum ${REQUIRED_LABEL[analyte]}`, order: analyte, recommended: true })),
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
          section(
            'What the approach recommends',
            bullets([
              `${knowledge.label} deficiency can trigger spontaneous fasciculations, including in the hamstrings ${refs([1])}.`,
              `Replete the electrolyte (route and dose per local protocol) and recheck the level ${refs([3])}.`,
            ]),
          ),
          sourceLine([1, 3]),
        ),
        suggestions: recheckSuggestion(f),
        links: f.analyte === 'potassium' ? [HYPOKALEMIA_LINK] : undefined,
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
          section('Why this card', `${evidenceLine(f.result.evidence)}\n\nThis service could not compare the result with a cut-off: ${escapeText(f.reason)}.`),
          `Read the result against the laboratory's own range. The service compares ${knowledge.label.toLowerCase()} in ${knowledge.canonicalUnit} and converts mg/dL, mmol/L and meq/L.`,
          section('What the approach recommends', bullets([`Check magnesium, potassium and calcium; replete if deficient ${refs([1, 3])}.`])),
          sourceLine([1, 3]),
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
            'Why this card',
            `${evidenceLine(f.panel.evidence)}\n\nA ${panel} metabolic panel measures potassium and calcium but not magnesium. No magnesium result in the last ${settings.lookbackDays} days, no magnesium order, and none among the drafts.`,
          ),
          f.oldMagnesium && section(`Older magnesium result (outside the ${settings.lookbackDays}-day window)`, evidenceLine(f.oldMagnesium.evidence)),
          f.ordersUnavailable && ORDERS_UNCHECKED,
          section(
            'What the approach recommends',
            bullets([`Magnesium, potassium or calcium deficiency can trigger fasciculations, including in the hamstrings ${refs([1])}.`, CHECK_AND_REPLETE]),
          ),
          sourceLine([1, 3]),
        ),
        suggestions: [{ label: 'Add serum magnesium', order: 'magnesium', recommended: true }],
      };
    },
  },
};
