/**
 * Configuration: environment variables -> a typed, validated Config. Defaults let `npm start`
 * serve at once; every problem is reported by its variable name, all of them at once.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Results older than this many days do not count as current. */
  lookbackDays: number;
  /** Twitching that lasted longer than this many days is persistent. */
  persistentTwitchDays: number;
  /** The discovery document. */
  servicesFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** src/ in development, dist/ when built: the project root is one up either way. */
const PROJECT_ROOT = path.resolve(__dirname, '..');

export const DEFAULTS = {
  port: 3000,
  bodyLimit: '5mb',
  lookbackDays: 90,
  persistentTwitchDays: 14,
  servicesFile: path.join(PROJECT_ROOT, 'cds-services.json'),
  logLevel: 'info',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** "5mb", "512kb", "1048576" -> bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb)?\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number, why = ''): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}${why}; got "${raw.slice(0, 40)}"`);
      return fallback;
    }
    return value;
  };

  const port = integer('PORT', DEFAULTS.port, 0, 65535);
  const lookbackDays = integer('LOOKBACK_DAYS', DEFAULTS.lookbackDays, 1, 3650);
  const persistentTwitchDays = integer(
    'PERSISTENT_TWITCH_DAYS',
    DEFAULTS.persistentTwitchDays,
    14,
    28,
    ' (the clinical approach: persistent means more than 2-4 weeks)',
  );

  const bodyLimitRaw = env.BODY_LIMIT ?? DEFAULTS.bodyLimit;
  const bodyLimitBytes = parseSize(bodyLimitRaw);
  const maxBody = 100 * 1024 * 1024;
  if (bodyLimitBytes === undefined || bodyLimitBytes < 1024 || bodyLimitBytes > maxBody) {
    problems.push(`BODY_LIMIT must be a size from 1kb to 100mb such as "5mb"; got "${bodyLimitRaw.slice(0, 40)}"`);
  }

  const logLevel = (env.LOG_LEVEL ?? DEFAULTS.logLevel) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${String(logLevel).slice(0, 40)}"`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST : undefined,
    bodyLimitBytes: bodyLimitBytes!,
    lookbackDays,
    persistentTwitchDays,
    servicesFile: env.CDS_SERVICES_FILE ? path.resolve(env.CDS_SERVICES_FILE) : DEFAULTS.servicesFile,
    logLevel,
  };
}
