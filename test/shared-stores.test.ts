/**
 * The replay cache and the feedback store keep one contract in both forms: in this process, and in
 * PostgreSQL (a real one, compiled to WASM and served on a loopback port, so no daemon is needed).
 */
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Pool } from 'pg';
import { createLogger } from '../src/logger';
import { MemoryReplayCache, type ReplayCache } from '../src/security/replay-cache';
import { MemoryFeedbackStore, type FeedbackRecord, type FeedbackStore } from '../src/storage/feedback-store';
import { createPool, createSchema, PostgresFeedbackStore, PostgresReplayCache } from '../src/storage/postgres';
import { NOW } from './support/builders';

interface StoreForm {
  replayCache(clock: () => Date): ReplayCache;
  feedbackStore(): FeedbackStore;
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function feedback(card: string, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return { serviceId: 'hamstring-twitch', card, outcome: 'overridden', acceptedSuggestions: [], outcomeTimestamp: '2026-11-26T11:00:00.000Z', ...overrides };
}

function contract(name: string, form: () => StoreForm): void {
  describe(`${name} replay cache`, () => {
    let now: Date;
    let cache: ReplayCache;
    beforeEach(() => {
      now = NOW;
      cache = form().replayCache(() => now);
    });

    it('accepts a jti the first time and refuses it again before it expires', async () => {
      assert.equal(await cache.claim('https://ehr.example.org', 'jti-1', minutes(5)), true);
      assert.equal(await cache.claim('https://ehr.example.org', 'jti-1', minutes(5)), false);
    });

    it('keeps issuers apart: the same jti from another issuer is new', async () => {
      assert.equal(await cache.claim('https://a.example.org', 'jti-2', minutes(5)), true);
      assert.equal(await cache.claim('https://b.example.org', 'jti-2', minutes(5)), true);
    });

    it('forgets a jti once its token has expired', async () => {
      assert.equal(await cache.claim('https://ehr.example.org', 'jti-3', minutes(5)), true);
      now = minutes(6);
      assert.equal(await cache.claim('https://ehr.example.org', 'jti-3', minutes(11)), true);
      assert.equal(await cache.claim('https://ehr.example.org', 'jti-3', minutes(11)), false);
    });

    it('lets exactly one of ten simultaneous claims of one jti win', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => cache.claim('https://ehr.example.org', 'jti-race', minutes(5))));
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('treats the separator characters in iss and jti as data', async () => {
      assert.equal(await cache.claim('a","b', 'c', minutes(5)), true);
      assert.equal(await cache.claim('a', 'b","c', minutes(5)), true);
    });
  });

  describe(`${name} feedback store`, () => {
    let store: FeedbackStore;
    beforeEach(() => {
      store = form().feedbackStore();
    });

    it('stores a batch across cards and returns it by outcome time', async () => {
      const accepted = feedback('card-b', {
        outcome: 'accepted',
        acceptedSuggestions: ['s-1'],
        outcomeTimestamp: '2026-11-26T10:00:00.000Z',
        client: 'https://ehr.example.org',
      });
      const overridden = feedback('card-a', {
        overrideReason: { reason: { system: 'http://example.org/reasons', code: 'not-relevant', display: 'Not relevant' }, userComment: 'seen' },
      });
      assert.equal(await store.record([overridden, accepted]), 2);
      assert.deepEqual(await store.forService('hamstring-twitch'), [accepted, overridden]);
    });

    it('stores a repeat once, whether it comes in a later call or in the same batch', async () => {
      assert.equal(await store.record([feedback('card-c'), feedback('card-c')]), 1);
      assert.equal(await store.record([feedback('card-c'), feedback('card-d')]), 1);
      assert.deepEqual((await store.forService('hamstring-twitch')).map((r) => r.card), ['card-c', 'card-d']);
    });

    it('keeps services apart', async () => {
      await store.record([feedback('card-e', { serviceId: 'another-service' })]);
      assert.deepEqual(await store.forService('hamstring-twitch'), []);
      assert.equal((await store.forService('another-service')).length, 1);
    });
  });
}

contract('in-memory', () => ({
  replayCache: (clock) => new MemoryReplayCache(clock),
  feedbackStore: () => new MemoryFeedbackStore(),
}));

describe('PostgreSQL stores', function () {
  // Starting Postgres in WASM takes a few seconds.
  this.timeout(30_000);
  let db: PGlite;
  let server: PGLiteSocketServer;
  let pool: Pool;

  before(async () => {
    db = await PGlite.create();
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    // The socket server answers one connection at a time.
    pool = createPool(`postgres://postgres@${server.getServerConn()}/postgres`, createLogger('silent'), 1);
    await createSchema(pool);
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE cds_jwt_replay, cds_feedback');
  });

  after(async () => {
    await pool.end();
    await server.stop();
    await db.close();
  });

  it('creates its tables again without error when they exist', async () => {
    await createSchema(pool);
    const tables = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'cds_%' ORDER BY table_name",
    );
    assert.deepEqual(tables.rows.map((r) => r.table_name), ['cds_feedback', 'cds_jwt_replay']);
  });

  it('purges expired tokens', async () => {
    let now = NOW;
    const cache = new PostgresReplayCache(pool, () => now);
    await cache.claim('https://ehr.example.org', 'old', minutes(5));
    now = minutes(10);
    const later = new PostgresReplayCache(pool, () => now);
    await later.claim('https://ehr.example.org', 'new', minutes(15));
    const rows = await pool.query<{ jti: string }>('SELECT jti FROM cds_jwt_replay');
    assert.deepEqual(rows.rows.map((r) => r.jti), ['new']);
  });

  contract('PostgreSQL', () => ({
    replayCache: (clock) => new PostgresReplayCache(pool, clock),
    feedbackStore: () => new PostgresFeedbackStore(pool),
  }));
});
