/** The problems loadConfig reports for an environment it refuses, and files production needs. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

let directory: string | undefined;

/** A trusted clients file with `clients` in it, in a directory removed when the tests end. */
export function trustedClientsFile(name: string, clients: unknown): string {
  if (directory === undefined) {
    const created = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-config-'));
    process.on('exit', () => fs.rmSync(created, { recursive: true, force: true }));
    directory = created;
  }
  const file = path.join(directory, name);
  fs.writeFileSync(file, JSON.stringify(clients));
  return file;
}

/** An EHR's public key as a trusted clients file lists it (the coordinates need not be a real key to load). */
export const EHR_CLIENT = {
  iss: 'https://ehr.example.org',
  jwks: { keys: [{ kty: 'EC', crv: 'P-384', kid: 'ehr-2026', x: 'ehr-public-x', y: 'ehr-public-y' }] },
};

/** A file production accepts: one EHR, not the Sandbox. */
export function ehrClientsFile(): string {
  return trustedClientsFile('ehr-clients.json', [EHR_CLIENT]);
}

/** Everything production requires, with one EHR as the trusted client unless another file is given. */
export function productionEnv(clientsFile: string = ehrClientsFile()): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    FHIR_SERVER_ALLOWLIST: 'https://fhir.example.org',
    CDS_TRUSTED_CLIENTS_FILE: clientsFile,
    CDS_PUBLIC_URL: 'https://cds.example.org',
    DATABASE_URL: 'postgres://cds@db/cds',
    PATIENT_HASH_KEY: 'ab'.repeat(32),
    CORS_ORIGINS: 'https://ehr.example.org',
  };
}
