/** Cards of the electrolyte family: results missing, low, not assessable; a panel drafted without magnesium. */
import { bullets, join, listWords, ORDERS_UNCHECKED, sourceLine, type CardDefinitions } from '../../cards/content';
import { escapeText, evidenceLine, evidenceList, refs, section } from '../../cards/markdown';
import { formatDate } from '../../fhir/dates';
import { roundForDisplay } from '../../fhir/units';
import type { RequiredElectrolyte } from '../../knowledge/coverage';
import { RECHECK_ORDER } from '../../knowledge/orderables';
import { ELECTROLYTES, HYPOKALEMIA_REVIEW_URL, type Electrolyte } from '../../knowledge/thresholds';
import type { ElectrolyteFinding } from './findings';

export const REQUIRED_LABEL: Readonly<Record<RequiredElectrolyte, string>> = { magnesium: 'magnesium', potassium: 'potassium', calcium: 'calcium' };

const RECHECK_LABEL: Readonly<Record<Electrolyte, string>> = {
  magnesium: 'serum magnesium',
  potassium: 'serum potassium',
  calciumTotal: 'serum calcium',
  calciumIonized: 'ionized calcium',
};

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
    render: (f) => {
      const knowledge = ELECTROLYTES[f.analyte];
      const reported = f.result.evidence.value ?? 'a value';
      const date = f.result.effective ? formatDate(f.result.effective) : 'an unknown date';
      const converted =
        f.canonicalValue !== undefined && !reported.endsWith(knowledge.canonicalUnit)
          ? ` (${roundForDisplay(f.canonicalValue)} ${knowledge.canonicalUnit})`
          : '';
      const basis =
        f.basis === 'lab-interpretation'
          ? 'The laboratory flagged this result as low.'
          : f.basis === 'lab-range'
            ? `Below the laboratory's reference range: lower limit ${f.limit}.`
            : `Below the adult cut-off of ${f.limit}; the result carries no laboratory range.`;
      return {
        summary: `Low ${knowledge.label.toLowerCase()}: ${reported.slice(0, 40)}${converted} on ${date}${f.severe ? ' (severe)' : ''}; replete and recheck`,
        indicator: f.severe ? 'critical' : 'warning',
        topic: 'electrolytes',
        detail: join(
          section('Why this card', `${evidenceLine(f.result.evidence)}\n\n${basis}`),
          f.severe && knowledge.severeBelow !== undefined && `Severe: below ${knowledge.severeBelow} ${knowledge.canonicalUnit} (${knowledge.source}).`,
          knowledge.caveat && f.basis !== 'lab-interpretation' ? knowledge.caveat : undefined,
          f.adultCutOffCaveat &&
            'The patient is under 18 or of unknown age and the result carries no laboratory range: the adult cut-off may not apply.',
          section(
            'What the approach recommends',
            bullets([
              `${knowledge.label} deficiency can trigger spontaneous fasciculations, including in the hamstrings ${refs([1])}.`,
              `Replete the electrolyte (route and dose per local protocol) and recheck the level ${refs([3])}.`,
            ]),
          ),
          sourceLine([1, 3]),
        ),
        suggestions: [{ label: `Recheck ${RECHECK_LABEL[f.analyte]}`, order: RECHECK_ORDER[f.analyte] }],
        links:
          f.analyte === 'potassium' ? [{ label: 'StatPearls: Hypokalemia (NBK482465)', url: HYPOKALEMIA_REVIEW_URL, type: 'absolute' }] : undefined,
      };
    },
  },

  'electrolyte-unassessable': {
    title: 'Electrolyte result not assessable',
    lines: ['benign.electrolytes', 'diagnostic.bmp-with-mg'],
    render: (f) => {
      const knowledge = ELECTROLYTES[f.analyte];
      return {
        summary: `${knowledge.label} result${f.result.effective ? ` of ${formatDate(f.result.effective)}` : ''} could not be assessed: ${f.reason}`.slice(0, 139),
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
