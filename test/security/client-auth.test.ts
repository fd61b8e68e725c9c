/**
 * Client authentication (CDS Hooks §Trusting CDS Clients) through the HTTP interface: each JWT
 * check, with ES384 and RS384 keys generated here and key sets served from a loopback server.
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { loadConfig } from '../../src/config';
import { createAuthenticator } from '../../src/security/client-auth';
import { corsPreflight, SERVICE_URL, securedApp, testApp } from '../support/app';
import { storeWithCards } from '../support/ledger';
import { bundle, hookRequest, NOW, twitching } from '../support/builders';
import { hmacToken, JwksServer, PUBLIC_URL, signingKey, signToken, unsignedToken, type SigningKey } from '../support/tokens';
import { refuseNetwork } from '../support/refuse-network';

const EHR = 'https://ehr.example.org';
const HOOK_AUD = `${PUBLIC_URL}${SERVICE_URL}`;
const FEEDBACK_AUD = `${HOOK_AUD}/feedback`;

const validBody = () => hookRequest({ conditions: bundle(twitching(5)) });

function callHook(app: Express, token?: string) {
  const call = request(app).post(SERVICE_URL);
  if (token !== undefined) call.set('Authorization', `Bearer ${token}`);
  return call.send(validBody());
}

function assertRefused(res: request.Response, message: string): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.deepEqual(res.body, { error: 'invalid_token', message });
  assert.equal(res.headers['www-authenticate'], `Bearer realm="hamstring-cds", error="invalid_token", error_description="${message}"`);
}

function summaries(res: request.Response): string[] {
  return (res.body as { cards: Card[] }).cards.map((c) => c.summary);
}

describe('client authentication', () => {
  let es384: SigningKey;
  let rs384: SigningKey;
  let stranger: SigningKey;
  let app: Express;

  before(async () => {
    es384 = await signingKey('ES384');
    rs384 = await signingKey('RS384');
    stranger = await signingKey('ES384', es384.kid);
    app = securedApp([{ iss: EHR, jwks: { keys: [es384.publicJwk, rs384.publicJwk] } }]);
  });

  describe('with a valid ES384 token for the URL called', () => {
    it('answers 200 with the cards', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(
        summaries(res).some((s) => s.startsWith('Twitching for 5 days, no red flags')),
        summaries(res).join(' | '),
      );
    });
  });

  describe('with a valid RS384 token whose nbf is 5 minutes before iat, as EHRs send', () => {
    it('answers 200', async () => {
      const res = await callHook(app, await signToken(rs384, { iss: EHR, aud: HOOK_AUD, nbf: -300 }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe('with aud an array that contains the URL called', () => {
    it('answers 200', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: ['https://other.example.org', HOOK_AUD] }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe('without an Authorization header', () => {
    it('answers 401 token_required with a challenge that names no error', async () => {
      const res = await callHook(app);
      assert.equal(res.status, 401);
      assert.equal((res.body as { error: string }).error, 'token_required');
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="hamstring-cds"');
    });
  });

  describe('with Basic credentials instead of a bearer token', () => {
    it('answers 401 token_required', async () => {
      const res = await request(app).post(SERVICE_URL).set('Authorization', 'Basic dXNlcjpwYXNz').send(validBody());
      assert.equal(res.status, 401);
      assert.equal((res.body as { error: string }).error, 'token_required');
    });
  });

  describe('with a bearer value that is not a JWT', () => {
    it('answers 401 "malformed token"', async () => {
      assertRefused(await callHook(app, 'not-a-jwt'), 'malformed token');
    });
  });

  describe('with the same token twice', () => {
    it('answers the first 200 and the replay 401 "token already used"', async () => {
      const token = await signToken(es384, { iss: EHR, aud: HOOK_AUD });
      assert.equal((await callHook(app, token)).status, 200);
      assertRefused(await callHook(app, token), 'token already used');
    });
  });

  describe('with a jti already used by the same issuer in another token', () => {
    it('answers 401 "token already used"', async () => {
      const jti = 'reused-jti';
      assert.equal((await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, jti }))).status, 200);
      assertRefused(await callHook(app, await signToken(rs384, { iss: EHR, aud: HOOK_AUD, jti })), 'token already used');
    });
  });

  describe('with a token for another URL', () => {
    it('answers 401 "audience does not match the URL called" for the feedback URL', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: FEEDBACK_AUD })), 'audience does not match the URL called');
    });
    it('answers 401 for the same path on another host', async () => {
      const aud = `https://attacker.example.org${SERVICE_URL}`;
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud })), 'audience does not match the URL called');
    });
    it('answers 401 for the discovery URL', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: `${PUBLIC_URL}/cds-services` })), 'audience does not match the URL called');
    });
  });

  describe('with an expired token', () => {
    it('answers 401 "token expired" when exp is past by more than the clock skew', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: -600, exp: -61 })), 'token expired');
    });
    it('accepts a token that expired within the 60 s clock skew', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: -300, exp: -30 }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe('with iat in the future', () => {
    it('answers 401 "token issued in the future" beyond the clock skew', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: 120, exp: 400 })), 'token issued in the future');
    });
    it('accepts iat within the clock skew', async () => {
      assert.equal((await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: 30 }))).status, 200);
    });
  });

  describe('with nbf in the future', () => {
    it('answers 401 "token not yet valid"', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, nbf: 120 })), 'token not yet valid');
    });
  });

  for (const claim of ['exp', 'iat', 'jti'] as const) {
    describe(`without the ${claim} claim`, () => {
      it(`answers 401 "token lacks the required ${claim} claim"`, async () => {
        assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, omit: [claim] })), `token lacks the required ${claim} claim`);
      });
    });
  }

  describe('with a token that lives longer than JWT_MAX_LIFETIME_SECONDS (300 s) plus the clock skew', () => {
    const tooLong = 'token lifetime (exp - iat) is longer than the 300 s this service allows (plus 60 s of clock skew)';
    it('answers 401 naming exp - iat for exp ten years ahead', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, exp: 10 * 365 * 86_400 })), tooLong);
    });
    it('answers 401 naming exp - iat for 361 s', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, exp: 361 })), tooLong);
    });
    it('accepts exactly 360 s', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, exp: 360 }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
    it('answers 401 for exp of 1e20', async () => {
      const token = await new SignJWT({ iss: EHR, aud: HOOK_AUD, iat: Math.floor(NOW.getTime() / 1000), exp: 1e20, jti: 'far-future' })
        .setProtectedHeader({ alg: 'ES384', kid: es384.kid, typ: 'JWT' })
        .sign(es384.privateKey);
      assertRefused(await callHook(app, token), tooLong);
    });
  });

  describe('with a token issued longer ago than the lifetime allows', () => {
    it('answers 401 for iat a year ago, even with exp still ahead', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: -365 * 86_400, exp: 300 }));
      assert.equal(res.status, 401);
      assert.equal((res.body as { error: string }).error, 'invalid_token');
    });
    it('answers 401 "token issued too long ago" for iat 370 s ago and a lifetime of 360 s', async () => {
      assertRefused(
        await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, iat: -370, exp: -10 })),
        'token issued too long ago (iat more than 360 s in the past)',
      );
    });
  });

  describe('with JWT_MAX_LIFETIME_SECONDS set to 900', () => {
    it('accepts a token of 900 s and refuses one of 1000 s', async () => {
      const longer = securedApp([{ iss: EHR, jwks: { keys: [es384.publicJwk] } }], { maxLifetimeSeconds: 900 });
      assert.equal((await callHook(longer, await signToken(es384, { iss: EHR, aud: HOOK_AUD, exp: 900 }))).status, 200);
      assertRefused(
        await callHook(longer, await signToken(es384, { iss: EHR, aud: HOOK_AUD, exp: 1000 })),
        'token lifetime (exp - iat) is longer than the 900 s this service allows (plus 60 s of clock skew)',
      );
    });
  });

  describe('with a jti no store can keep', () => {
    const message = 'the jti claim must be 1 to 256 characters, without control characters or unpaired surrogates';
    for (const [what, jti] of [
      ['a NUL', 'abc\u0000def'],
      ['a lone surrogate', 'abc\ud800'],
      ['a control character', 'abc\u001bdef'],
      ['257 characters', 'j'.repeat(257)],
      ['nothing', ''],
    ]) {
      it(`answers 401 naming the jti for ${what}`, async () => {
        assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, jti })), message);
      });
    }
    it('accepts a jti of letters from any script, emoji included', async () => {
      const res = await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, jti: `jéton-トークン-😀-${Date.now()}` }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe('with an issuer that is not trusted', () => {
    it('answers 401 "unknown issuer"', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: 'https://unknown.example.org', aud: HOOK_AUD })), 'unknown issuer');
    });
  });

  describe('with a token signed by another key under the trusted kid', () => {
    it('answers 401 "signature could not be verified"', async () => {
      assertRefused(await callHook(app, await signToken(stranger, { iss: EHR, aud: HOOK_AUD })), 'signature could not be verified');
    });
  });

  describe('with a kid the issuer does not have', () => {
    it('answers 401 naming the kid as the problem', async () => {
      const unknownKid = await signingKey('ES384', 'unknown-kid');
      assertRefused(await callHook(app, await signToken(unknownKid, { iss: EHR, aud: HOOK_AUD })), "no key of the issuer matches the token's kid");
    });
  });

  describe('with alg none', () => {
    it('answers 401 "algorithm not allowed"', async () => {
      assertRefused(
        await callHook(app, unsignedToken({ iss: EHR, aud: HOOK_AUD })),
        'algorithm not allowed: sign with an asymmetric algorithm such as ES384 or RS384',
      );
    });
  });

  describe('with an HMAC (HS256) token', () => {
    it('answers 401 "algorithm not allowed"', async () => {
      assertRefused(
        await callHook(app, await hmacToken({ iss: EHR, aud: HOOK_AUD })),
        'algorithm not allowed: sign with an asymmetric algorithm such as ES384 or RS384',
      );
    });
  });

  describe('with typ other than JWT', () => {
    it('answers 401 "token type (typ) must be JWT"', async () => {
      assertRefused(await callHook(app, await signToken(es384, { iss: EHR, aud: HOOK_AUD, header: { typ: 'at+jwt' } })), 'token type (typ) must be JWT');
    });
  });

  describe('on a refusal', () => {
    it('answers without the token, a stack trace or the library error', async () => {
      const token = await signToken(es384, { iss: EHR, aud: FEEDBACK_AUD });
      const res = await callHook(app, token);
      assert.equal(res.status, 401);
      const text = JSON.stringify(res.body) + JSON.stringify(res.headers);
      assert.ok(!text.includes(token.split('.')[1]), 'the token is echoed');
      assert.ok(!/ at |\.ts:|ERR_JWT|JWTClaimValidationFailed/.test(text), text);
    });
  });

  describe('on GET /cds-services without a token', () => {
    it('answers 200: discovery stays public', async () => {
      const res = await request(app).get('/cds-services').expect(200);
      assert.equal((res.body as { services: unknown[] }).services.length, 3);
    });
  });

  describe('on a CORS preflight without a token', () => {
    it('answers 204 and allows the Authorization header', async () => {
      const res = await corsPreflight(app).expect(204);
      assert.match(String(res.headers['access-control-allow-headers']), /authorization/i);
    });
  });

  describe('on a call to an unknown service without a token', () => {
    it('answers 401 before saying whether the service exists', async () => {
      const res = await request(app).post('/cds-services/nope').send(validBody());
      assert.equal(res.status, 401);
    });
  });

  describe('on a body that is not JSON, without a token', () => {
    it('answers 401 before reading the body', async () => {
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send('{');
      assert.equal(res.status, 401);
    });
  });
});

describe('client authentication without CDS_PUBLIC_URL', () => {
  let key: SigningKey;
  let app: Express;

  before(async () => {
    key = await signingKey('ES384');
    app = securedApp([{ iss: EHR, jwks: { keys: [key.publicJwk] } }], { publicUrl: undefined });
  });

  describe('with aud built from the Host the client called', () => {
    it('answers 200', async () => {
      const token = await signToken(key, { iss: EHR, aud: `http://cds.local:3000${SERVICE_URL}` });
      const res = await request(app).post(SERVICE_URL).set('Host', 'cds.local:3000').set('Authorization', `Bearer ${token}`).send(validBody());
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe('with aud naming another host', () => {
    it('answers 401 "audience does not match the URL called"', async () => {
      const token = await signToken(key, { iss: EHR, aud: `http://cds.local:3000${SERVICE_URL}` });
      const res = await request(app).post(SERVICE_URL).set('Host', 'other.local:3000').set('Authorization', `Bearer ${token}`).send(validBody());
      assertRefused(res, 'audience does not match the URL called');
    });
  });
});

describe('client authentication with key sets fetched over the network', () => {
  const SANDBOX = 'https://sandbox.cds-hooks.org';
  const jwks = new JwksServer();
  let sandboxKey: SigningKey;
  let ehrKey: SigningKey;
  let sandboxJku: string;
  let ehrJwksUrl: string;
  let app: Express;
  const store = storeWithCards('c0a8012e-4b1d-4e0a-9a57-6f3c5d1e2b7a');

  before(async () => {
    await jwks.start();
    sandboxKey = await signingKey('ES384', '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f');
    ehrKey = await signingKey('RS384');
    sandboxJku = jwks.serve('/sandbox/jwks.json', [sandboxKey.publicJwk]);
    ehrJwksUrl = jwks.serve('/ehr/jwks.json', [ehrKey.publicJwk]);
    jwks.serve('/elsewhere/jwks.json', [sandboxKey.publicJwk]);
    app = securedApp(
      [
        { iss: SANDBOX, jwksUrl: sandboxJku },
        { iss: EHR, jwksUrl: ehrJwksUrl, jku: [jwks.url('/ehr/next-jwks.json')] },
      ],
      { jwksFetch: { cooldownMs: 0, timeoutMs: 300 }, deps: { store } },
    );
  });

  after(() => jwks.stop());

  beforeEach(() => {
    jwks.requests.length = 0;
    jwks.delayMs = 0;
  });

  describe("with a token shaped like the Sandbox sends (ES384, kid, jku naming the issuer's jwksUrl, exp in 300 s)", () => {
    it('answers 200 on the hook and on feedback, and the feedback names the client', async () => {
      const hook = await callHook(app, await signToken(sandboxKey, { iss: SANDBOX, aud: HOOK_AUD, header: { jku: sandboxJku } }));
      assert.equal(hook.status, 200, JSON.stringify(hook.body));
      const feedback = await request(app)
        .post(`${SERVICE_URL}/feedback`)
        .set('Authorization', `Bearer ${await signToken(sandboxKey, { iss: SANDBOX, aud: FEEDBACK_AUD, header: { jku: sandboxJku } })}`)
        .send({ feedback: [{ card: 'c0a8012e-4b1d-4e0a-9a57-6f3c5d1e2b7a', outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:00Z' }] });
      assert.equal(feedback.status, 200, JSON.stringify(feedback.body));
      assert.deepEqual(
        (await store.feedback.findByCardUuids(['c0a8012e-4b1d-4e0a-9a57-6f3c5d1e2b7a'])).map((r) => r.clientIss),
        [SANDBOX],
      );
    });
  });

  describe('with a jku other than its jwksUrl, from an issuer that lists no jku', () => {
    it("ignores the jku: verifies with the issuer's jwksUrl and never fetches the jku", async () => {
      const jku = jwks.url('/elsewhere/jwks.json');
      const res = await callHook(app, await signToken(sandboxKey, { iss: SANDBOX, aud: HOOK_AUD, header: { jku } }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(!jwks.requests.includes('/elsewhere/jwks.json'), jwks.requests.join(', '));
    });
    it("refuses a token signed by the key at the jku, which is not the issuer's", async () => {
      const attacker = await signingKey('ES384', sandboxKey.kid);
      const jku = jwks.serve('/attacker/jwks.json', [attacker.publicJwk]);
      const res = await callHook(app, await signToken(attacker, { iss: SANDBOX, aud: HOOK_AUD, header: { jku } }));
      assertRefused(res, 'signature could not be verified');
      assert.ok(!jwks.requests.includes('/attacker/jwks.json'), jwks.requests.join(', '));
    });
  });

  describe('with a jku another issuer may use but this one may not', () => {
    it('answers 401 without fetching it', async () => {
      const res = await callHook(app, await signToken(ehrKey, { iss: EHR, aud: HOOK_AUD, header: { jku: sandboxJku } }));
      assertRefused(res, 'key set URL (jku) not allowed for this issuer');
      assert.deepEqual(jwks.requests, []);
    });
  });

  describe("with a jku from the issuer's allowlist", () => {
    it('verifies with the key set at that URL', async () => {
      const next = await signingKey('ES384');
      const jku = jwks.serve('/ehr/next-jwks.json', [next.publicJwk]);
      const res = await callHook(app, await signToken(next, { iss: EHR, aud: HOOK_AUD, header: { jku } }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(jwks.requests, ['/ehr/next-jwks.json']);
    });
  });

  describe('with several tokens from one issuer', () => {
    it('fetches its key set once and serves later tokens from the cache', async () => {
      const fresh = securedApp([{ iss: EHR, jwksUrl: ehrJwksUrl }]);
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await callHook(fresh, await signToken(ehrKey, { iss: EHR, aud: HOOK_AUD }))).status, 200);
      }
      assert.deepEqual(jwks.requests, ['/ehr/jwks.json']);
    });
  });

  describe('after the issuer rotates to a new key', () => {
    it('refetches its key set on the unknown kid and accepts the new key', async () => {
      const rotating = jwks.serve('/rotating/jwks.json', [ehrKey.publicJwk]);
      const fresh = securedApp([{ iss: EHR, jwksUrl: rotating }], { jwksFetch: { cooldownMs: 0 } });
      assert.equal((await callHook(fresh, await signToken(ehrKey, { iss: EHR, aud: HOOK_AUD }))).status, 200);
      const next = await signingKey('ES384');
      jwks.serve('/rotating/jwks.json', [ehrKey.publicJwk, next.publicJwk]);
      assert.equal((await callHook(fresh, await signToken(next, { iss: EHR, aud: HOOK_AUD }))).status, 200);
      assert.deepEqual(jwks.requests, ['/rotating/jwks.json', '/rotating/jwks.json']);
    });
  });

  describe('when the key set does not answer in time', () => {
    it('answers 401 "the issuer\'s keys could not be retrieved"', async () => {
      jwks.delayMs = 1_000;
      const slow = jwks.serve('/slow/jwks.json', [ehrKey.publicJwk]);
      const fresh = securedApp([{ iss: EHR, jwksUrl: slow }], { jwksFetch: { timeoutMs: 100 } });
      const started = Date.now();
      assertRefused(await callHook(fresh, await signToken(ehrKey, { iss: EHR, aud: HOOK_AUD })), "the issuer's keys could not be retrieved");
      assert.ok(Date.now() - started < 900, 'waited for the slow key set');
    });
  });
});

describe('client authentication of a client with inline keys, whose tokens name a jku', () => {
  const jwks = new JwksServer();
  let key: SigningKey;
  // Any key set fetch goes through the global fetch: recorded and refused.
  const network = refuseNetwork();

  before(async () => {
    await jwks.start();
    key = await signingKey('ES384');
    jwks.serve('/jwks.json', [key.publicJwk]);
  });
  after(() => jwks.stop());
  afterEach(() => {
    jwks.requests.length = 0;
  });

  describe('when the entry lists no jku', () => {
    it('verifies with the inline keys and fetches nothing, whatever the jku names', async () => {
      const app = securedApp([{ iss: EHR, jwks: { keys: [key.publicJwk] } }]);
      for (const jku of ['https://keys.example.org/.well-known/jwks.json', jwks.url('/jwks.json')]) {
        const res = await callHook(app, await signToken(key, { iss: EHR, aud: HOOK_AUD, header: { jku } }));
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      assert.deepEqual(network.fetched, []);
      assert.deepEqual(jwks.requests, []);
    });
  });

  describe('when the entry lists jku URLs', () => {
    it('refuses a jku outside the list without fetching it', async () => {
      const app = securedApp([{ iss: EHR, jwks: { keys: [key.publicJwk] }, jku: ['https://keys.example.org/jwks.json'] }]);
      const res = await callHook(app, await signToken(key, { iss: EHR, aud: HOOK_AUD, header: { jku: 'https://elsewhere.example.org/jwks.json' } }));
      assertRefused(res, 'key set URL (jku) not allowed for this issuer');
      assert.deepEqual(network.fetched, []);
    });
    it('verifies a token without jku with the inline keys', async () => {
      const app = securedApp([{ iss: EHR, jwks: { keys: [key.publicJwk] }, jku: ['https://keys.example.org/jwks.json'] }]);
      assert.equal((await callHook(app, await signToken(key, { iss: EHR, aud: HOOK_AUD }))).status, 200);
      assert.deepEqual(network.fetched, []);
    });
  });

  describe('when the entry lists an empty jku list', () => {
    it('refuses every token that names a jku', async () => {
      const app = securedApp([{ iss: EHR, jwks: { keys: [key.publicJwk] }, jku: [] }]);
      const res = await callHook(app, await signToken(key, { iss: EHR, aud: HOOK_AUD, header: { jku: jwks.url('/jwks.json') } }));
      assertRefused(res, 'key set URL (jku) not allowed for this issuer');
      assert.deepEqual(network.fetched, []);
    });
  });
});

describe('client authentication when the replay cache is down', () => {
  it('answers 503 with Retry-After: the token is not at fault, and nothing is evaluated', async () => {
    const key = await signingKey('ES384');
    const clock = () => new Date(NOW);
    const replayCache = { claim: () => Promise.reject(new Error('connection refused')) };
    const authenticator = createAuthenticator({ clients: [{ iss: EHR, jwks: { keys: [key.publicJwk] } }], replayCache, clock, maxLifetimeSeconds: 300 });
    const app = testApp({ security: { ...loadConfig({}).security, publicUrl: PUBLIC_URL } }, { authenticator });
    const res = await callHook(app, await signToken(key, { iss: EHR, aud: HOOK_AUD }));
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '5');
    assert.deepEqual(res.body, { error: 'auth_unavailable', message: 'Client authentication is unavailable for the moment; retry shortly' });
  });
});
