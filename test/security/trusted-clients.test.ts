import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustedClients, parseTrustedClients, TrustedClientsError } from '../../src/security/trusted-clients';

const EC_KEY = { kty: 'EC', crv: 'P-384', kid: 'k1', x: 'x', y: 'y' };

function problemsOf(document: unknown): string[] {
  try {
    parseTrustedClients(document, 'clients.json');
  } catch (err) {
    assert.ok(err instanceof TrustedClientsError, String(err));
    return err.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''));
  }
  assert.fail('the file was accepted');
}

describe('parseTrustedClients', () => {
  describe('with a JWKS URL client, an inline JWKS client and a jku allowlist', () => {
    it('returns the clients as written', () => {
      const document = [
        { iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks.json', jku: ['https://keys.ehr.example.org/jwks.json'] },
        { iss: 'https://other.example.org', jwks: { keys: [EC_KEY] } },
      ];
      assert.deepEqual(parseTrustedClients(document, 'clients.json'), document);
    });
  });

  describe('with the shipped Sandbox file', () => {
    it('trusts the Sandbox issuer with its published public key inline, and no key set URL to fetch', () => {
      const clients = loadTrustedClients(path.join(__dirname, '..', '..', 'trusted-clients.sandbox.json'));
      assert.deepEqual(clients, [
        {
          iss: 'https://sandbox.cds-hooks.org',
          jwks: {
            keys: [
              {
                kty: 'EC',
                use: 'sig',
                crv: 'P-384',
                kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f',
                x: 'dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB',
                y: 'Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy',
                alg: 'ES384',
              },
            ],
          },
        },
      ]);
    });
  });

  describe('with an entry that has no key source', () => {
    it('names the entry and asks for jwksUrl or jwks', () => {
      assert.deepEqual(problemsOf([{ iss: 'https://ehr.example.org' }]), ['entry 0 (iss "https://ehr.example.org"): give exactly one of "jwksUrl" or "jwks"']);
    });
  });

  describe('with an entry that has both key sources', () => {
    it('names the entry', () => {
      const problems = problemsOf([{ iss: 'a', jwksUrl: 'https://a.example.org/jwks', jwks: { keys: [EC_KEY] } }]);
      assert.deepEqual(problems, ['entry 0 (iss "a"): give exactly one of "jwksUrl" or "jwks"']);
    });
  });

  describe('with a key set URL over plain http to another machine', () => {
    it('refuses it; http is only for localhost', () => {
      const problems = problemsOf([{ iss: 'a', jwksUrl: 'http://ehr.example.org/jwks', jku: ['http://127.0.0.1:8080/jwks'] }]);
      assert.deepEqual(problems, ['entry 0 (iss "a"): key set URL "http://ehr.example.org/jwks" must be https (http only on localhost)']);
    });
  });

  describe('with a private key in the inline JWKS', () => {
    it('refuses it, naming the key', () => {
      assert.deepEqual(problemsOf([{ iss: 'a', jwks: { keys: [{ ...EC_KEY, d: 'secret' }] } }]), [
        'entry 0 (iss "a"): jwks.keys[0] holds a private key; list public keys only',
      ]);
    });
  });

  describe('with a symmetric key in the inline JWKS', () => {
    it('refuses it: CDS Hooks requires asymmetric signatures', () => {
      assert.deepEqual(problemsOf([{ iss: 'a', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }]), [
        'entry 0 (iss "a"): jwks.keys[0] is a symmetric key; CDS Hooks requires asymmetric signatures',
      ]);
    });
  });

  describe('with the same iss twice', () => {
    it('names the second entry', () => {
      const entry = { iss: 'a', jwks: { keys: [EC_KEY] } };
      assert.deepEqual(problemsOf([entry, entry]), ['entry 1 (iss "a"): the same iss is listed twice']);
    });
  });

  describe('with an unknown field and a missing iss', () => {
    it('lists both problems, each with its entry', () => {
      const problems = problemsOf([{ iss: 'a', jwks: { keys: [EC_KEY] }, secret: 'x' }, { jwksUrl: 'https://b.example.org/jwks' }]);
      assert.equal(problems.length, 2);
      assert.match(problems[0], /^entry 0 \(iss "a"\): entry must NOT have additional properties/);
      assert.match(problems[1], /^entry 1: entry must have required property 'iss'/);
    });
  });

  describe('with an object instead of a list', () => {
    it('says the file must be a list', () => {
      assert.deepEqual(problemsOf({ iss: 'a' }), ['(the file): entry must be array']);
    });
  });

  describe('with an empty list', () => {
    it('refuses it and says how to run without authentication', () => {
      assert.match(problemsOf([])[0], /^lists no clients; to run without authentication in development, leave CDS_TRUSTED_CLIENTS_FILE unset$/);
    });
  });
});

describe('loadTrustedClients', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-clients-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('with a file that is not JSON', () => {
    it('names the file and says it is not JSON', () => {
      const file = path.join(dir, 'broken.json');
      fs.writeFileSync(file, '[{');
      assert.throws(
        () => loadTrustedClients(file),
        (err: Error) => err instanceof TrustedClientsError && err.message.startsWith(`${file} is not a valid`) && /is not valid JSON/.test(err.message),
      );
    });
  });

  describe('with a file that does not exist', () => {
    it('says it cannot be read', () => {
      assert.throws(() => loadTrustedClients(path.join(dir, 'missing.json')), /cannot be read \(ENOENT\)/);
    });
  });
});
