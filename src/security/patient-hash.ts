/**
 * Patients appear in the store only as a keyed hash: HMAC-SHA256 of the patient id. The same
 * patient gets the same hash (so a snooze finds its patient again) while the id itself, and any
 * guess at it, stays unreadable without the key. Every replica must hash with the same key, so in
 * production it comes from configuration (PATIENT_HASH_KEY); in development it is made once and
 * kept beside the embedded store, in DATA_DIR.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Fewer bytes than the hash itself would weaken it. */
export const PATIENT_HASH_KEY_MIN_BYTES = 32;

export const PATIENT_HASH_KEY_FILE = 'patient-hash.key';

export class PatientHashKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatientHashKeyError';
  }
}

/**
 * A key given as hex or base64 (standard or URL-safe). A string of hex digits is read as hex, so
 * the key file written below, copied into PATIENT_HASH_KEY, gives the same hashes.
 */
export function parsePatientHashKey(text: string): { key: Buffer } | { problem: string } {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  else if (/^[A-Za-z0-9_-]+$/.test(trimmed)) key = Buffer.from(trimmed, 'base64url');
  if (key === undefined) return { problem: 'must be hex or base64' };
  if (key.length < PATIENT_HASH_KEY_MIN_BYTES) {
    return { problem: `must hold at least ${PATIENT_HASH_KEY_MIN_BYTES} bytes (64 hex digits or 44 base64 characters); got ${key.length}` };
  }
  return { key };
}

export interface PatientHashKeySource {
  /** The key from configuration, when given. */
  configured?: Buffer;
  /** Production never makes a key of its own: each replica would hash with a different one. */
  production: boolean;
  dataDir: string;
}

/** The configured key, else (development) the key file in the data directory, made on first use. */
export function loadPatientHashKey(source: PatientHashKeySource): Buffer {
  if (source.configured) return source.configured;
  if (source.production) throw new PatientHashKeyError('PATIENT_HASH_KEY is required in production');
  const file = path.join(source.dataDir, PATIENT_HASH_KEY_FILE);
  mkdirSync(source.dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two processes starting together cannot both write one.
    writeFileSync(file, `${randomBytes(PATIENT_HASH_KEY_MIN_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const parsed = parsePatientHashKey(readFileSync(file, 'utf8'));
  if ('problem' in parsed) throw new PatientHashKeyError(`The patient-hash key file ${file} ${parsed.problem}`);
  return parsed.key;
}

/**
 * Hex HMAC-SHA256 of the user reference, under the same key and apart from patients' (a user id
 * equal to a patient id hashes otherwise): what the store keeps of context.userId, and what
 * places a user in a pilot's arm on every replica alike.
 */
export function userHasher(key: Buffer): (userId: string) => string {
  return (userId) => createHmac('sha256', key).update(`user\u0000${userId}`, 'utf8').digest('hex');
}

/** Hex HMAC-SHA256 of the patient id: what the store keeps instead of the id. */
export function patientHasher(key: Buffer): (patientId: string) => string {
  return (patientId) => createHmac('sha256', key).update(patientId, 'utf8').digest('hex');
}
