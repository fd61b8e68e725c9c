/**
 * Keys, tokens and a loopback JWKS server for authentication tests: every key is generated here,
 * nothing leaves the machine.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { PublicJwk } from '../../src/security/trusted-clients';
import { NOW } from './builders';

export const PUBLIC_URL = 'https://cds.example.org';

export interface SigningKey {
  alg: 'ES384' | 'RS384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

export async function signingKey(alg: SigningKey['alg'], kid: string = randomUUID()): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  return { alg, kid, privateKey, publicJwk: { ...jwk, kty: jwk.kty ?? '', kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  iss: string;
  aud: string | string[];
  /** Seconds relative to NOW; exp defaults to +300 (the Sandbox's lifetime), iat to 0. */
  exp?: number;
  iat?: number;
  nbf?: number;
  jti?: string;
  /** Claims to leave out. */
  omit?: ('exp' | 'iat' | 'jti')[];
  /** Extra protected header parameters (jku, typ...). */
  header?: Record<string, unknown>;
}

const at = (offset: number) => Math.floor(NOW.getTime() / 1000) + offset;

export async function signToken(key: SigningKey, options: TokenOptions): Promise<string> {
  const claims: JWTPayload = { iss: options.iss, aud: options.aud, exp: at(options.exp ?? 300), iat: at(options.iat ?? 0), jti: options.jti ?? randomUUID() };
  if (options.nbf !== undefined) claims.nbf = at(options.nbf);
  for (const claim of options.omit ?? []) delete claims[claim];
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header }).sign(key.privateKey);
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`), which jose will not make. */
export function unsignedToken(options: TokenOptions): string {
  const payload = { iss: options.iss, aud: options.aud, exp: at(300), iat: at(0), jti: randomUUID() };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** An HMAC-signed token: a secret shared with the client, which CDS Hooks forbids. */
export async function hmacToken(options: TokenOptions): Promise<string> {
  return new SignJWT({ iss: options.iss, aud: options.aud, exp: at(300), iat: at(0), jti: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'shared' })
    .sign(new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!'));
}

/** Serves key sets on 127.0.0.1 and counts what was asked of it. */
export class JwksServer {
  readonly requests: string[] = [];
  private readonly sets = new Map<string, { keys: PublicJwk[] }>();
  private server?: http.Server;
  /** When set, every request waits this long before answering. */
  delayMs = 0;

  serve(path: string, keys: PublicJwk[]): string {
    this.sets.set(path, { keys });
    return this.url(path);
  }

  url(path: string): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const set = this.sets.get(req.url ?? '');
      setTimeout(() => {
        if (!set) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(set));
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
