import assert from 'node:assert/strict';
import { FhirServerAllowlist, parseOrigin } from '../../src/security/fhir-server-allowlist';

describe('parseOrigin', () => {
  it('normalises case, default port and a trailing slash', () => {
    assert.deepEqual(parseOrigin(' https://FHIR.example.org:443/ '), { origin: 'https://fhir.example.org' });
  });
  it('keeps a non-default port', () => {
    assert.deepEqual(parseOrigin('http://127.0.0.1:8080'), { origin: 'http://127.0.0.1:8080' });
  });
  it('refuses a path, credentials, another scheme and text that is not a URL', () => {
    assert.deepEqual(parseOrigin('https://fhir.example.org/r4'), { problem: 'has a path, query or fragment (give the origin only)' });
    assert.deepEqual(parseOrigin('https://u:p@fhir.example.org'), { problem: 'carries credentials' });
    assert.deepEqual(parseOrigin('ftp://fhir.example.org'), { problem: 'is not http or https' });
    assert.deepEqual(parseOrigin('fhir.example.org'), { problem: 'is not a URL' });
  });
});

describe('FhirServerAllowlist', () => {
  const allowlist = FhirServerAllowlist.of(['https://fhir.example.org']);

  describe('with a listed origin', () => {
    it('allows any base path on it', () => {
      const check = allowlist.check('https://fhir.example.org/tenant-a/r4');
      assert.ok(check.allowed);
      assert.equal(check.base.pathname, '/tenant-a/r4');
    });
  });

  describe('with an unlisted origin', () => {
    it('refuses it naming the origin but not the path', () => {
      assert.deepEqual(allowlist.check('https://evil.example.org/secret-tenant'), {
        allowed: false,
        reason: "FHIR server https://evil.example.org is not in this service's FHIR_SERVER_ALLOWLIST",
      });
      assert.equal(allowlist.check('http://fhir.example.org').allowed, false, 'http is another origin');
      assert.equal(allowlist.check('https://fhir.example.org:8443').allowed, false, 'another port is another origin');
    });
  });

  describe('when open', () => {
    it('allows any http(s) server, but never one with credentials, a query or another scheme', () => {
      const open = FhirServerAllowlist.open();
      assert.equal(open.isOpen, true);
      assert.equal(open.check('http://localhost:8080/fhir').allowed, true);
      assert.deepEqual(open.check('https://u:p@fhir.example.org'), { allowed: false, reason: 'fhirServer must not carry credentials' });
      assert.equal(open.check('https://fhir.example.org/fhir?tenant=1').allowed, false);
      assert.equal(open.check('file:///etc/passwd').allowed, false);
      assert.equal(open.check('not a url').allowed, false);
    });
  });
});
