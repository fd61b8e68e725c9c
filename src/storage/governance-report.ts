/**
 * The governance report's counts, as the database gives them: per service, finding kind, version,
 * mode and pilot arm, week by week, the cards shown, held silent and snoozed away, the critical
 * ones shown, and the cards accepted, overridden (and why) or answered at all; the urgent card's
 * flags; the hook calls counted; the critical cards each user got each day; and clinicians'
 * comments. A card counts once in each outcome it received, whatever the number of feedback
 * messages. Ordering and every rate are computed by the caller, so both forms give the same report.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely } from 'kysely';
import type { FeedbackOutcome } from './card-feedback';
import { compareCodePoints, storableInstant } from './storable';
import type { StoreTables } from './tables';

export interface ReportRange {
  /** Cards issued at or after this time. */
  from?: Date;
  /** Cards issued before this time. */
  to?: Date;
}

/** What one row of the report is about. */
export interface ReportGroup {
  serviceId: string;
  findingKind: string;
  serviceVersion: string;
  knowledgeVersion: string;
  mode: string;
  /** 'pilot' or 'control' in a pilot; null otherwise. */
  pilotArm: string | null;
}

export interface OutcomeCounts {
  shown: number;
  silent: number;
  snoozed: number;
  /** Critical (interruptive) cards shown. */
  critical: number;
  accepted: number;
  overridden: number;
  /** Cards with any feedback. */
  answered: number;
}

export interface GroupWeek extends ReportGroup, OutcomeCounts {
  /** The Monday (UTC) that starts the ISO week, as YYYY-MM-DD. */
  weekStart: string;
}

export interface GroupReason extends ReportGroup {
  /** null: overridden without a reason. */
  code: string | null;
  display: string | null;
  cards: number;
}

export interface GroupFlags extends ReportGroup, OutcomeCounts {
  /** The flags one card carried together, sorted. */
  flags: string[];
}

export interface CallWeek {
  serviceId: string;
  serviceVersion: string;
  knowledgeVersion: string;
  /** '' outside a pilot. */
  pilotArm: string;
  weekStart: string;
  calls: number;
}

/** One user's day: cards shown, and critical ones among them. */
export interface UserDay {
  shown: number;
  critical: number;
}

export interface FeedbackComment {
  findingKind: string;
  serviceVersion: string;
  knowledgeVersion: string;
  mode: string;
  outcome: string;
  reason: string | null;
  comment: string;
  receivedAt: string;
}

export interface StoreReport {
  weeks: GroupWeek[];
  reasons: GroupReason[];
  flags: GroupFlags[];
  calls: CallWeek[];
  userDays: UserDay[];
  comments: FeedbackComment[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the epoch. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
/**
 * Weeks are counted from a Monday far enough before the year 0001 that every stored time is
 * after it: integer division then rounds down in both databases alike.
 */
const WEEK_ORIGIN_OFFSET_MS = 102_800 * WEEK_MS - FIRST_MONDAY_MS;
/** The most recent comments shown; older ones stay in the CSV of a narrower range. */
export const COMMENTS_SHOWN = 500;

function weekStartOf(time: Expression<number>) {
  return sql<number>`((${time} + ${sql.lit(WEEK_ORIGIN_OFFSET_MS)}) / ${sql.lit(WEEK_MS)}) * ${sql.lit(WEEK_MS)} - ${sql.lit(WEEK_ORIGIN_OFFSET_MS)}`;
}

const weekText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type LedgerScope = ExpressionBuilder<StoreTables & { l: StoreTables['card_ledger'] }, 'l'>;

/** Cards that received this outcome (or any, when none is named). */
function cardsWithFeedback(eb: LedgerScope, outcome?: FeedbackOutcome) {
  let feedback = eb.selectFrom('card_feedback as f').select(sql.lit(1).as('one')).whereRef('f.card_uuid', '=', 'l.card_uuid');
  if (outcome !== undefined) feedback = feedback.where('f.outcome', '=', outcome);
  return eb.fn.count<number>(eb.case().when(eb.exists(feedback)).then(1).end());
}

function countWhere(eb: LedgerScope, column: 'l.delivery' | 'l.indicator', value: string) {
  return eb.fn.count<number>(eb.case().when(column, '=', value).then(1).end());
}

const GROUP_COLUMNS = ['l.service_id', 'l.finding_kind', 'l.service_version', 'l.knowledge_version', 'l.mode', 'l.pilot_arm'] as const;

interface GroupRow {
  service_id: string;
  finding_kind: string;
  service_version: string;
  knowledge_version: string;
  mode: string;
  pilot_arm: string | null;
}

function groupOf(row: GroupRow): ReportGroup {
  return {
    serviceId: row.service_id,
    findingKind: row.finding_kind,
    serviceVersion: row.service_version,
    knowledgeVersion: row.knowledge_version,
    mode: row.mode,
    pilotArm: row.pilot_arm,
  };
}

function outcomeColumns(eb: LedgerScope) {
  return [
    countWhere(eb, 'l.delivery', 'shown').as('shown'),
    countWhere(eb, 'l.delivery', 'silent').as('silent'),
    countWhere(eb, 'l.delivery', 'snoozed').as('snoozed'),
    eb.fn
      .count<number>(
        eb
          .case()
          .when(eb.and([eb('l.delivery', '=', 'shown'), eb('l.indicator', '=', 'critical')]))
          .then(1)
          .end(),
      )
      .as('critical'),
    cardsWithFeedback(eb, 'accepted').as('accepted'),
    cardsWithFeedback(eb, 'overridden').as('overridden'),
    cardsWithFeedback(eb).as('answered'),
  ] as const;
}

function countsOf(row: OutcomeCounts): OutcomeCounts {
  const { shown, silent, snoozed, critical, accepted, overridden, answered } = row;
  return { shown, silent, snoozed, critical, accepted, overridden, answered };
}

export async function governanceReport(db: Kysely<StoreTables>, range: ReportRange = {}): Promise<StoreReport> {
  const fromMs = range.from === undefined ? undefined : storableInstant(range.from, 'from');
  const toMs = range.to === undefined ? undefined : storableInstant(range.to, 'to');
  const ledger = db
    .selectFrom('card_ledger as l')
    .$if(fromMs !== undefined, (q) => q.where('l.issued_at', '>=', fromMs!))
    .$if(toMs !== undefined, (q) => q.where('l.issued_at', '<', toMs!));

  const weeks = await ledger
    .select((eb) => [...GROUP_COLUMNS, weekStartOf(eb.ref('l.issued_at')).as('week_start'), ...outcomeColumns(eb)])
    .groupBy((eb) => [...GROUP_COLUMNS, weekStartOf(eb.ref('l.issued_at'))])
    .execute();

  const reasons = await ledger
    .innerJoin('card_feedback as f', 'f.card_uuid', 'l.card_uuid')
    .where('f.outcome', '=', 'overridden')
    .select((eb) => [...GROUP_COLUMNS, 'f.override_reason_code', 'f.override_reason_display', eb.fn.count<number>('l.card_uuid').distinct().as('cards')])
    .groupBy([...GROUP_COLUMNS, 'f.override_reason_code', 'f.override_reason_display'])
    .execute();

  // Flags are kept as the sorted JSON list a card carried: grouping by the text groups equal sets.
  const flags = await ledger
    .where('l.flag_kinds', '<>', '[]')
    .select((eb) => [...GROUP_COLUMNS, 'l.flag_kinds', ...outcomeColumns(eb)])
    .groupBy([...GROUP_COLUMNS, 'l.flag_kinds'])
    .execute();

  // Calls are counted by day: a range that starts or ends inside a day takes that day whole.
  const calls = await db
    .selectFrom('hook_call_counts as c')
    .$if(fromMs !== undefined, (q) => q.where('c.day_start', '>', fromMs! - DAY_MS))
    .$if(toMs !== undefined, (q) => q.where('c.day_start', '<', toMs!))
    .select((eb) => [
      'c.service_id',
      'c.service_version',
      'c.knowledge_version',
      'c.pilot_arm',
      weekStartOf(eb.ref('c.day_start')).as('week_start'),
      eb.fn.sum<number>('c.calls').as('calls'),
    ])
    .groupBy((eb) => ['c.service_id', 'c.service_version', 'c.knowledge_version', 'c.pilot_arm', weekStartOf(eb.ref('c.day_start'))])
    .execute();

  const dayOf = sql<number>`(l.issued_at / ${sql.lit(DAY_MS)})`;
  const userDays = await ledger
    .where('l.delivery', '=', 'shown')
    .where('l.user_hash', 'is not', null)
    .select((eb) => [eb.fn.countAll<number>().as('shown'), countWhere(eb, 'l.indicator', 'critical').as('critical')])
    .groupBy(['l.user_hash', dayOf])
    .execute();

  const comments = await ledger
    .innerJoin('card_feedback as f', 'f.card_uuid', 'l.card_uuid')
    .where('f.user_comment', 'is not', null)
    .select([
      'l.finding_kind',
      'l.service_version',
      'l.knowledge_version',
      'l.mode',
      'f.outcome',
      'f.override_reason_display',
      'f.user_comment',
      'f.received_at',
    ])
    .orderBy('f.received_at', 'desc')
    .limit(COMMENTS_SHOWN)
    .execute();

  return {
    weeks: weeks.map((w) => ({ ...groupOf(w), weekStart: weekText(w.week_start), ...countsOf(w) })),
    reasons: reasons.map((r) => ({ ...groupOf(r), code: r.override_reason_code, display: r.override_reason_display, cards: r.cards })),
    flags: flags.map((f) => ({ ...groupOf(f), flags: JSON.parse(f.flag_kinds) as string[], ...countsOf(f) })),
    calls: calls
      .map((c) => ({
        serviceId: c.service_id,
        serviceVersion: c.service_version,
        knowledgeVersion: c.knowledge_version,
        pilotArm: c.pilot_arm,
        weekStart: weekText(c.week_start),
        calls: Number(c.calls),
      }))
      .sort((a, b) =>
        compareCodePoints(
          JSON.stringify([a.weekStart, a.serviceId, a.serviceVersion, a.knowledgeVersion, a.pilotArm]),
          JSON.stringify([b.weekStart, b.serviceId, b.serviceVersion, b.knowledgeVersion, b.pilotArm]),
        ),
      ),
    userDays: userDays.map((d) => ({ shown: d.shown, critical: d.critical })).sort((a, b) => b.critical - a.critical || b.shown - a.shown),
    comments: comments.map((c) => ({
      findingKind: c.finding_kind,
      serviceVersion: c.service_version,
      knowledgeVersion: c.knowledge_version,
      mode: c.mode,
      outcome: c.outcome,
      reason: c.override_reason_display,
      comment: c.user_comment!,
      receivedAt: new Date(c.received_at).toISOString(),
    })),
  };
}
