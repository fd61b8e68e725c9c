/**
 * The store: the JWT replay cache, the card ledger, feedback and snoozes, and the governance
 * report over them. One query code serves two forms: an embedded SQLite file in DATA_DIR (the
 * default: nothing to install, one replica) and PostgreSQL when DATABASE_URL is set (several
 * replicas). Migrations run on `ready()`; every operation waits for them, so a store can be used
 * as soon as it is made. Patients appear only as the keyed hash `hashPatient` gives.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { STORAGE_DEFAULTS, type Config, type RetentionConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { loadPatientHashKey, PATIENT_HASH_KEY_MIN_BYTES, patientHasher, userHasher } from '../security/patient-hash';
import { CardFeedbackRepository } from './card-feedback';
import { CardLedgerRepository, type IssuedCard } from './card-ledger';
import { CardSnoozeRepository } from './card-snoozes';
import { withDeadline } from './deadline';
import { governanceReport, type StoreReport, type ReportRange } from './governance-report';
import { HookCallCounter, type HookCall } from './hook-call-counts';
import { LedgerWriter, type LedgerWriterCounts } from './ledger-writer';
import { migrateToLatest } from './migrations';
import { openPostgres } from './postgres-form';
import { JwtReplayClaims } from './replay-claims';
import { purgeRetained, type RetentionPurge } from './retention';
import { openSqlite, SQLITE_FILE } from './sqlite-form';
import { storableText } from './storable';
import type { StoreTables } from './tables';

/** A class's public methods: what callers use, and what a test can stand in for. */
type PublicPart<T> = Pick<T, keyof T>;

export interface CardLedger {
  /** Queues the cards; they are written moments later, never on the caller's time. */
  enqueue(cards: readonly IssuedCard[]): void;
  /** The ledger rows of these cards, including those still queued in this process; unknown cards are left out. */
  find(cardUuids: readonly string[]): Promise<IssuedCard[]>;
  /** Resolves once every queued card is written (or dropped after its last try). */
  flush(): Promise<void>;
  counts(): LedgerWriterCounts;
}

export interface Store {
  readonly form: 'sqlite' | 'postgres';
  readonly replayCache: PublicPart<JwtReplayClaims>;
  readonly ledger: CardLedger;
  readonly feedback: PublicPart<CardFeedbackRepository>;
  readonly snoozes: PublicPart<CardSnoozeRepository>;
  /** Every hook call, counted in memory and added to the store moments later. */
  readonly hookCalls: { count(call: HookCall): void; flush(): Promise<void> };
  report(range?: ReportRange): Promise<StoreReport>;
  /** Deletes what is past retention and erases old comments (the periodic retention job). */
  purgeRetained(now: Date, policy: RetentionConfig): Promise<RetentionPurge>;
  /** The keyed hash that stands for a patient in the store. */
  hashPatient(patientId: string): string;
  /** The keyed hash that stands for a user (context.userId) in the store. */
  hashUser(userId: string): string;
  /** Applies pending migrations; rejects when the database cannot be reached. */
  ready(): Promise<void>;
  /** Resolves when the store answers within `deadlineMs` (a readiness probe); else StoreUnavailableError. */
  ping(deadlineMs: number): Promise<void>;
  /** Writes the queued ledger rows, then closes the database. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** What replay claims count as now (tests freeze it). */
  clock?: () => Date;
}

function assembleStore(db: Kysely<StoreTables>, form: Store['form'], key: Buffer, logger: Logger, options: StoreOptions): Store {
  const clock = options.clock ?? (() => new Date());
  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    migrated ??= migrateToLatest(db as Kysely<unknown>).then(
      (applied) => {
        if (applied.length > 0) logger.info({ store: form, migrations: applied }, 'store migrated');
      },
      (err: unknown) => {
        // A database that was down at the first try is tried again by the next caller.
        migrated = undefined;
        throw err;
      },
    );
    return migrated;
  };

  const ledgerRows = new CardLedgerRepository(db, ready);
  const writer = new LedgerWriter(ledgerRows, logger);
  const hash = patientHasher(key);
  const hashUser = userHasher(key);
  const calls = new HookCallCounter(db, ready, logger);
  let closing: Promise<void> | undefined;

  return {
    form,
    replayCache: new JwtReplayClaims(db, ready, clock, logger),
    ledger: {
      enqueue: (cards) => writer.enqueue(cards),
      async find(cardUuids) {
        const queued = new Map<string, IssuedCard>();
        for (const uuid of cardUuids) {
          const card = writer.pending(storableText(uuid, 'cardUuid'));
          if (card) queued.set(uuid, card);
        }
        const stored = await ledgerRows.findByCardUuids(cardUuids.filter((uuid) => !queued.has(uuid)));
        const found = new Map([...stored.map((card): [string, IssuedCard] => [card.cardUuid, card]), ...queued]);
        return [...new Set(cardUuids)].flatMap((uuid) => found.get(uuid) ?? []);
      },
      flush: () => writer.flush(),
      counts: () => writer.counts(),
    },
    feedback: new CardFeedbackRepository(db, ready),
    snoozes: new CardSnoozeRepository(db, ready),
    hookCalls: { count: (call) => calls.count(call), flush: () => calls.flush() },
    async report(range) {
      await ready();
      return governanceReport(db, range);
    },
    async purgeRetained(now, policy) {
      await ready();
      return purgeRetained(db, now, policy);
    },
    hashPatient: (patientId) => hash(patientId),
    hashUser: (userId) => hashUser(userId),
    ready,
    ping: (deadlineMs) =>
      withDeadline(
        ready().then(() => sql`select 1`.execute(db)),
        deadlineMs,
        'the readiness probe',
      ).then(() => undefined),
    close() {
      closing ??= Promise.all([writer.close(), calls.flush()])
        .finally(() => db.destroy())
        .then(() => undefined);
      return closing;
    },
  };
}

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR. */
export function createStore(config: Config, logger: Logger, options: StoreOptions = {}): Store {
  const { storage } = config;
  const key = loadPatientHashKey({ configured: storage.patientHashKey, production: config.security.production, dataDir: storage.dataDir });
  if (storage.databaseUrl !== undefined) {
    return assembleStore(openPostgres(storage.databaseUrl, storage, logger), 'postgres', key, logger, options);
  }
  return assembleStore(openSqlite(path.join(storage.dataDir, SQLITE_FILE), storage.queryTimeoutMs), 'sqlite', key, logger, options);
}

/**
 * A store in this process's memory (SQLite ':memory:'): the default of an app built without one,
 * as tests and the fixture runner do. Nothing outlives it, so its patient-hash key is random.
 */
export function inMemoryStore(options: StoreOptions & { logger?: Logger } = {}): Store {
  const logger = options.logger ?? createLogger('silent');
  return assembleStore(openSqlite(':memory:', STORAGE_DEFAULTS.queryTimeoutMs), 'sqlite', randomBytes(PATIENT_HASH_KEY_MIN_BYTES), logger, options);
}
