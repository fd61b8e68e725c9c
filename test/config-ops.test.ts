/** loadConfig: the variables for operating the service (metrics, shutdown, browser origins). */
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';
import { problemsOf, productionEnv } from './support/config';

describe('loadConfig: operations', () => {
  describe('with an empty environment', () => {
    it('serves no metrics, drains for 10 s and lets any origin call', () => {
      assert.deepEqual(loadConfig({}).ops, { metricsPort: undefined, shutdownGraceMs: 10_000, corsOrigins: '*' });
    });
  });

  describe('with METRICS_PORT, SHUTDOWN_GRACE_MS and CORS_ORIGINS set', () => {
    it('uses them, origins normalised', () => {
      const { ops } = loadConfig({ METRICS_PORT: '9464', SHUTDOWN_GRACE_MS: '25000', CORS_ORIGINS: 'https://Sandbox.cds-hooks.org/, http://localhost:8080' });
      assert.deepEqual(ops, { metricsPort: 9464, shutdownGraceMs: 25_000, corsOrigins: ['https://sandbox.cds-hooks.org', 'http://localhost:8080'] });
    });
  });

  describe('with METRICS_PORT equal to PORT', () => {
    it('refuses it: metrics are never served on the CDS port', () => {
      assert.deepEqual(problemsOf({ PORT: '8080', METRICS_PORT: '8080' }), [
        'METRICS_PORT must differ from PORT (8080): metrics are never served on the CDS port',
      ]);
    });
  });

  describe('with values out of range', () => {
    it('names each variable', () => {
      const names = problemsOf({ METRICS_PORT: 'ninety', SHUTDOWN_GRACE_MS: '-5' }).map((p) => p.split(' ')[0]);
      assert.deepEqual(names, ['SHUTDOWN_GRACE_MS', 'METRICS_PORT']);
    });
  });

  describe('with CORS_ORIGINS entries that are not origins', () => {
    it('names each bad entry and why', () => {
      assert.deepEqual(problemsOf({ CORS_ORIGINS: 'https://ok.example.org,https://ehr.example.org/app,*' }), [
        'CORS_ORIGINS entry "https://ehr.example.org/app" has a path, query or fragment (give the origin only); expected * or origins such as https://ehr.example.org',
        'CORS_ORIGINS entry "*" is not a URL; expected * or origins such as https://ehr.example.org',
      ]);
    });
  });

  describe('with NODE_ENV=production and no CORS_ORIGINS', () => {
    it('refuses to start, naming CORS_ORIGINS', () => {
      const problems = problemsOf({ ...productionEnv(), CORS_ORIGINS: undefined });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^CORS_ORIGINS is required when NODE_ENV=production/);
    });
  });

  describe('with NODE_ENV=production and CORS_ORIGINS=*', () => {
    it('accepts the explicit choice', () => {
      const { ops } = loadConfig({ ...productionEnv(), CORS_ORIGINS: '*' });
      assert.equal(ops.corsOrigins, '*');
    });
  });
});
