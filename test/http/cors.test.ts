/** CORS as CORS_ORIGINS sets it: any origin by default, else only the listed ones, on every route. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { corsPreflight, SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';

const SANDBOX = 'https://sandbox.cds-hooks.org';
const EHR = 'https://ehr.example.org';

function appAllowing(origins: string) {
  return testApp({ ops: loadConfig({ CORS_ORIGINS: origins }).ops });
}

describe('CORS', () => {
  describe('by default (development)', () => {
    it('lets any origin read every answer and exposes X-Request-Id', async () => {
      const res = await request(testApp())
        .post(SERVICE_URL)
        .set('Origin', 'https://anywhere.example')
        .send(hookRequest({ conditions: bundle(twitching(5)) }));
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-expose-headers'], 'X-Request-Id');
      assert.equal(res.headers.vary, undefined);
    });
  });

  describe(`with CORS_ORIGINS=${SANDBOX},${EHR}`, () => {
    const app = appAllowing(`${SANDBOX}, ${EHR}/`);

    it('names a listed origin back to it, and says the answer varies by Origin', async () => {
      const res = await request(app).get('/cds-services').set('Origin', EHR).expect(200);
      assert.equal(res.headers['access-control-allow-origin'], EHR);
      assert.equal(res.headers.vary, 'Origin');
    });

    it('gives an origin that is not listed no Access-Control-Allow-Origin, so its page cannot read the answer', async () => {
      const res = await request(app).get('/cds-services').set('Origin', 'https://evil.example').expect(200);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      assert.equal(res.headers.vary, 'Origin');
    });

    it('answers a preflight from a listed origin with 204, the methods, the headers and the max age', async () => {
      const res = await corsPreflight(app).expect(204);
      assert.equal(res.headers['access-control-allow-origin'], SANDBOX);
      assert.equal(res.headers['access-control-allow-methods'], 'GET, POST, OPTIONS');
      assert.equal(res.headers['access-control-allow-headers'], 'Content-Type, Authorization, X-Request-Id');
      assert.equal(res.headers['access-control-max-age'], '600');
    });

    it('answers errors with the same headers', async () => {
      const res = await request(app).post('/cds-services/nope').set('Origin', SANDBOX).send({}).expect(404);
      assert.equal(res.headers['access-control-allow-origin'], SANDBOX);
    });
  });
});
