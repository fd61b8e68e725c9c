/**
 * The governance report: per finding kind and version, how often its cards were issued, accepted,
 * overridden (and why), or left without feedback, overall and week by week. A card counts once in
 * each outcome it received, whatever the number of feedback messages. Counting is done by the
 * database; ordering and the override rate are computed here, so both forms give the same report.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { FeedbackOutcome } from './card-feedback';
import { compareCodePoints, storableInstant } from './storable';
import type { StoreTables } from './tables';

export interface ReportRange {
  /** Cards issued at or after this time. */
  from?: Date;
  /** Cards issued before this time. */
  to?: Date;
}

export interface OverrideReasonCount {
  /** null: overridden without a reason. */
  code: string | null;
  display: string | null;
  cards: number;
}

export interface WeeklyCounts {
  /** The Monday (UTC) that starts the ISO week, as YYYY-MM-DD. */
  weekStart: string;
  issued: number;
  accepted: number;
  overridden: number;
}

export interface FindingReport {
  findingKind: string;
  serviceVersion: string;
  knowledgeVersion: string;
  issued: number;
  accepted: number;
  overridden: number;
  noFeedback: number;
  /** Overridden cards over issued cards, from 0 to 1. */
  overrideRate: number;
  overrideReasons: OverrideReasonCount[];
  weekly: WeeklyCounts[];
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** 1970-01-05, the first Monday after the epoch. */
const FIRST_MONDAY_MS = 4 * 24 * 60 * 60 * 1000;
/**
 * Weeks are counted from a Monday far enough before the year 0001 that every stored time is
 * after it: integer division then rounds down in both databases alike.
 */
const WEEK_ORIGIN_OFFSET_MS = 102_800 * WEEK_MS - FIRST_MONDAY_MS;

type LedgerScope = ExpressionBuilder<StoreTables & { l: StoreTables['card_ledger'] }, 'l'>;

function weekStartOf(eb: LedgerScope) {
  const issuedAt = eb.ref('l.issued_at');
  return sql<number>`((${issuedAt} + ${sql.lit(WEEK_ORIGIN_OFFSET_MS)}) / ${sql.lit(WEEK_MS)}) * ${sql.lit(WEEK_MS)} - ${sql.lit(WEEK_ORIGIN_OFFSET_MS)}`;
}

/** Cards that received this outcome (or any, when none is named). */
function cardsWithFeedback(eb: LedgerScope, outcome?: FeedbackOutcome) {
  let feedback = eb.selectFrom('card_feedback as f').select(sql.lit(1).as('one')).whereRef('f.card_uuid', '=', 'l.card_uuid');
  if (outcome !== undefined) feedback = feedback.where('f.outcome', '=', outcome);
  return eb.fn.count<number>(eb.case().when(eb.exists(feedback)).then(1).end());
}

function groupKey(row: { finding_kind: string; service_version: string; knowledge_version: string }): string {
  return JSON.stringify([row.finding_kind, row.service_version, row.knowledge_version]);
}

export async function governanceReport(db: Kysely<StoreTables>, range: ReportRange = {}): Promise<FindingReport[]> {
  const fromMs = range.from === undefined ? undefined : storableInstant(range.from, 'from');
  const toMs = range.to === undefined ? undefined : storableInstant(range.to, 'to');
  const ledger = db
    .selectFrom('card_ledger as l')
    .$if(fromMs !== undefined, (q) => q.where('l.issued_at', '>=', fromMs!))
    .$if(toMs !== undefined, (q) => q.where('l.issued_at', '<', toMs!));

  const weeks = await ledger
    .select((eb) => [
      'l.finding_kind',
      'l.service_version',
      'l.knowledge_version',
      weekStartOf(eb).as('week_start'),
      eb.fn.countAll<number>().as('issued'),
      cardsWithFeedback(eb, 'accepted').as('accepted'),
      cardsWithFeedback(eb, 'overridden').as('overridden'),
      cardsWithFeedback(eb).as('with_feedback'),
    ])
    .groupBy((eb) => ['l.finding_kind', 'l.service_version', 'l.knowledge_version', weekStartOf(eb)])
    .execute();

  const reasons = await ledger
    .innerJoin('card_feedback as f', 'f.card_uuid', 'l.card_uuid')
    .where('f.outcome', '=', 'overridden')
    .select((eb) => [
      'l.finding_kind',
      'l.service_version',
      'l.knowledge_version',
      'f.override_reason_code',
      'f.override_reason_display',
      eb.fn.count<number>('l.card_uuid').distinct().as('cards'),
    ])
    .groupBy(['l.finding_kind', 'l.service_version', 'l.knowledge_version', 'f.override_reason_code', 'f.override_reason_display'])
    .execute();

  const reports = new Map<string, FindingReport & { withFeedback: number }>();
  for (const week of weeks) {
    const key = groupKey(week);
    let report = reports.get(key);
    if (report === undefined) {
      report = {
        findingKind: week.finding_kind,
        serviceVersion: week.service_version,
        knowledgeVersion: week.knowledge_version,
        issued: 0,
        accepted: 0,
        overridden: 0,
        noFeedback: 0,
        overrideRate: 0,
        overrideReasons: [],
        weekly: [],
        withFeedback: 0,
      };
      reports.set(key, report);
    }
    report.issued += week.issued;
    report.accepted += week.accepted;
    report.overridden += week.overridden;
    report.withFeedback += week.with_feedback;
    report.weekly.push({
      weekStart: new Date(week.week_start).toISOString().slice(0, 10),
      issued: week.issued,
      accepted: week.accepted,
      overridden: week.overridden,
    });
  }
  for (const reason of reasons) {
    reports.get(groupKey(reason))?.overrideReasons.push({ code: reason.override_reason_code, display: reason.override_reason_display, cards: reason.cards });
  }

  return [...reports.values()]
    .map(({ withFeedback, ...report }) => ({
      ...report,
      noFeedback: report.issued - withFeedback,
      overrideRate: report.overridden / report.issued,
      overrideReasons: report.overrideReasons.sort(
        (a, b) => b.cards - a.cards || compareCodePoints(a.code ?? '', b.code ?? '') || compareCodePoints(a.display ?? '', b.display ?? ''),
      ),
      weekly: report.weekly.sort((a, b) => compareCodePoints(a.weekStart, b.weekStart)),
    }))
    .sort(
      (a, b) =>
        compareCodePoints(a.findingKind, b.findingKind) ||
        compareCodePoints(a.serviceVersion, b.serviceVersion) ||
        compareCodePoints(a.knowledgeVersion, b.knowledgeVersion),
    );
}
