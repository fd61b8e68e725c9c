/**
 * The governance report's tables as CSV (RFC 4180), one file per table, for a committee's own
 * spreadsheet. Text that a spreadsheet would run as a formula (a comment starting with =, +, - or
 * @) is prefixed with an apostrophe: a clinician's words are never executed.
 */
import type { Figures, GovernanceReport } from './report';

export const CSV_TABLES = ['findings', 'findings-weekly', 'flags', 'override-reasons', 'weekly', 'comments'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const FIGURE_COLUMNS = [
  'fired',
  'shown',
  'silent',
  'snoozed',
  'hook_calls',
  'firings_per_100_calls',
  'critical_shown',
  'accepted',
  'overridden',
  'answered',
  'unanswered',
  'override_rate_of_answered',
  'override_rate_of_shown',
] as const;

function figures(f: Figures): Cell[] {
  return [
    f.fired,
    f.shown,
    f.silent,
    f.snoozed,
    f.hookCalls,
    f.firingsPer100Calls,
    f.critical,
    f.accepted,
    f.overridden,
    f.answered,
    f.unanswered,
    f.overrideRateOfAnswered,
    f.overrideRateOfShown,
  ];
}

const GROUP_COLUMNS = ['service', 'finding_kind', 'title', 'service_version', 'knowledge_version', 'mode', 'pilot_arm'] as const;

/** The table as CSV; comments only when the report carries them (the caller presented the admin token). */
export function reportCsv(report: GovernanceReport, table: CsvTable): string {
  const group = (f: GovernanceReport['findings'][number]): Cell[] => [
    f.serviceId,
    f.findingKind,
    f.title,
    f.serviceVersion,
    f.knowledgeVersion,
    f.mode,
    f.pilotArm,
  ];
  switch (table) {
    case 'findings':
      return csv(
        [...GROUP_COLUMNS, ...FIGURE_COLUMNS],
        report.findings.map((f) => [...group(f), ...figures(f)]),
      );
    case 'findings-weekly':
      return csv(
        [...GROUP_COLUMNS, 'week_start', ...FIGURE_COLUMNS],
        report.findings.flatMap((f) => f.weekly.map((w) => [...group(f), w.weekStart, ...figures(w)])),
      );
    case 'flags':
      return csv(
        [...GROUP_COLUMNS, 'flag', ...FIGURE_COLUMNS],
        report.findings.flatMap((f) => f.flags.map((flag) => [...group(f), flag.flag, ...figures(flag)])),
      );
    case 'override-reasons':
      return csv(
        [...GROUP_COLUMNS, 'reason_code', 'reason', 'cards'],
        report.findings.flatMap((f) => f.overrideReasons.map((r) => [...group(f), r.code, r.display, r.cards])),
      );
    case 'weekly':
      return csv(
        ['week_start', ...FIGURE_COLUMNS],
        report.weekly.map((w) => [w.weekStart, ...figures(w)]),
      );
    case 'comments':
      return csv(
        ['received_at', 'finding_kind', 'service_version', 'knowledge_version', 'mode', 'outcome', 'reason', 'comment'],
        (report.comments ?? []).map((c) => [c.receivedAt, c.findingKind, c.serviceVersion, c.knowledgeVersion, c.mode, c.outcome, c.reason, c.comment]),
      );
  }
}
