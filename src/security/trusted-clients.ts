/**
 * The EHRs allowed to call the service (CDS Hooks §Trusting CDS Clients): each names its `iss`
 * and where its public keys are, either a JWKS URL or the keys themselves, and may list the `jku`
 * URLs its tokens are allowed to point at. The file is checked at start-up; each problem names
 * the entry it is in.
 */
import fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export interface PublicJwk {
  kty: string;
  kid?: string;
  [parameter: string]: unknown;
}

export interface TrustedClient {
  iss: string;
  /** Where the client's public keys are published; fetched, cached, refetched on an unknown kid. */
  jwksUrl?: string;
  /** The client's public keys, agreed out of band. */
  jwks?: { keys: PublicJwk[] };
  /** Key set URLs a token's `jku` header may name (the client's jwksUrl is always allowed). */
  jku?: string[];
}

export class TrustedClientsError extends Error {
  constructor(
    file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid trusted clients file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TrustedClientsError';
  }
}

/**
 * The CDS Hooks Sandbox signs its calls with a key whose private half is published with its
 * source: anyone can sign as the Sandbox. Trusting it (by its iss, its key, or its key set URL) is
 * for trying the service only, and production refuses it.
 */
const SANDBOX = {
  iss: 'https://sandbox.cds-hooks.org',
  host: 'sandbox.cds-hooks.org',
  publicKey: {
    crv: 'P-384',
    x: 'dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB',
    y: 'Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy',
  },
} as const;

function isSandboxKey(key: PublicJwk): boolean {
  return key.kty === 'EC' && key.crv === SANDBOX.publicKey.crv && key.x === SANDBOX.publicKey.x && key.y === SANDBOX.publicKey.y;
}

function isSandboxUrl(text: string): boolean {
  try {
    return new URL(text).hostname === SANDBOX.host;
  } catch {
    return false;
  }
}

/** One line for each entry that trusts the CDS Hooks Sandbox, saying how; empty when none does. */
export function sandboxTrust(clients: readonly TrustedClient[]): string[] {
  return clients.flatMap((client, index) => {
    const ways = [
      client.iss === SANDBOX.iss ? 'its iss' : undefined,
      (client.jwks?.keys ?? []).some(isSandboxKey) ? 'its published key' : undefined,
      [client.jwksUrl, ...(client.jku ?? [])].some((url) => url !== undefined && isSandboxUrl(url)) ? 'its key set URL' : undefined,
    ].filter((way) => way !== undefined);
    return ways.length === 0 ? [] : [`${entryName(index, client)} trusts the CDS Hooks Sandbox by ${ways.join(' and ')}`];
  });
}

const schema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['iss'],
    additionalProperties: false,
    properties: {
      iss: { type: 'string', minLength: 1, maxLength: 2048 },
      jwksUrl: { type: 'string', format: 'uri' },
      jwks: {
        type: 'object',
        required: ['keys'],
        properties: { keys: { type: 'array', minItems: 1, items: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' } } } } },
      },
      jku: { type: 'array', items: { type: 'string', format: 'uri' } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
addFormats(ajv, ['uri']);
const validateFile = ajv.compile<TrustedClient[]>(schema);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Keys are fetched over https; plain http only from this machine (a local test JWKS server). */
export function isAllowedKeyUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

function entryName(index: number, client: { iss?: unknown }): string {
  return typeof client.iss === 'string' ? `entry ${index} (iss "${client.iss.slice(0, 100)}")` : `entry ${index}`;
}

function problemsOf(client: TrustedClient, where: string): string[] {
  const problems: string[] = [];
  if ((client.jwksUrl === undefined) === (client.jwks === undefined)) {
    problems.push(`${where}: give exactly one of "jwksUrl" or "jwks"`);
  }
  for (const url of [client.jwksUrl, ...(client.jku ?? [])]) {
    if (url !== undefined && !isAllowedKeyUrl(url)) problems.push(`${where}: key set URL "${url.slice(0, 200)}" must be https (http only on localhost)`);
  }
  for (const [i, key] of (client.jwks?.keys ?? []).entries()) {
    if ('d' in key) problems.push(`${where}: jwks.keys[${i}] holds a private key; list public keys only`);
    if (key.kty === 'oct') problems.push(`${where}: jwks.keys[${i}] is a symmetric key; CDS Hooks requires asymmetric signatures`);
  }
  return problems;
}

/** The file's content as trusted clients, or every problem in it. */
export function parseTrustedClients(document: unknown, file: string): TrustedClient[] {
  if (!validateFile(document)) {
    const problems = (validateFile.errors ?? []).map((e) => {
      const index = /^\/(\d+)/.exec(e.instancePath)?.[1];
      const where = index === undefined ? '(the file)' : entryName(Number(index), (document as { iss?: unknown }[])[Number(index)] ?? {});
      return `${where}: ${e.instancePath.replace(/^\/\d+\/?/, '') || 'entry'} ${e.message ?? 'is invalid'}`;
    });
    throw new TrustedClientsError(file, problems);
  }
  const problems: string[] = [];
  if (document.length === 0) problems.push('lists no clients; to run without authentication in development, leave CDS_TRUSTED_CLIENTS_FILE unset');
  const seen = new Set<string>();
  for (const [index, client] of document.entries()) {
    const where = entryName(index, client);
    if (seen.has(client.iss)) problems.push(`${where}: the same iss is listed twice`);
    seen.add(client.iss);
    problems.push(...problemsOf(client, where));
  }
  if (problems.length > 0) throw new TrustedClientsError(file, problems);
  return document;
}

export function loadTrustedClients(file: string): TrustedClient[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TrustedClientsError(file, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new TrustedClientsError(file, [`is not valid JSON: ${(err as Error).message}`]);
  }
  return parseTrustedClients(document, file);
}
