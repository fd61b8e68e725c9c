/**
 * The JWT replay cache in the store: a token's (iss, jti) is claimed by one INSERT that either
 * adds the pair, takes over a claim whose token has expired, or does nothing (a replay). The
 * database decides, so replicas sharing PostgreSQL never accept one jti twice.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ReplayCache } from '../security/replay-cache';
import { prepareQuery, type PreparedQuery } from './prepared-query';
import { storableInstant, storableText } from './storable';
import type { StoreTables } from './tables';

/** Expired claims are deleted at most this often per replica. */
export const REPLAY_PURGE_INTERVAL_MS = 60_000;

interface ClaimValues extends Record<string, unknown> {
  issuer: string;
  jti: string;
  expiresAt: number;
  now: number;
}

export class JwtReplayClaims implements ReplayCache {
  private readonly insertClaim: PreparedQuery<ClaimValues, { jti: string }>;
  private nextPurgeMs = 0;

  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly ready: () => Promise<void>,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {
    this.insertClaim = prepareQuery<ClaimValues, { jti: string }>(db, (q, v) =>
      q
        .insertInto('jwt_replay_claims')
        .values({ issuer: v.issuer, jti: v.jti, expires_at: v.expiresAt })
        .onConflict((oc) =>
          oc
            .columns(['issuer', 'jti'])
            .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
            .where('jwt_replay_claims.expires_at', '<=', v.now),
        )
        .returning('jti'),
    );
  }

  async claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    const values: ClaimValues = {
      issuer: storableText(issuer, 'issuer'),
      jti: storableText(jti, 'jti'),
      expiresAt: storableInstant(expiresAt, 'expiresAt'),
      now: this.clock().getTime(),
    };
    await this.ready();
    this.purgeWhenDue(values.now);
    const result = await this.insertClaim.execute(values);
    return result.rows.length === 1;
  }

  /** Deletes the claims of tokens expired by `now`; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    await this.ready();
    const result = await this.db.deleteFrom('jwt_replay_claims').where('expires_at', '<=', now.getTime()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The purge runs beside the claim, not before it: a claim stays one statement. */
  private purgeWhenDue(nowMs: number): void {
    if (nowMs < this.nextPurgeMs) return;
    this.nextPurgeMs = nowMs + REPLAY_PURGE_INTERVAL_MS;
    this.purgeExpired(new Date(nowMs)).catch((err: unknown) => {
      this.logger.warn({ errorName: err instanceof Error ? err.name : typeof err }, 'expired replay claims could not be purged');
    });
  }
}
