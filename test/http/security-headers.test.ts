/** Every response carries the security headers: successes, refusals, unknown paths and CORS preflights alike. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { SECURITY_HEADERS } from '../../src/http/security-headers';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';

describe('security headers', () => {
  const app = testApp({ bodyLimitBytes: 2048 });
  const cases: [string, () => request.Test, number][] = [
    ['GET /cds-services', () => request(app).get('/cds-services'), 200],
    [
      'a hook call with cards',
      () =>
        request(app)
          .post(SERVICE_URL)
          .send(hookRequest({ conditions: bundle(twitching(5)) })),
      200,
    ],
    ['a hook call with broken JSON', () => request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send('{'), 400],
    [
      'a hook call over the body limit',
      () =>
        request(app)
          .post(SERVICE_URL)
          .send({ padding: 'x'.repeat(4096) }),
      413,
    ],
    ['a hook call in text/plain', () => request(app).post(SERVICE_URL).set('Content-Type', 'text/plain').send('hello'), 415],
    ['an unknown path', () => request(app).get('/no-such-page'), 404],
    ['an unknown service', () => request(app).post('/cds-services/nope').send({}), 404],
    ['a wrong method', () => request(app).delete(SERVICE_URL), 405],
    [
      'a CORS preflight',
      () =>
        request(app)
          .options(SERVICE_URL)
          .set('Origin', 'https://sandbox.cds-hooks.org')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type'),
      204,
    ],
  ];

  for (const [name, send, status] of cases) {
    describe(`on ${name}`, () => {
      it(`answers ${status} with every security header`, async () => {
        const res = await send();
        assert.equal(res.status, status);
        for (const [header, value] of Object.entries(SECURITY_HEADERS)) {
          assert.equal(res.headers[header.toLowerCase()], value, header);
        }
        assert.equal(res.headers['x-powered-by'], undefined);
      });
    });
  }

  describe('on a cross-origin call from the browser Sandbox', () => {
    it('lets the browser read the answer: CORS allows any origin and CORP is cross-origin', async () => {
      const res = await request(app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org').expect(200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    });
  });
});
