/** The keyed patient hash: where its key comes from, and what it gives. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  loadPatientHashKey,
  parsePatientHashKey,
  PATIENT_HASH_KEY_FILE,
  PatientHashKeyError,
  patientHasher,
  userHasher,
} from '../../src/security/patient-hash';
import { pilotArm } from '../../src/feedback-loop/modes';
import { problemsOf } from '../support/config';

const KEY_HEX = '0123456789abcdef'.repeat(4);

describe('patient hash', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'hamstring-key-')), 'data');
  });
  afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  describe('in development without PATIENT_HASH_KEY', () => {
    it('makes 32 random bytes on first start, in a file only the owner can read, and reads the same key later', () => {
      const key = loadPatientHashKey({ production: false, dataDir });
      const file = path.join(dataDir, PATIENT_HASH_KEY_FILE);
      assert.equal(key.length, 32);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, 'utf8'), `${key.toString('hex')}\n`);
      assert.deepEqual(loadPatientHashKey({ production: false, dataDir }), key);
    });

    it('refuses a key file that holds too few bytes, naming the file', () => {
      loadPatientHashKey({ production: false, dataDir });
      writeFileSync(path.join(dataDir, PATIENT_HASH_KEY_FILE), 'abcd\n');
      assert.throws(
        () => loadPatientHashKey({ production: false, dataDir }),
        (err: unknown) => err instanceof PatientHashKeyError && err.message.includes(PATIENT_HASH_KEY_FILE),
      );
    });
  });

  describe('with PATIENT_HASH_KEY', () => {
    it('uses it and writes no key file', () => {
      const configured = Buffer.from(KEY_HEX, 'hex');
      assert.deepEqual(loadPatientHashKey({ configured, production: true, dataDir }), configured);
      assert.equal(existsSync(dataDir), false);
    });
  });

  describe('in production without PATIENT_HASH_KEY', () => {
    it('refuses to make a key of its own, naming the variable', () => {
      assert.throws(
        () => loadPatientHashKey({ production: true, dataDir }),
        (err: unknown) => err instanceof PatientHashKeyError && /PATIENT_HASH_KEY/.test(err.message),
      );
      assert.equal(existsSync(dataDir), false);
    });

    it('stops start-up with a problem that names PATIENT_HASH_KEY', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      assert.ok(
        problems.some((p) => p.startsWith('PATIENT_HASH_KEY is required in production')),
        problems.join('\n'),
      );
    });
  });

  describe('reading a key', () => {
    it('takes hex, base64 and URL-safe base64 of 32 bytes or more', () => {
      const bytes = Buffer.from(KEY_HEX, 'hex');
      assert.deepEqual(parsePatientHashKey(KEY_HEX), { key: bytes });
      assert.deepEqual(parsePatientHashKey(bytes.toString('base64')), { key: bytes });
      const urlSafe = Buffer.alloc(33, 0xfb);
      assert.deepEqual(parsePatientHashKey(urlSafe.toString('base64url')), { key: urlSafe });
    });

    it('refuses fewer than 32 bytes, and what is neither hex nor base64', () => {
      assert.deepEqual(parsePatientHashKey('ab'.repeat(31)), { problem: 'must hold at least 32 bytes (64 hex digits or 44 base64 characters); got 31' });
      assert.deepEqual(parsePatientHashKey('not a key!'), { problem: 'must be hex or base64' });
      assert.deepEqual(problemsOf({ PATIENT_HASH_KEY: 'short' }), [
        'PATIENT_HASH_KEY must hold at least 32 bytes (64 hex digits or 44 base64 characters); got 3',
      ]);
    });
  });

  describe('hashing', () => {
    it('gives the HMAC-SHA256 of the id in hex: the same for the same key, another for another key, never the id', () => {
      const key = Buffer.from(KEY_HEX, 'hex');
      const hash = patientHasher(key)('pt-secret-42');
      assert.equal(hash, createHmac('sha256', key).update('pt-secret-42').digest('hex'));
      assert.equal(patientHasher(Buffer.from(KEY_HEX, 'hex'))('pt-secret-42'), hash);
      assert.notEqual(patientHasher(Buffer.alloc(32, 1))('pt-secret-42'), hash);
      assert.notEqual(patientHasher(key)('pt-secret-43'), hash);
      assert.match(hash, /^[0-9a-f]{64}$/);
    });
  });

  describe('hashing users', () => {
    it('gives every replica with the key the same hash, apart from the patient hash of the same text, and so the same pilot arm', () => {
      const key = Buffer.from(KEY_HEX, 'hex');
      const [one, two] = [userHasher(key), userHasher(Buffer.from(KEY_HEX, 'hex'))];
      assert.equal(one('Practitioner/7'), two('Practitioner/7'));
      assert.notEqual(one('Practitioner/7'), patientHasher(key)('Practitioner/7'));
      assert.notEqual(one('Practitioner/7'), userHasher(Buffer.alloc(32, 1))('Practitioner/7'));
      const rules = { rules: new Map([['mri-thigh', 'pilot' as const]]), pilotUsers: [], pilotPercent: 50 };
      const arms = (hash: (id: string) => string) => Array.from({ length: 50 }, (_, i) => pilotArm(rules, `Practitioner/${i}`, hash(`Practitioner/${i}`)));
      assert.deepEqual(arms(one), arms(two));
    });
  });
});
