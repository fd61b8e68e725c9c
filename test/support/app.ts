/** A fresh app per test file: default configuration, frozen clock, silent logs. */
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { NOW } from './builders';

export const SERVICE_URL = '/cds-services/hamstring-twitch';

export function testApp(config: Partial<Config> = {}): Express {
  return createApp({ ...loadConfig({}), ...config }, { clock: () => new Date(NOW), logger: createLogger('silent') });
}
