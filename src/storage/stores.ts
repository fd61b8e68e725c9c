/**
 * The state replicas must share, in the form the configuration asks for: PostgreSQL when
 * DATABASE_URL is set, else in this process (one replica, development).
 */
import type { Logger } from 'pino';
import type { SecurityConfig } from '../config';
import { MemoryReplayCache, type ReplayCache } from '../security/replay-cache';
import { MemoryFeedbackStore, type FeedbackStore } from './feedback-store';
import { createPool, createSchema, PostgresFeedbackStore, PostgresReplayCache } from './postgres';

export interface SharedStores {
  replayCache: ReplayCache;
  feedbackStore: FeedbackStore;
  /** Resolves once the stores can be used (tables exist); rejects when the database cannot be reached. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function memoryStores(clock: () => Date = () => new Date()): SharedStores {
  return {
    replayCache: new MemoryReplayCache(clock),
    feedbackStore: new MemoryFeedbackStore(),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

export function createStores(security: SecurityConfig, logger: Logger, clock: () => Date = () => new Date()): SharedStores {
  if (!security.databaseUrl) return memoryStores(clock);
  const pool = createPool(security.databaseUrl, logger);
  return {
    replayCache: new PostgresReplayCache(pool, clock),
    feedbackStore: new PostgresFeedbackStore(pool),
    ready: () => createSchema(pool),
    close: () => pool.end(),
  };
}
