/**
 * Input no store can hold is the client's mistake, refused at the edge with the field named, on
 * both store forms alike: a PostgreSQL store must never see it, or the EHR is told to retry (503)
 * what can never be stored.
 */
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createAuthenticator } from '../../src/security/client-auth';
import { createStore, inMemoryStore, type Store } from '../../src/storage/store';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, NOW, twitching } from '../support/builders';
import { PUBLIC_URL, signingKey, signToken, type SigningKey } from '../support/tokens';

const EHR = 'https://ehr.example.org';
const HOOK_AUD = `${PUBLIC_URL}${SERVICE_URL}`;
const FEEDBACK_AUD = `${HOOK_AUD}/feedback`;

function appWith(store: Store, key: SigningKey): Express {
  const clock = () => new Date(NOW);
  const config = loadConfig({});
  const authenticator = createAuthenticator({
    clients: [{ iss: EHR, jwks: { keys: [key.publicJwk] } }],
    replayCache: store.replayCache,
    clock,
    maxLifetimeSeconds: config.security.jwtMaxLifetimeSeconds,
  });
  return testApp({ security: { ...config.security, publicUrl: PUBLIC_URL } }, { authenticator, store });
}

function unstorableInput(name: string, open: () => Promise<Store>): void {
  describe(`with ${name} stores`, function () {
    // Starting PostgreSQL in WASM takes a few seconds.
    this.timeout(30_000);
    let store: Store;
    let key: SigningKey;
    let app: Express;

    before(async () => {
      store = await open();
      key = await signingKey('ES384');
      app = appWith(store, key);
    });
    after(() => store.close());

    const hook = (token: string) =>
      request(app)
        .post(SERVICE_URL)
        .set('Authorization', `Bearer ${token}`)
        .send(hookRequest({ conditions: bundle(twitching(5)) }));

    it('answers 401 naming the jti for a NUL in it', async () => {
      const res = await hook(await signToken(key, { iss: EHR, aud: HOOK_AUD, jti: 'jti\u0000nul' }));
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.match((res.body as { message: string }).message, /^the jti claim must be/);
    });

    it('answers 401 naming the jti for a lone surrogate in it', async () => {
      const res = await hook(await signToken(key, { iss: EHR, aud: HOOK_AUD, jti: 'jti\ud800' }));
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.match((res.body as { message: string }).message, /^the jti claim must be/);
    });

    it('answers 401 naming exp - iat for exp of 1e20', async () => {
      const token = await new SignJWT({ iss: EHR, aud: HOOK_AUD, iat: Math.floor(NOW.getTime() / 1000), exp: 1e20, jti: 'far-future' })
        .setProtectedHeader({ alg: 'ES384', kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
      const res = await hook(token);
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.match((res.body as { message: string }).message, /^token lifetime \(exp - iat\)/);
    });

    const feedbackItem = { card: '9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c11', outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:00Z' };
    const badFeedback: [string, Record<string, unknown>, string][] = [
      ['a NUL in userComment', { ...feedbackItem, overrideReason: { userComment: 'seen\u0000' } }, 'feedback[0].overrideReason.userComment'],
      ['a lone surrogate in the card', { ...feedbackItem, card: 'card\udfff' }, 'feedback[0].card'],
      ['an outcomeTimestamp in year 0000', { ...feedbackItem, outcomeTimestamp: '0000-01-01T00:00:00Z' }, 'feedback[0].outcomeTimestamp'],
    ];
    for (const [what, item, field] of badFeedback) {
      it(`answers 400 naming ${field} for feedback with ${what}`, async () => {
        const token = await signToken(key, { iss: EHR, aud: FEEDBACK_AUD });
        const res = await request(app)
          .post(`${SERVICE_URL}/feedback`)
          .set('Authorization', `Bearer ${token}`)
          .send({ feedback: [item] });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal((res.body as { field: string }).field, field);
        assert.deepEqual(await store.feedback.findByCardUuids([feedbackItem.card]), []);
      });
    }

    it('still answers a valid call with 200 afterwards', async () => {
      const res = await hook(await signToken(key, { iss: EHR, aud: HOOK_AUD }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });
}

describe('input no store can hold', () => {
  unstorableInput('embedded (SQLite)', () => Promise.resolve(inMemoryStore({ clock: () => new Date(NOW) })));

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  unstorableInput('PostgreSQL', async () => {
    db = await PGlite.create();
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    const config = loadConfig({ DATABASE_URL: `postgres://postgres@${server.getServerConn()}/postgres`, PATIENT_HASH_KEY: 'ab'.repeat(32), DB_POOL_SIZE: '1' });
    const store = createStore(config, createLogger('silent'), { clock: () => new Date(NOW) });
    await store.ready();
    return store;
  });
  after(async () => {
    await server?.stop();
    await db?.close();
  });
});
