/**
 * JWT replay protection (CDS Hooks §Trusting CDS Clients: use `jti` against replay). A token's
 * (iss, jti) may be claimed once until the token expires. The in-process form serves one replica;
 * several replicas share the PostgreSQL form (src/storage/postgres.ts).
 */
export interface ReplayCache {
  /** Records the token; true when it was not seen before within its lifetime, false for a replay. */
  claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean>;
}

/** Expired entries are swept at most this often, so a claim costs O(1) on average. */
const SWEEP_INTERVAL_MS = 60_000;

export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock().getTime();
    if (now >= this.nextSweep) this.sweep(now);
    // JSON.stringify keeps the pair unambiguous whatever characters iss and jti hold.
    const key = JSON.stringify([issuer, jti]);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return Promise.resolve(false);
    this.seen.set(key, expiresAt.getTime());
    return Promise.resolve(true);
  }

  private sweep(now: number): void {
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
    this.nextSweep = now + SWEEP_INTERVAL_MS;
  }
}
