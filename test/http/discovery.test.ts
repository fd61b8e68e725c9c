import assert from 'node:assert/strict';
import request from 'supertest';
import { DATA_KEYS } from '../../src/facts/types';
import { corsPreflight, testApp } from '../support/app';

describe('GET /cds-services', () => {
  const app = testApp();

  describe('with the shipped discovery document', () => {
    it('lists one service per hook: patient-view, order-select and order-sign, each with a description', async () => {
      const res = await request(app).get('/cds-services').expect(200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const services = (res.body as { services: { id: string; hook: string; description: string }[] }).services;
      assert.deepEqual(
        services.map((s) => [s.id, s.hook]),
        [
          ['hamstring-twitch', 'patient-view'],
          ['hamstring-twitch-order-select', 'order-select'],
          ['hamstring-twitch-order-sign', 'order-sign'],
        ],
      );
      for (const service of services) assert.ok(service.description.length > 0);
    });

    it('gives the order services the patient-view templates for each key they read, without the medication keys', async () => {
      const res = await request(app).get('/cds-services').expect(200);
      const [patientView, ...orderServices] = (res.body as { services: { prefetch: Record<string, string> }[] }).services;
      for (const service of orderServices) {
        assert.deepEqual(Object.keys(service.prefetch), ['patient', 'conditions', 'observations', 'diagnosticReports', 'serviceRequests', 'procedures']);
        for (const [key, template] of Object.entries(service.prefetch)) assert.equal(template, patientView.prefetch[key]);
      }
    });

    it('declares all 8 prefetch keys the service reads, each with a {{context.patientId}} template', async () => {
      const res = await request(app).get('/cds-services').expect(200);
      const prefetch = (res.body as { services: { prefetch: Record<string, string> }[] }).services[0].prefetch;
      assert.deepEqual(Object.keys(prefetch).sort(), [...DATA_KEYS].sort());
      assert.equal(Object.keys(prefetch).length, 8);
      for (const [key, template] of Object.entries(prefetch)) {
        assert.ok(template.includes('{{context.patientId}}'), `prefetch "${key}" does not use the patient token: ${template}`);
      }
    });
  });

  describe('called cross-origin by a browser', () => {
    it('answers with Access-Control-Allow-Origin', async () => {
      const res = await request(app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org').expect(200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
    });
  });

  describe('with a method other than GET', () => {
    it('answers POST with 405, method_not_allowed and an Allow: GET header', async () => {
      const res = await request(app).post('/cds-services').send({}).expect(405);
      assert.equal(res.headers.allow, 'GET');
      assert.deepEqual(res.body, { error: 'method_not_allowed', message: 'POST is not allowed here; use GET' });
    });
  });
});

describe('OPTIONS /cds-services/hamstring-twitch', () => {
  const app = testApp();

  describe('as a CORS preflight for a POST with authorization and content-type', () => {
    it('answers 204 and allows the method, both headers and any origin', async () => {
      const res = await corsPreflight(app).expect(204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const methods = String(res.headers['access-control-allow-methods'])
        .split(',')
        .map((m) => m.trim().toUpperCase());
      assert.ok(methods.includes('POST'), `allow-methods: ${methods.join(',')}`);
      const headers = String(res.headers['access-control-allow-headers'])
        .split(',')
        .map((h) => h.trim().toLowerCase());
      assert.ok(headers.includes('authorization'), `allow-headers: ${headers.join(',')}`);
      assert.ok(headers.includes('content-type'), `allow-headers: ${headers.join(',')}`);
    });
  });
});

describe('OPTIONS /cds-services', () => {
  describe('as a CORS preflight for a GET', () => {
    it('answers 204 and allows GET', async () => {
      const res = await request(testApp())
        .options('/cds-services')
        .set('Origin', 'https://sandbox.cds-hooks.org')
        .set('Access-Control-Request-Method', 'GET')
        .expect(204);
      assert.match(String(res.headers['access-control-allow-methods']), /\bGET\b/);
    });
  });
});
