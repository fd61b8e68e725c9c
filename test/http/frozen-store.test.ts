/**
 * Issue 13, item 1, end to end through HTTP: with PostgreSQL frozen (it accepts bytes and never
 * answers, as a SIGSTOPped server does), an authenticated hook call and feedback call each get 503
 * with Retry-After within the store's deadline (their token cannot be recorded), and so does
 * feedback on a service without client authentication (it cannot be stored); each failure is
 * logged once, and calls are answered 200 again once the database thaws. The store is the real
 * PostgreSQL form, behind a loopback proxy the test freezes.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createAuthenticator } from '../../src/security/client-auth';
import { createStore, type Store } from '../../src/storage/store';
import { SERVICE_URL } from '../support/app';
import { bundle, hookRequest, magnesium, NOW, twitching } from '../support/builders';
import { PUBLIC_URL, signingKey, signToken, type SigningKey } from '../support/tokens';
import { FreezableProxy } from '../storage/support/freezable-proxy';
import { sharedPostgres, TEST_PATIENT_HASH_KEY } from '../storage/support/forms';

const EHR = 'https://ehr.example.org';
const FEEDBACK_URL = `${SERVICE_URL}/feedback`;
/** Short deadlines: the client gives up 250 ms after the query deadline (postgres-form.ts). */
const DEADLINES = { DB_QUERY_TIMEOUT_MS: '300', DB_CONNECT_TIMEOUT_MS: '300' };
/** The query deadline and the client's grace, with room for a busy machine; a later answer is a hang. */
const ANSWERED_WITHIN_MS = 1_500;

type Line = Record<string, unknown>;

function capturedLogger(): { lines: Line[]; logger: ReturnType<typeof createLogger> } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

/** The end-of-call line is written when the response closes, just after the client has it. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('hook and feedback calls on the PostgreSQL store', function () {
  // Starting PostgreSQL in WASM takes a few seconds, once.
  this.timeout(30_000);
  let proxy: FreezableProxy;
  let store: Store;
  let app: Express;
  /** The same store, without client authentication: feedback reaches the store itself. */
  let openApp: Express;
  let key: SigningKey;
  let lines: Line[];
  let issuedCard: string;

  const hookCall = async () =>
    request(app)
      .post(SERVICE_URL)
      .set('Authorization', `Bearer ${await signToken(key, { iss: EHR, aud: `${PUBLIC_URL}${SERVICE_URL}` })}`)
      .send(hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }));

  const feedback = () => ({ feedback: [{ card: issuedCard, outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:00Z' }] });
  const feedbackCall = async () =>
    request(app)
      .post(FEEDBACK_URL)
      .set('Authorization', `Bearer ${await signToken(key, { iss: EHR, aud: `${PUBLIC_URL}${FEEDBACK_URL}` })}`)
      .send(feedback());
  const openFeedbackCall = () => request(openApp).post(FEEDBACK_URL).send(feedback());

  before(async () => {
    const { url } = await sharedPostgres();
    const upstream = new URL(url);
    proxy = new FreezableProxy({ host: upstream.hostname, port: Number(upstream.port) });
    const port = await proxy.start();
    const clock = () => new Date(NOW);
    const config = loadConfig({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY,
      // PGlite is one session: a store on it keeps to one connection.
      DB_POOL_SIZE: '1',
      CDS_PUBLIC_URL: PUBLIC_URL,
      ...DEADLINES,
    });
    const logs = capturedLogger();
    lines = logs.lines;
    store = createStore(config, logs.logger, { clock });
    await store.ready();
    key = await signingKey('ES384');
    const authenticator = createAuthenticator({
      clients: [{ iss: EHR, jwks: { keys: [key.publicJwk] } }],
      replayCache: store.replayCache,
      clock,
      maxLifetimeSeconds: config.security.jwtMaxLifetimeSeconds,
    });
    app = createApp(config, { clock, logger: logs.logger, store, storePing: store, authenticator });
    openApp = createApp(config, { clock, logger: logs.logger, store, storePing: store, authenticator: undefined });

    // A card this service issued, for feedback to name; its ledger row is written before the freeze.
    const issued = await hookCall();
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    issuedCard = (issued.body as { cards: { uuid: string }[] }).cards[0].uuid;
    await store.ledger.flush();
  });

  after(async () => {
    proxy.thaw();
    await store.close();
    await proxy.stop();
  });

  describe('while PostgreSQL is frozen', () => {
    const answers: { name: string; status: number; retryAfter: unknown; error: unknown; ms: number; reqId: string }[] = [];

    before(async () => {
      assert.equal((await feedbackCall()).status, 200);
      lines.length = 0;
      proxy.freeze();
      for (const [name, call] of [
        ['hook', hookCall],
        ['feedback', feedbackCall],
        ['unauthenticated feedback', openFeedbackCall],
      ] as const) {
        const started = Date.now();
        const res = await call();
        answers.push({
          name,
          status: res.status,
          retryAfter: res.headers['retry-after'],
          error: (res.body as { error?: unknown }).error,
          ms: Date.now() - started,
          reqId: String(res.headers['x-request-id']),
        });
      }
      await settle();
      proxy.thaw();
    });

    it('answers 503 with Retry-After: authentication unavailable for the calls with a token, feedback unavailable without one', () => {
      assert.deepEqual(
        answers.map(({ name, status, retryAfter, error }) => ({ name, status, retryAfter, error })),
        [
          { name: 'hook', status: 503, retryAfter: '5', error: 'auth_unavailable' },
          { name: 'feedback', status: 503, retryAfter: '5', error: 'auth_unavailable' },
          { name: 'unauthenticated feedback', status: 503, retryAfter: '5', error: 'feedback_unavailable' },
        ],
      );
    });

    it('answers each within the store deadline, never hangs', () => {
      for (const { name, ms } of answers) assert.ok(ms < ANSWERED_WITHIN_MS, `${name} answered after ${ms} ms`);
    });

    it('logs each failure once, as an error under the call request id, beside its end-of-call line', () => {
      for (const { name, reqId } of answers) {
        const ofCall = lines.filter((line) => line.reqId === reqId);
        assert.equal(ofCall.filter((line) => Number(line.level) >= 50).length, 1, `${name}: ${JSON.stringify(ofCall)}`);
        assert.equal(ofCall.filter((line) => line.status === 503).length, 1, `${name}: ${JSON.stringify(ofCall)}`);
      }
      assert.deepEqual(
        lines.filter((line) => line.reqId === undefined && Number(line.level) >= 50),
        [],
      );
    });
  });

  describe('once PostgreSQL thaws', () => {
    it('answers hook and feedback calls 200 again', async () => {
      // A reconnection on this busy machine may itself miss the short deadline: a few 503s are allowed.
      let hook = await hookCall();
      for (let attempt = 1; hook.status === 503 && attempt < 20; attempt += 1) hook = await hookCall();
      assert.equal(hook.status, 200, JSON.stringify(hook.body));
      assert.equal((await feedbackCall()).status, 200);
      assert.equal((await openFeedbackCall()).status, 200);
    });
  });
});
