/**
 * JWT replay protection (CDS Hooks §Trusting CDS Clients: use `jti` against replay). A token's
 * (iss, jti) may be claimed once until the token expires. The store keeps the claims
 * (src/storage/replay-claims.ts): in its embedded form for one replica, in PostgreSQL for many.
 */
export interface ReplayCache {
  /** Records the token; true when it was not seen before within its lifetime, false for a replay. */
  claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean>;
}
