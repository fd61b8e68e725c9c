/**
 * The shipped trusted-clients.sandbox.json, with tokens signed as the CDS Hooks Sandbox signs them
 * (its published key, its header with kid and jku, aud the exact URL called): accepted offline,
 * without a single network request, on hook and feedback calls alike.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { loadTrustedClients } from '../../src/security/trusted-clients';
import { SERVICE_URL, securedApp } from '../support/app';
import { storeWithCards } from '../support/ledger';
import { bundle, hookRequest, NOW, twitching } from '../support/builders';
import { SANDBOX_ISSUER, SANDBOX_JKU, SANDBOX_KID, sandboxPrivateKey } from '../support/sandbox-key';
import { refuseNetwork } from '../support/refuse-network';

const SANDBOX_FILE = path.join(__dirname, '..', '..', 'trusted-clients.sandbox.json');
/** Where the Sandbox finds the service when both run on one machine. */
const HOST = 'localhost:3000';

/** A token as the Sandbox's jwt-generator makes one: ES384, typ, kid and jku; 300 s; a uuid jti. */
function sandboxToken(key: CryptoKey, aud: string): Promise<string> {
  const iat = Math.round(NOW.getTime() / 1000);
  return new SignJWT({ iss: SANDBOX_ISSUER, aud, exp: iat + 300, iat, jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: SANDBOX_KID, jku: SANDBOX_JKU })
    .sign(key);
}

describe('the CDS Hooks Sandbox trusted with trusted-clients.sandbox.json', () => {
  let key: CryptoKey;
  let app: Express;
  // Any key set fetch goes through the global fetch: recorded and refused.
  const network = refuseNetwork();
  const store = storeWithCards('9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c11');

  before(async () => {
    key = await sandboxPrivateKey();
    app = securedApp(loadTrustedClients(SANDBOX_FILE), { publicUrl: undefined, deps: { store } });
  });

  describe('on a patient-view call signed with the Sandbox published key, jku included', () => {
    it('answers 200 with the cards, and no request leaves the service', async () => {
      const token = await sandboxToken(key, `http://${HOST}${SERVICE_URL}`);
      const res = await request(app)
        .post(SERVICE_URL)
        .set('Host', HOST)
        .set('Authorization', `Bearer ${token}`)
        .send(hookRequest({ conditions: bundle(twitching(5)) }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok((res.body as { cards: Card[] }).cards.some((c) => c.summary.startsWith('Twitching for 5 days')));
      assert.deepEqual(network.fetched, []);
    });
  });

  describe('on a feedback call signed the same way', () => {
    it('answers 200, stores the feedback under the Sandbox, and no request leaves the service', async () => {
      const token = await sandboxToken(key, `http://${HOST}${SERVICE_URL}/feedback`);
      const feedback = { card: '9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c11', outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:00Z' };
      const res = await request(app)
        .post(`${SERVICE_URL}/feedback`)
        .set('Host', HOST)
        .set('Authorization', `Bearer ${token}`)
        .send({ feedback: [feedback] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        (await store.feedback.findByCardUuids([feedback.card])).map((r) => r.clientIss),
        [SANDBOX_ISSUER],
      );
      assert.deepEqual(network.fetched, []);
    });
  });

  describe('on a token with the Sandbox header signed by another key', () => {
    it('answers 401 "signature could not be verified", still without a request', async () => {
      const other = await generateKeyPair('ES384');
      const token = await sandboxToken(other.privateKey, `http://${HOST}${SERVICE_URL}`);
      const res = await request(app)
        .post(SERVICE_URL)
        .set('Host', HOST)
        .set('Authorization', `Bearer ${token}`)
        .send(hookRequest({ conditions: bundle(twitching(5)) }));
      assert.equal(res.status, 401);
      assert.equal((res.body as { message: string }).message, 'signature could not be verified');
      assert.deepEqual(network.fetched, []);
    });
  });
});
