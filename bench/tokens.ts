/**
 * The EHR of the authenticated scenario: an ES384 key pair made for this run, the trusted clients
 * file that names its public key (for the service's CDS_TRUSTED_CLIENTS_FILE), and the tokens it
 * signs, as CDS Hooks asks: iss, aud (the exact URL called), exp, iat and a jti used only once.
 *
 * Tokens are signed before the load, not while it runs: signing one costs about 1 ms, taken from
 * the same two cores the servers being measured run on.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';

const ISSUER = 'https://ehr.bench.example';

/** The CDS Hooks Sandbox's token lifetime. */
export const TOKEN_LIFETIME_SECONDS = 300;

export interface BenchClient {
  /** The trusted clients file naming this client; removed when the bench exits. */
  trustedClientsFile: string;
  /** A token for a call to `aud`, valid for `lifetimeSeconds` from now. */
  sign(aud: string, lifetimeSeconds?: number): Promise<string>;
  /** What checking one of its tokens costs on its own, in this process (see VerifyCost). */
  verifyCost(count: number): Promise<VerifyCost>;
}

/**
 * CPU ms of one check, median of batches of sequential calls, measured while nothing else runs:
 * the P-384 signature alone (WebCrypto's ECDSA verify, which jose calls) and jose's whole
 * jwtVerify (decoding, the signature, the claims).
 */
export interface VerifyCost {
  signatureMs: number;
  jwtVerifyMs: number;
}

export async function benchClient(): Promise<BenchClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-bench-'));
  // However the bench ends (a signal handler and a failure both exit), no key file is left behind.
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const trustedClientsFile = path.join(dir, 'trusted-clients.json');
  fs.writeFileSync(trustedClientsFile, JSON.stringify([{ iss: ISSUER, jwks: { keys: [jwk] } }]));
  return {
    trustedClientsFile,
    sign: (aud, lifetimeSeconds = TOKEN_LIFETIME_SECONDS) => sign(privateKey, kid, aud, lifetimeSeconds),
    verifyCost: async (count) => verifyCost(publicKey, await sign(privateKey, kid, ISSUER, TOKEN_LIFETIME_SECONDS), count),
  };
}

/** Process CPU ms per call of `call`, the median of five batches of `count / 5` sequential calls. */
async function cpuPerCall(count: number, call: () => Promise<unknown>): Promise<number> {
  const batch = Math.max(1, Math.floor(count / 5));
  const perCall: number[] = [];
  for (let b = 0; b < 5; b++) {
    const before = process.cpuUsage();
    for (let i = 0; i < batch; i++) await call();
    const { user, system } = process.cpuUsage(before);
    perCall.push((user + system) / 1000 / batch);
  }
  return perCall.sort((x, y) => x - y)[2];
}

async function verifyCost(publicKey: CryptoKey, token: string, count: number): Promise<VerifyCost> {
  const [header, payload, signature] = token.split('.');
  const signed = new TextEncoder().encode(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  const algorithm = { name: 'ECDSA', hash: 'SHA-384' };
  const signatureMs = await cpuPerCall(count, async () => {
    if (!(await crypto.subtle.verify(algorithm, publicKey, bytes, signed))) throw new Error('the bench token does not verify');
  });
  const jwtVerifyMs = await cpuPerCall(count, () => jwtVerify(token, publicKey, { issuer: ISSUER, audience: ISSUER }));
  return { signatureMs, jwtVerifyMs };
}

function sign(privateKey: CryptoKey, kid: string, aud: string, lifetimeSeconds: number): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid })
    .setIssuer(ISSUER)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(privateKey);
}

/** `count` tokens, signed all at once: node signs on its thread pool, so both cores share the work. */
export function signTokens(client: BenchClient, aud: string, count: number, lifetimeSeconds: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => client.sign(aud, lifetimeSeconds)));
}

/**
 * One server's way through the signed tokens. The authenticated service's pool hands each token
 * out once; after the last, it starts again and the service answers the replays 401, which stops
 * the bench. Servers that ignore the header cycle through the same tokens, to be sent the same bytes.
 */
export class TokenPool {
  private used = 0;

  constructor(private readonly tokens: readonly string[]) {}

  take(): string {
    return this.tokens[this.used++ % this.tokens.length];
  }
}
