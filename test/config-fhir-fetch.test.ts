/** loadConfig: the variables that govern fetching from the EHR's FHIR server. */
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';
import { problemsOf, productionEnv } from './support/config';

/** What production needs beside the allowlist (client authentication, shared stores, browser origins). */
const SECURED = { ...productionEnv(), FHIR_SERVER_ALLOWLIST: undefined };

describe('loadConfig: fetching from fhirServer', () => {
  describe('with an empty environment', () => {
    it('runs open (no allowlist), 2 s per request, 4 s per call, 20 pages and 5000 resources per key, 20 MB per response', () => {
      assert.deepEqual(loadConfig({}).fhirFetch, {
        requestTimeoutMs: 2_000,
        budgetMs: 4_000,
        maxPages: 20,
        maxResources: 5_000,
        maxResponseBytes: 20 * 1024 * 1024,
        serverAllowlist: undefined,
      });
    });
  });

  describe('with NODE_ENV=production and no FHIR_SERVER_ALLOWLIST', () => {
    it('refuses to start, saying the allowlist is required', () => {
      const problems = problemsOf({ ...SECURED });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^FHIR_SERVER_ALLOWLIST is required when NODE_ENV=production/);
    });
  });

  describe('with NODE_ENV=production and an allowlist', () => {
    it('starts with the listed origins, normalised', () => {
      const config = loadConfig({ ...SECURED, FHIR_SERVER_ALLOWLIST: 'https://FHIR.example.org/, https://ehr.example.com:8443' });
      assert.deepEqual(config.fhirFetch.serverAllowlist, ['https://fhir.example.org', 'https://ehr.example.com:8443']);
    });
  });

  describe('with NODE_ENV=production and an http origin in the allowlist', () => {
    it('refuses to start, naming each http entry: access tokens would travel in clear', () => {
      const problems = problemsOf({ ...SECURED, FHIR_SERVER_ALLOWLIST: 'https://fhir.example.org,http://fhir.internal:8080,http://ehr.example.com' });
      assert.deepEqual(problems, [
        'FHIR_SERVER_ALLOWLIST entry "http://fhir.internal:8080" is plain http: in production the EHR\'s access tokens go only to https FHIR servers',
        'FHIR_SERVER_ALLOWLIST entry "http://ehr.example.com" is plain http: in production the EHR\'s access tokens go only to https FHIR servers',
      ]);
    });
  });

  describe('outside production with an http origin in the allowlist', () => {
    it("uses it, for a FHIR server on the developer's machine", () => {
      assert.deepEqual(loadConfig({ FHIR_SERVER_ALLOWLIST: 'http://localhost:8080' }).fhirFetch.serverAllowlist, ['http://localhost:8080']);
    });
  });

  describe('with allowlist entries that are not origins', () => {
    it('names each bad entry and why', () => {
      const problems = problemsOf({ FHIR_SERVER_ALLOWLIST: 'https://ok.example.org,https://fhir.example.org/r4,ftp://x.example.org' });
      assert.deepEqual(problems, [
        'FHIR_SERVER_ALLOWLIST entry "https://fhir.example.org/r4" has a path, query or fragment (give the origin only); expected an origin such as https://fhir.example.org',
        'FHIR_SERVER_ALLOWLIST entry "ftp://x.example.org" is not http or https; expected an origin such as https://fhir.example.org',
      ]);
    });
  });

  describe('with timeouts and caps', () => {
    it('uses them', () => {
      const { fhirFetch } = loadConfig({ FHIR_REQUEST_TIMEOUT_MS: '1500', FHIR_FETCH_BUDGET_MS: '3000', FHIR_MAX_PAGES: '5', FHIR_MAX_RESOURCES: '800' });
      assert.deepEqual([fhirFetch.requestTimeoutMs, fhirFetch.budgetMs, fhirFetch.maxPages, fhirFetch.maxResources], [1500, 3000, 5, 800]);
    });
    it('reads FHIR_MAX_RESPONSE_BYTES as a size or a number of bytes', () => {
      assert.equal(loadConfig({ FHIR_MAX_RESPONSE_BYTES: '50mb' }).fhirFetch.maxResponseBytes, 50 * 1024 * 1024);
      assert.equal(loadConfig({ FHIR_MAX_RESPONSE_BYTES: '1000000' }).fhirFetch.maxResponseBytes, 1_000_000);
    });
    it('refuses a FHIR_MAX_RESPONSE_BYTES below 64kb, above 512mb or not a size', () => {
      for (const value of ['1kb', '600mb', 'big']) {
        assert.deepEqual(problemsOf({ FHIR_MAX_RESPONSE_BYTES: value }), [
          `FHIR_MAX_RESPONSE_BYTES must be a size from 64kb to 512mb such as "20mb" (a bare number is bytes); got "${value}"`,
        ]);
      }
    });
    it('refuses a budget shorter than one request may take', () => {
      assert.deepEqual(problemsOf({ FHIR_REQUEST_TIMEOUT_MS: '3000', FHIR_FETCH_BUDGET_MS: '1000' }), [
        'FHIR_FETCH_BUDGET_MS (1000) must be at least FHIR_REQUEST_TIMEOUT_MS (3000)',
      ]);
    });
    it('refuses values out of range, naming each variable', () => {
      const names = problemsOf({ FHIR_REQUEST_TIMEOUT_MS: '0', FHIR_MAX_PAGES: 'many', FHIR_MAX_RESOURCES: '-1' }).map((p) => p.split(' ')[0]);
      assert.deepEqual(names, ['FHIR_REQUEST_TIMEOUT_MS', 'FHIR_MAX_PAGES', 'FHIR_MAX_RESOURCES']);
    });
  });
});
