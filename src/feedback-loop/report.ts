/**
 * The governance report as the admin endpoints give it: the store's counts per finding kind and
 * version (src/storage/governance-report.ts), with each card's title, the totals, the week-by-week
 * trend of all cards together (weeks without cards shown as zeros), and the two charts of the admin
 * page as plain data. Pure: the time range is parsed here, the counting is the store's.
 */
import type { FindingReport, ReportRange, WeeklyCounts } from '../storage/governance-report';

export interface ReportTotals {
  issued: number;
  accepted: number;
  overridden: number;
  noFeedback: number;
  /** Overridden cards over issued cards, from 0 to 1 (0 when none was issued). */
  overrideRate: number;
}

export interface FindingSummary extends FindingReport {
  /** What the card is called ("Low electrolyte"); the kind itself for a kind this version no longer has. */
  title: string;
}

export interface GovernanceReport {
  generatedAt: string;
  /** The range asked for, as instants (from inclusive, to exclusive); null when open. */
  from: string | null;
  to: string | null;
  totals: ReportTotals;
  findings: FindingSummary[];
  weekly: WeeklyCounts[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export type RangeParse = { range: ReportRange } | { field: 'from' | 'to'; problem: string };

/**
 * `from` and `to` as dates (YYYY-MM-DD, UTC) or RFC 3339 date-times. A date `to` includes its whole
 * day, so from=2026-11-01&to=2026-11-30 is the month of November.
 */
export function parseReportRange(query: { from?: unknown; to?: unknown }): RangeParse {
  const range: ReportRange = {};
  for (const field of ['from', 'to'] as const) {
    const raw = query[field];
    if (raw === undefined || raw === '') continue;
    const text = typeof raw === 'string' ? raw : '';
    const ms = DATE_ONLY.test(text) || DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
    const year = Number.isNaN(ms) ? 0 : new Date(ms).getUTCFullYear();
    if (year < 2000 || year > 2099) {
      return { field, problem: `${field} must be a date (YYYY-MM-DD) or an RFC 3339 date-time from the year 2000 to 2099` };
    }
    range[field] = new Date(field === 'to' && DATE_ONLY.test(text) ? ms + DAY_MS : ms);
  }
  if (range.from && range.to && range.from.getTime() >= range.to.getTime()) return { field: 'to', problem: 'to must be later than from' };
  return { range };
}

function totalsOf(rows: readonly Omit<ReportTotals, 'overrideRate' | 'noFeedback'>[], noFeedback: number): ReportTotals {
  const issued = rows.reduce((n, r) => n + r.issued, 0);
  const overridden = rows.reduce((n, r) => n + r.overridden, 0);
  return { issued, accepted: rows.reduce((n, r) => n + r.accepted, 0), overridden, noFeedback, overrideRate: issued === 0 ? 0 : overridden / issued };
}

/** Every finding's weeks added together, each week from the first to the last present (zeros where no card was issued). */
export function weeklyTrend(findings: readonly FindingReport[]): WeeklyCounts[] {
  const byWeek = new Map<number, WeeklyCounts>();
  for (const week of findings.flatMap((f) => f.weekly)) {
    const start = Date.parse(week.weekStart);
    const sum = byWeek.get(start) ?? { weekStart: week.weekStart, issued: 0, accepted: 0, overridden: 0 };
    sum.issued += week.issued;
    sum.accepted += week.accepted;
    sum.overridden += week.overridden;
    byWeek.set(start, sum);
  }
  if (byWeek.size === 0) return [];
  const starts = [...byWeek.keys()];
  const trend: WeeklyCounts[] = [];
  for (let start = Math.min(...starts); start <= Math.max(...starts); start += WEEK_MS) {
    trend.push(byWeek.get(start) ?? { weekStart: new Date(start).toISOString().slice(0, 10), issued: 0, accepted: 0, overridden: 0 });
  }
  return trend;
}

export function shapeReport(
  findings: readonly FindingReport[],
  range: ReportRange,
  generatedAt: Date,
  titleOf: (findingKind: string) => string,
): GovernanceReport {
  return {
    generatedAt: generatedAt.toISOString(),
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    totals: totalsOf(
      findings,
      findings.reduce((n, f) => n + f.noFeedback, 0),
    ),
    findings: findings.map((f) => ({ ...f, title: titleOf(f.findingKind) })),
    weekly: weeklyTrend(findings),
  };
}

/** A chart as the admin page's script draws it (Chart.js), built here so that it is tested without a browser. */
export interface ChartSpec {
  type: 'bar' | 'line';
  /** Bars along the y axis, one per label. */
  horizontal: boolean;
  stacked: boolean;
  labels: string[];
  series: { label: string; values: number[]; color: string }[];
}

/** The page's colours (src/pages/style.ts): accepted in the info green, overridden in the critical red. */
export const OUTCOME_COLOURS = { issued: '#0b5cad', accepted: '#1f6f43', overridden: '#b3261e', noFeedback: '#9aa5b1' } as const;

/** Per finding kind and version: its cards accepted, overridden and left without feedback. */
export function outcomeChart(report: GovernanceReport): ChartSpec {
  const rows = report.findings;
  const versions = new Set(rows.map((f) => `${f.serviceVersion}|${f.knowledgeVersion}`));
  return {
    type: 'bar',
    horizontal: true,
    stacked: true,
    labels: rows.map((f) => (versions.size > 1 ? `${f.title} (${f.serviceVersion}, knowledge ${f.knowledgeVersion})` : f.title)),
    series: [
      { label: 'accepted', values: rows.map((f) => f.accepted), color: OUTCOME_COLOURS.accepted },
      // A card both accepted and overridden (two feedback messages) counts once in each; the bar shows each outcome.
      { label: 'overridden', values: rows.map((f) => f.overridden), color: OUTCOME_COLOURS.overridden },
      { label: 'no feedback', values: rows.map((f) => f.noFeedback), color: OUTCOME_COLOURS.noFeedback },
    ],
  };
}

/** Week by week, all cards together: issued, accepted, overridden. */
export function trendChart(report: GovernanceReport): ChartSpec {
  const weeks = report.weekly;
  return {
    type: 'line',
    horizontal: false,
    stacked: false,
    labels: weeks.map((w) => w.weekStart),
    series: [
      { label: 'issued', values: weeks.map((w) => w.issued), color: OUTCOME_COLOURS.issued },
      { label: 'accepted', values: weeks.map((w) => w.accepted), color: OUTCOME_COLOURS.accepted },
      { label: 'overridden', values: weeks.map((w) => w.overridden), color: OUTCOME_COLOURS.overridden },
    ],
  };
}
