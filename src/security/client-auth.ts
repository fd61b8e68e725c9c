/**
 * Verifies the JWT a CDS client sends with every call (CDS Hooks §Trusting CDS Clients, §JWT
 * Signing Algorithm): an asymmetric signature by a key of a trusted issuer, `aud` the exact URL
 * called, `exp`, `iat`, `nbf` against the clock with a small skew, and a `jti` never used before.
 *
 * A failure is an AuthError whose message is fit for the integrator ("token expired"): it says
 * which check failed but never quotes the token or the library's internals.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
} from 'jose';
import type { ReplayCache } from './replay-cache';
import type { TrustedClient } from './trusted-clients';

/**
 * Asymmetric algorithms only: `none` and HMAC (HS*) are refused, as CDS Hooks requires. ES384 and
 * RS384 are the ones the specification recommends; the others are as strong and common in EHRs.
 */
export const ALLOWED_ALGORITHMS = ['ES384', 'RS384', 'ES256', 'ES512', 'RS256', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'];

/** Clocks of the EHR and of this service may disagree by this much. */
export const CLOCK_SKEW_SECONDS = 60;

const MAX_JTI_LENGTH = 256;

/**
 * A jti is kept for replay protection, so it must be an identifier every store can hold: no
 * control character (PostgreSQL refuses NUL) and no unpaired surrogate (not encodable as UTF-8).
 */
function isStorableId(text: string): boolean {
  if (text.length === 0 || text.length > MAX_JTI_LENGTH) return false;
  // for...of walks code points: a surrogate comes out alone only when it is unpaired.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** No legitimate token comes near this; longer ones are refused before any decoding. */
const MAX_TOKEN_LENGTH = 16 * 1024;

export const JWKS_FETCH = { timeoutMs: 3_000, cooldownMs: 30_000, cacheMaxAgeMs: 10 * 60_000 };

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface VerifiedClient {
  iss: string;
  jti: string;
}

export interface Authenticator {
  /** The client that signed `token` for a call to `audience` (the exact URL called), or an AuthError. */
  authenticate(token: string, audience: string): Promise<VerifiedClient>;
}

export interface AuthenticatorOptions {
  clients: readonly TrustedClient[];
  replayCache: ReplayCache;
  clock: () => Date;
  /** Longest a token may live (exp - iat), and longest since it was issued, before the clock skew. */
  maxLifetimeSeconds: number;
  jwksFetch?: Partial<typeof JWKS_FETCH>;
}

/** Raised inside key look-up when a key set could not be fetched, so it is told apart from a bad signature. */
class KeySetUnavailable extends Error {}

function claimMessage(claim: string, reason: string): string {
  if (reason === 'missing') return `token lacks the required ${claim} claim`;
  switch (claim) {
    case 'aud':
      return 'audience does not match the URL called';
    case 'iss':
      return 'unknown issuer';
    case 'nbf':
      return 'token not yet valid';
    case 'iat':
      return 'token issued in the future';
    default:
      return `the ${claim} claim is invalid`;
  }
}

/** jose's failures, in words an integrator can act on. */
function describeFailure(err: unknown): string | undefined {
  if (err instanceof KeySetUnavailable) return "the issuer's keys could not be retrieved";
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return claimMessage(err.claim, err.reason);
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed: sign with an asymmetric algorithm such as ES384 or RS384';
  if (err instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token's kid";
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'several keys of the issuer match the token: give it a kid';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature could not be verified';
  if (err instanceof errors.JOSENotSupported) return 'the token uses a key or algorithm that is not supported';
  if (err instanceof errors.JOSEError) return 'malformed token';
  return undefined;
}

function numericClaim(payload: JWTPayload, claim: 'exp' | 'iat'): number {
  const value = payload[claim];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AuthError(`token lacks the required ${claim} claim`);
  return value;
}

/** Header and issuer before verification: the issuer decides whose keys verify the signature. */
function decodeUnverified(token: string): { header: ProtectedHeaderParameters; unverifiedIssuer: unknown } {
  try {
    return { header: decodeProtectedHeader(token), unverifiedIssuer: decodeJwt(token).iss };
  } catch {
    throw new AuthError('malformed token');
  }
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const fetchSettings = { ...JWKS_FETCH, ...options.jwksFetch };
  const clients = new Map(options.clients.map((client) => [client.iss, client]));
  const localSets = new Map(options.clients.filter((c) => c.jwks).map((c) => [c.iss, createLocalJWKSet(c.jwks!)]));
  // One cached key set per URL, created on first use and shared by every client that names it.
  const remoteSets = new Map<string, JWTVerifyGetKey>();

  const remoteSet = (url: string): JWTVerifyGetKey => {
    let set = remoteSets.get(url);
    if (!set) {
      const remote = createRemoteJWKSet(new URL(url), {
        timeoutDuration: fetchSettings.timeoutMs,
        cooldownDuration: fetchSettings.cooldownMs,
        cacheMaxAge: fetchSettings.cacheMaxAgeMs,
      });
      set = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (err) {
          if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
          throw new KeySetUnavailable();
        }
      };
      remoteSets.set(url, set);
    }
    return set;
  };

  /**
   * The keys that verify a token of `client`. Only a client whose entry lists `jku` URLs lets its
   * tokens choose a key set: one of those URLs or its jwksUrl, and nothing else. For every other
   * client a token's jku is a hint and is ignored, since the entry already says where its keys
   * are: a URL a token names is never fetched, and a client with inline keys needs no network.
   */
  const keysFor = (client: TrustedClient, header: ProtectedHeaderParameters): JWTVerifyGetKey => {
    if (client.jku !== undefined && header.jku !== undefined) {
      const allowed = typeof header.jku === 'string' && (header.jku === client.jwksUrl || client.jku.includes(header.jku));
      if (!allowed) throw new AuthError('key set URL (jku) not allowed for this issuer');
      return remoteSet(header.jku);
    }
    if (client.jwksUrl) return remoteSet(client.jwksUrl);
    return localSets.get(client.iss)!;
  };

  const verify = async (token: string, audience: string): Promise<VerifiedClient> => {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthError('malformed token');
    const { header, unverifiedIssuer } = decodeUnverified(token);
    if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
      throw new AuthError('algorithm not allowed: sign with an asymmetric algorithm such as ES384 or RS384');
    }
    if (header.typ !== undefined && (typeof header.typ !== 'string' || !['jwt', 'application/jwt'].includes(header.typ.toLowerCase()))) {
      throw new AuthError('token type (typ) must be JWT');
    }
    const client = typeof unverifiedIssuer === 'string' ? clients.get(unverifiedIssuer) : undefined;
    if (!client) throw new AuthError('unknown issuer');

    const now = options.clock();
    const { payload } = await jwtVerify(token, keysFor(client, header), {
      algorithms: ALLOWED_ALGORITHMS,
      issuer: client.iss,
      audience,
      requiredClaims: ['exp', 'iat', 'jti'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: now,
    });
    const exp = numericClaim(payload, 'exp');
    const iat = numericClaim(payload, 'iat');
    const nowSeconds = now.getTime() / 1000;
    if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new AuthError('token issued in the future');
    // A long-lived token is a long-lived key to the service, and its jti must be kept as long.
    const longest = options.maxLifetimeSeconds + CLOCK_SKEW_SECONDS;
    if (exp - iat > longest) {
      throw new AuthError(
        `token lifetime (exp - iat) is longer than the ${options.maxLifetimeSeconds} s this service allows (plus ${CLOCK_SKEW_SECONDS} s of clock skew)`,
      );
    }
    if (nowSeconds - iat > longest) throw new AuthError(`token issued too long ago (iat more than ${longest} s in the past)`);
    if (typeof payload.jti !== 'string' || !isStorableId(payload.jti)) {
      throw new AuthError(`the jti claim must be 1 to ${MAX_JTI_LENGTH} characters, without control characters or unpaired surrogates`);
    }

    const fresh = await options.replayCache.claim(client.iss, payload.jti, new Date((exp + CLOCK_SKEW_SECONDS) * 1000));
    if (!fresh) throw new AuthError('token already used');
    return { iss: client.iss, jti: payload.jti };
  };

  return {
    async authenticate(token, audience) {
      try {
        return await verify(token, audience);
      } catch (err) {
        if (err instanceof AuthError) throw err;
        const message = describeFailure(err);
        if (message === undefined) throw err;
        throw new AuthError(message);
      }
    },
  };
}
