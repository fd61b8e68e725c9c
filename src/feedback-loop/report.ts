/**
 * The governance report as the admin endpoints give it, shaped from the store's counts
 * (src/storage/governance-report.ts): per service, finding kind, version, mode and pilot arm, the
 * cards shown and held silent, those snoozes held back, firings per 100 hook calls, critical cards,
 * accepted, overridden (by reason) and unanswered, the override rate against cards answered beside
 * the rate against cards shown, the urgent card broken down by its flags, and each of these week
 * by week; the totals, and the critical cards per user per day. Pure: the time range is parsed
 * here, the counting is the store's.
 */
import type { FeedbackComment, GroupWeek, OutcomeCounts, ReportGroup, ReportRange, StoreReport } from '../storage/governance-report';

export interface Rates {
  /** Cards that fired (shown, silent or snoozed) per 100 hook calls of their service; null without calls counted. */
  firingsPer100Calls: number | null;
  /** Overridden over cards answered (accepted or overridden), 0 to 1; null when none was answered. The figure a committee asks for. */
  overrideRateOfAnswered: number | null;
  /** Overridden over cards shown, 0 to 1; null when none was shown. Low when most cards get no feedback at all. */
  overrideRateOfShown: number | null;
}

export interface Figures extends OutcomeCounts, Rates {
  /** Shown, silent and snoozed together: how often the rule fired. */
  fired: number;
  /** Shown cards without any feedback. */
  unanswered: number;
  hookCalls: number;
}

export interface WeekFigures extends Figures {
  weekStart: string;
}

export interface FlagFigures extends Figures {
  /** One flag ("weakness", "severe-magnesium"); a card that carried several counts under each. */
  flag: string;
}

export interface FindingSummary extends ReportGroup, Figures {
  /** What the card is called ("Low electrolyte"); the kind itself for a kind this version no longer has. */
  title: string;
  overrideReasons: { code: string | null; display: string | null; cards: number }[];
  flags: FlagFigures[];
  weekly: WeekFigures[];
}

export interface CriticalLoad {
  /** Days a user was shown any card (one user on one day). */
  userDays: number;
  /** Critical cards shown per such day, on average. */
  mean: number;
  /** The most critical cards one user was shown in one day. */
  max: number;
}

export interface GovernanceReport {
  generatedAt: string;
  /** The range asked for, as instants (from inclusive, to exclusive); null when open. */
  from: string | null;
  to: string | null;
  totals: Figures & { criticalPerUserDay: CriticalLoad };
  findings: FindingSummary[];
  /** Every card together, week by week, weeks without cards or calls as zeros. */
  weekly: WeekFigures[];
  /** Clinicians' comments, only for a caller who presented the admin token; free text that may hold patient data. */
  comments?: FeedbackComment[];
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

const ZERO: OutcomeCounts = { shown: 0, silent: 0, snoozed: 0, critical: 0, accepted: 0, overridden: 0, answered: 0 };

function add(into: OutcomeCounts, counts: OutcomeCounts): void {
  for (const key of Object.keys(ZERO) as (keyof OutcomeCounts)[]) into[key] += counts[key];
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function figuresOf(counts: OutcomeCounts, hookCalls: number): Figures {
  const fired = counts.shown + counts.silent + counts.snoozed;
  return {
    ...counts,
    fired,
    unanswered: counts.shown - counts.answered,
    hookCalls,
    firingsPer100Calls: hookCalls === 0 ? null : (100 * fired) / hookCalls,
    overrideRateOfAnswered: ratio(counts.overridden, counts.answered),
    overrideRateOfShown: ratio(counts.overridden, counts.shown),
  };
}

const groupKey = (g: ReportGroup) => JSON.stringify([g.serviceId, g.findingKind, g.serviceVersion, g.knowledgeVersion, g.mode, g.pilotArm]);

/** Every week from the first to the last, Monday to Monday. */
function weekRange(weekStarts: readonly string[]): string[] {
  if (weekStarts.length === 0) return [];
  const times = weekStarts.map((w) => Date.parse(w));
  const weeks: string[] = [];
  for (let t = Math.min(...times); t <= Math.max(...times); t += WEEK_MS) weeks.push(new Date(t).toISOString().slice(0, 10));
  return weeks;
}

export function shapeReport(store: StoreReport, range: ReportRange, generatedAt: Date, titleOf: (findingKind: string) => string): GovernanceReport {
  /** Calls of a row's service and versions (its arm's only, in a pilot), by week. */
  const callsOf = (group: ReportGroup, weekStart?: string): number =>
    store.calls
      .filter(
        (c) =>
          c.serviceId === group.serviceId &&
          c.serviceVersion === group.serviceVersion &&
          c.knowledgeVersion === group.knowledgeVersion &&
          (group.pilotArm === null || c.pilotArm === group.pilotArm) &&
          (weekStart === undefined || c.weekStart === weekStart),
      )
      .reduce((n, c) => n + c.calls, 0);

  const groups = new Map<string, { group: ReportGroup; weeks: GroupWeek[] }>();
  for (const week of store.weeks) {
    const entry = groups.get(groupKey(week)) ?? { group: week, weeks: [] };
    entry.weeks.push(week);
    groups.set(groupKey(week), entry);
  }

  const findings: FindingSummary[] = [...groups.values()].map(({ group, weeks }) => {
    const counts = { ...ZERO };
    for (const week of weeks) add(counts, week);
    const flagCounts = new Map<string, OutcomeCounts>();
    for (const row of store.flags.filter((f) => groupKey(f) === groupKey(group))) {
      for (const flag of row.flags) {
        const c = flagCounts.get(flag) ?? { ...ZERO };
        add(c, row);
        flagCounts.set(flag, c);
      }
    }
    const calls = callsOf(group);
    return {
      serviceId: group.serviceId,
      findingKind: group.findingKind,
      title: titleOf(group.findingKind),
      serviceVersion: group.serviceVersion,
      knowledgeVersion: group.knowledgeVersion,
      mode: group.mode,
      pilotArm: group.pilotArm,
      ...figuresOf(counts, calls),
      overrideReasons: store.reasons
        .filter((r) => groupKey(r) === groupKey(group))
        .map(({ code, display, cards }) => ({ code, display, cards }))
        .sort((a, b) => b.cards - a.cards || (a.code ?? '').localeCompare(b.code ?? '')),
      flags: [...flagCounts].map(([flag, c]) => ({ flag, ...figuresOf(c, calls) })).sort((a, b) => b.fired - a.fired || (a.flag < b.flag ? -1 : 1)),
      weekly: weekRange(weeks.map((w) => w.weekStart)).map((weekStart) => {
        const c = { ...ZERO };
        for (const week of weeks.filter((w) => w.weekStart === weekStart)) add(c, week);
        return { weekStart, ...figuresOf(c, callsOf(group, weekStart)) };
      }),
    };
  });
  findings.sort((a, b) => (groupKey(a) < groupKey(b) ? -1 : groupKey(a) > groupKey(b) ? 1 : 0));

  const totalCounts = { ...ZERO };
  for (const week of store.weeks) add(totalCounts, week);
  const allCalls = store.calls.reduce((n, c) => n + c.calls, 0);
  const weekly = weekRange([...store.weeks.map((w) => w.weekStart), ...store.calls.map((c) => c.weekStart)]).map((weekStart) => {
    const c = { ...ZERO };
    for (const week of store.weeks.filter((w) => w.weekStart === weekStart)) add(c, week);
    return {
      weekStart,
      ...figuresOf(
        c,
        store.calls.filter((call) => call.weekStart === weekStart).reduce((n, call) => n + call.calls, 0),
      ),
    };
  });
  const critical = store.userDays.reduce((n, d) => n + d.critical, 0);
  return {
    generatedAt: generatedAt.toISOString(),
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    totals: {
      ...figuresOf(totalCounts, allCalls),
      criticalPerUserDay: {
        userDays: store.userDays.length,
        mean: store.userDays.length === 0 ? 0 : critical / store.userDays.length,
        max: store.userDays.reduce((m, d) => Math.max(m, d.critical), 0),
      },
    },
    findings,
    weekly,
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
export const OUTCOME_COLOURS = { issued: '#0b5cad', accepted: '#1f6f43', overridden: '#b3261e', noFeedback: '#9aa5b1', silent: '#6b4fa3' } as const;

/** A row's name on a chart: the title, and what sets it apart from rows of the same kind. */
export function rowLabel(f: FindingSummary, report: GovernanceReport): string {
  const same = report.findings.filter((o) => o.findingKind === f.findingKind);
  const parts: string[] = [];
  if (new Set(same.map((o) => o.serviceId)).size > 1) parts.push(f.serviceId);
  if (new Set(same.map((o) => `${o.serviceVersion}|${o.knowledgeVersion}`)).size > 1) parts.push(`${f.serviceVersion}, knowledge ${f.knowledgeVersion}`);
  if (new Set(same.map((o) => `${o.mode}|${o.pilotArm}`)).size > 1 || f.mode !== 'active') parts.push(f.pilotArm ? `${f.mode}: ${f.pilotArm} arm` : f.mode);
  return parts.length > 0 ? `${f.title} (${parts.join('; ')})` : f.title;
}

/** Per row: its cards accepted, overridden, shown without feedback, and held silent. */
export function outcomeChart(report: GovernanceReport): ChartSpec {
  const rows = report.findings;
  return {
    type: 'bar',
    horizontal: true,
    stacked: true,
    labels: rows.map((f) => rowLabel(f, report)),
    series: [
      { label: 'accepted', values: rows.map((f) => f.accepted), color: OUTCOME_COLOURS.accepted },
      // A card both accepted and overridden (two feedback messages) counts once in each; the bar shows each outcome.
      { label: 'overridden', values: rows.map((f) => f.overridden), color: OUTCOME_COLOURS.overridden },
      { label: 'no feedback', values: rows.map((f) => f.unanswered), color: OUTCOME_COLOURS.noFeedback },
      { label: 'held silent', values: rows.map((f) => f.silent), color: OUTCOME_COLOURS.silent },
    ],
  };
}

/** Week by week, all cards together: shown, silent, accepted, overridden. */
export function trendChart(report: GovernanceReport): ChartSpec {
  const weeks = report.weekly;
  return {
    type: 'line',
    horizontal: false,
    stacked: false,
    labels: weeks.map((w) => w.weekStart),
    series: [
      { label: 'shown', values: weeks.map((w) => w.shown), color: OUTCOME_COLOURS.issued },
      { label: 'held silent', values: weeks.map((w) => w.silent), color: OUTCOME_COLOURS.silent },
      { label: 'accepted', values: weeks.map((w) => w.accepted), color: OUTCOME_COLOURS.accepted },
      { label: 'overridden', values: weeks.map((w) => w.overridden), color: OUTCOME_COLOURS.overridden },
    ],
  };
}
