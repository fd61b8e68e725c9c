/**
 * The CDS Hooks Sandbox's signing key, PRIVATE half included, exactly as the Sandbox publishes it
 * in its own source code (its JWK key pair, kid 44823f3d-...). It is public test material, not a
 * secret: anyone can sign as the Sandbox with it, which is why the service trusts the Sandbox only
 * outside production. It lives here so tests can sign tokens as the real Sandbox does.
 */
import { importJWK, type CryptoKey } from 'jose';

export const SANDBOX_ISSUER = 'https://sandbox.cds-hooks.org';
export const SANDBOX_KID = '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f';
export const SANDBOX_JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';

const SANDBOX_PRIVATE_JWK = {
  kty: 'EC',
  crv: 'P-384',
  kid: SANDBOX_KID,
  alg: 'ES384',
  use: 'sig',
  d: 'yOcYl9QzMKnBFUiPZKBijDV_lsEtn6oWFVOqtFyXbY_-V63WCBYYdxsLo9Pclr84',
  x: 'dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB',
  y: 'Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy',
};

export function sandboxPrivateKey(): Promise<CryptoKey> {
  return importJWK(SANDBOX_PRIVATE_JWK, 'ES384') as Promise<CryptoKey>;
}
