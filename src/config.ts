/**
 * Configuration: environment variables -> a typed, validated Config. Defaults let `npm start`
 * serve at once; every problem is reported by its variable name, all of them at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CARD_DEFINITIONS } from './approach';
import type { FhirFetchLimits } from './fhir/fhir-loader';
import { hasPilot, parseModeRules, type CardMode, type ModeRules } from './feedback-loop/modes';
import { parseOrigin } from './security/fhir-server-allowlist';
import { parsePatientHashKey } from './security/patient-hash';
import { loadTrustedClients, sandboxTrust, TrustedClientsError } from './security/trusted-clients';
import { isoDay, type ApproachSignOff } from './knowledge/sign-off';

export interface Config {
  port: number;
  host?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Results older than this many days do not count as current. */
  lookbackDays: number;
  /** Twitching that lasted longer than this many days is persistent. */
  persistentTwitchDays: number;
  /** A hamstring strain or injury this recent is "recent strain or injury": MRI even for isolated recent twitching. */
  mriStrainWindowDays: number;
  /** A red flag recorded this many days before the twitching began, and not as worsening, is established: named, not urgent. */
  redFlagEstablishedDays: number;
  /** The discovery document. */
  servicesFile: string;
  /** A site's own codes, merged over the built-in value sets at start-up (knowledge/site-terminology.ts). */
  terminologyFile?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Fetching what the EHR did not prefetch from its FHIR server. */
  fhirFetch: FhirFetchConfig;
  security: SecurityConfig;
  storage: StorageConfig;
  ops: OpsConfig;
  /** Snoozes: how long an overridden card stays away from its patient. */
  feedbackLoop: FeedbackLoopConfig;
  /** The governance report and the card preview. */
  admin: AdminConfig;
  /** Who answers for the approach, when it was approved and is reviewed: the approach page and /healthz. */
  approach: ApproachSignOff;
  /** Go-live: which cards run active, silent or as a pilot, and for whom. */
  modes: ModeRules;
  /** How long the ledger and clinicians' comments are kept. */
  retention: RetentionConfig;
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
  mriStrainWindowDays: 90,
  redFlagEstablishedDays: 90,
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

  const mriStrainWindowDays = integer(
    'MRI_STRAIN_WINDOW_DAYS',
    DEFAULTS.mriStrainWindowDays,
    14,
    365,
    ' (how recent a hamstring strain must be to call for MRI of isolated recent twitching)',
  );

  const redFlagEstablishedDays = integer(
    'RED_FLAG_ESTABLISHED_DAYS',
    DEFAULTS.redFlagEstablishedDays,
    28,
    730,
    ' (a red flag older than this before the twitching, and not recorded as worsening, is named without an urgent alert)',
  );

  const bodyLimitRaw = env.BODY_LIMIT ?? DEFAULTS.bodyLimit;
  const bodyLimitBytes = parseSize(bodyLimitRaw);
  const maxBody = 100 * 1024 * 1024;
  if (bodyLimitBytes === undefined || bodyLimitBytes < 1024 || bodyLimitBytes > maxBody) {
    problems.push(`BODY_LIMIT must be a size from 1kb to 100mb such as "5mb"; got "${bodyLimitRaw.slice(0, 40)}"`);
  }

  const logLevel = (env.LOG_LEVEL ?? DEFAULTS.logLevel) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${String(logLevel).slice(0, 40)}"`);

  const terminologyFile = present(env.TERMINOLOGY_FILE);
  const fhirFetch = loadFhirFetchConfig(env, integer, problems);
  const security = loadSecurityConfig(env, integer, problems);
  const storage = loadStorageConfig(env, integer, problems);
  const ops = loadOpsConfig(env, integer, problems, port);
  const feedbackLoop = loadFeedbackLoopConfig(integer);
  const admin = loadAdminConfig(env, problems);
  const approach = loadApproachSignOff(env, problems);
  const servicesFile = env.CDS_SERVICES_FILE ? path.resolve(env.CDS_SERVICES_FILE) : DEFAULTS.servicesFile;
  const modes = loadModes(env, integer, problems, servicesFile);
  const retention = loadRetentionConfig(integer, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST : undefined,
    bodyLimitBytes: bodyLimitBytes!,
    lookbackDays,
    persistentTwitchDays,
    mriStrainWindowDays,
    redFlagEstablishedDays,
    servicesFile,
    terminologyFile: terminologyFile !== undefined ? path.resolve(terminologyFile) : undefined,
    logLevel,
    fhirFetch,
    security,
    storage,
    ops,
    feedbackLoop,
    admin,
    approach,
    modes,
    retention,
  };
}

// --- Fetching from the EHR's FHIR server -------------------------------------------------------

/** A size such as "20mb", "512kb" or a number of bytes, within bounds; the default when unset. */
function sizeSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, bounds: { min: number; max: number; range: string }, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const bytes = parseSize(raw);
  if (bytes === undefined || bytes < bounds.min || bytes > bounds.max) {
    problems.push(`${name} must be a size from ${bounds.range} such as "20mb" (a bare number is bytes); got "${raw.slice(0, 40)}"`);
    return fallback;
  }
  return bytes;
}

type IntegerReader = (name: string, fallback: number, min: number, max: number, why?: string) => number;

export interface FhirFetchConfig extends FhirFetchLimits {
  /** Origins of the FHIR servers the service may query; undefined: any (development only). */
  serverAllowlist?: string[];
}

/**
 * The spec hopes for an answer in about 500 ms; real FHIR servers often take a second or more for
 * a search. 2 s per request and 4 s for the whole call (every query runs in parallel, so the budget
 * is spent on the slowest key and its pages) keep the EHR's answer bounded without failing a
 * merely slow server. A page of a search rarely exceeds a few megabytes (1 000 Observations of
 * about 2 kB each); 20 MB leaves room for verbose servers while one call's parallel keys cannot
 * hold more than a few hundred megabytes of JSON between them.
 */
export const FHIR_FETCH_DEFAULTS: FhirFetchLimits = {
  requestTimeoutMs: 2_000,
  budgetMs: 4_000,
  maxPages: 20,
  maxResources: 5_000,
  maxResponseBytes: 20 * 1024 * 1024,
};

function loadFhirFetchConfig(env: NodeJS.ProcessEnv, integer: IntegerReader, problems: string[]): FhirFetchConfig {
  const requestTimeoutMs = integer('FHIR_REQUEST_TIMEOUT_MS', FHIR_FETCH_DEFAULTS.requestTimeoutMs, 50, 60_000);
  const budgetMs = integer('FHIR_FETCH_BUDGET_MS', FHIR_FETCH_DEFAULTS.budgetMs, 50, 120_000);
  if (budgetMs < requestTimeoutMs) {
    problems.push(`FHIR_FETCH_BUDGET_MS (${budgetMs}) must be at least FHIR_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  const maxPages = integer('FHIR_MAX_PAGES', FHIR_FETCH_DEFAULTS.maxPages, 1, 1_000);
  const maxResources = integer('FHIR_MAX_RESOURCES', FHIR_FETCH_DEFAULTS.maxResources, 1, 1_000_000);
  const maxResponseBytes = sizeSetting(
    env,
    'FHIR_MAX_RESPONSE_BYTES',
    FHIR_FETCH_DEFAULTS.maxResponseBytes,
    { min: 64 * 1024, max: 512 * 1024 * 1024, range: '64kb to 512mb' },
    problems,
  );

  const raw = env.FHIR_SERVER_ALLOWLIST;
  let serverAllowlist: string[] | undefined;
  if (raw !== undefined && raw.trim() !== '') {
    serverAllowlist = [];
    for (const entry of raw.split(',')) {
      const parsed = parseOrigin(entry);
      if (!('origin' in parsed)) {
        problems.push(`FHIR_SERVER_ALLOWLIST entry "${entry.trim().slice(0, 80)}" ${parsed.problem}; expected an origin such as https://fhir.example.org`);
      } else if (env.NODE_ENV === 'production' && parsed.origin.startsWith('http:')) {
        // The EHR's access token travels with every query: in clear over http (CDS Hooks requires TLS).
        problems.push(`FHIR_SERVER_ALLOWLIST entry "${parsed.origin}" is plain http: in production the EHR's access tokens go only to https FHIR servers`);
      } else {
        serverAllowlist.push(parsed.origin);
      }
    }
  } else if (env.NODE_ENV === 'production') {
    problems.push(
      'FHIR_SERVER_ALLOWLIST is required when NODE_ENV=production: list the origins of the FHIR servers the service may query (comma-separated), such as https://fhir.example.org',
    );
  }
  return { requestTimeoutMs, budgetMs, maxPages, maxResources, maxResponseBytes, serverAllowlist };
}

// ---- Security: client authentication and shared state ------------------------------------------

export interface SecurityConfig {
  /** NODE_ENV=production: nothing may run open or keep shared state in one process. */
  production: boolean;
  /** JSON list of the EHRs allowed to call; without it hook and feedback calls are not authenticated. */
  trustedClientsFile?: string;
  /** The URL clients call, without a trailing slash; a JWT's `aud` is this plus the path called. */
  publicUrl?: string;
  /** Longest a client's token may live (exp - iat) and longest since it was issued, before clock skew. */
  jwtMaxLifetimeSeconds: number;
}

/**
 * CDS clients sign a fresh token for every call: the Sandbox gives it 300 s. An hour is the most
 * that may be configured: beyond it a token is a standing credential, and its jti must be kept as long.
 */
export const SECURITY_DEFAULTS = { jwtMaxLifetimeSeconds: 300 } as const;

/**
 * What production refuses in the trusted clients file, read here so that start-up stops before the
 * database is tried: a file that cannot be used, and any trust in the CDS Hooks Sandbox.
 */
function productionTrustProblems(file: string): string[] {
  try {
    return sandboxTrust(loadTrustedClients(file)).map(
      (trust) => `CDS_TRUSTED_CLIENTS_FILE: ${trust}, whose private key is public (anyone can sign as it); never trust it in production`,
    );
  } catch (err) {
    if (!(err instanceof TrustedClientsError)) throw err;
    return err.problems.map((problem) => `CDS_TRUSTED_CLIENTS_FILE (${file}): ${problem}`);
  }
}

function present(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function loadSecurityConfig(env: NodeJS.ProcessEnv, integer: IntegerReader, problems: string[]): SecurityConfig {
  const production = env.NODE_ENV === 'production';
  const trustedClientsFile = present(env.CDS_TRUSTED_CLIENTS_FILE);
  let publicUrl = present(env.CDS_PUBLIC_URL);
  const jwtMaxLifetimeSeconds = integer('JWT_MAX_LIFETIME_SECONDS', SECURITY_DEFAULTS.jwtMaxLifetimeSeconds, 1, 3_600);

  if (publicUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(publicUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '') {
      problems.push(
        `CDS_PUBLIC_URL must be the absolute http(s) URL clients call, without query or fragment, such as "https://cds.example.org"; got "${publicUrl.slice(0, 80)}"`,
      );
    } else if (production && url.protocol !== 'https:') {
      problems.push('CDS_PUBLIC_URL must be https in production (CDS Hooks requires TLS)');
    }
    publicUrl = publicUrl.replace(/\/+$/, '');
  }
  if (production) {
    if (!trustedClientsFile) problems.push('CDS_TRUSTED_CLIENTS_FILE is required in production: without it anyone could call the service');
    else problems.push(...productionTrustProblems(path.resolve(trustedClientsFile)));
    if (!publicUrl) problems.push('CDS_PUBLIC_URL is required in production: token audiences are checked against it, never against the Host header');
  }
  return { production, trustedClientsFile: trustedClientsFile ? path.resolve(trustedClientsFile) : undefined, publicUrl, jwtMaxLifetimeSeconds };
}

/** What start-up should say loudly when the service runs with development shortcuts. */
export function securityWarnings(security: SecurityConfig): string[] {
  const warnings: string[] = [];
  if (!security.trustedClientsFile) {
    warnings.push(
      'No trusted clients (CDS_TRUSTED_CLIENTS_FILE is not set): hook and feedback calls are NOT authenticated. Use this for local development only.',
    );
  } else if (!security.publicUrl) {
    warnings.push(
      "CDS_PUBLIC_URL is not set: token audiences are checked against the URL built from the request's own protocol and Host header, which a proxy may change.",
    );
  }
  return warnings;
}

// ---- Storage: the store of replay claims, the card ledger, feedback and snoozes -----------------

export interface StorageConfig {
  /** The embedded store's file and, in development, the patient-hash key live here. */
  dataDir: string;
  /** PostgreSQL shared by every replica; undefined: the embedded SQLite store in dataDir. */
  databaseUrl?: string;
  /** Longest a statement may run (PostgreSQL statement_timeout, SQLite busy_timeout). */
  queryTimeoutMs: number;
  /** Longest wait for a PostgreSQL connection, from the pool or newly opened. */
  connectTimeoutMs: number;
  /** Most PostgreSQL connections one replica opens. */
  poolSize: number;
  /** The key patients are hashed with; required in production, else read from dataDir. */
  patientHashKey?: Buffer;
}

/**
 * A store query waits at most a couple of seconds: the EHR is waiting for the hook's answer, and a
 * database that takes longer is better reported as unavailable (503 with Retry-After) than awaited.
 */
export const STORAGE_DEFAULTS = {
  dataDir: path.join(PROJECT_ROOT, 'data'),
  queryTimeoutMs: 2_000,
  connectTimeoutMs: 2_000,
  poolSize: 10,
} as const;

function loadStorageConfig(env: NodeJS.ProcessEnv, integer: IntegerReader, problems: string[]): StorageConfig {
  const production = env.NODE_ENV === 'production';
  const dataDirRaw = present(env.DATA_DIR);
  const databaseUrl = present(env.DATABASE_URL);
  const queryTimeoutMs = integer('DB_QUERY_TIMEOUT_MS', STORAGE_DEFAULTS.queryTimeoutMs, 50, 60_000);
  const connectTimeoutMs = integer('DB_CONNECT_TIMEOUT_MS', STORAGE_DEFAULTS.connectTimeoutMs, 50, 60_000);
  const poolSize = integer('DB_POOL_SIZE', STORAGE_DEFAULTS.poolSize, 1, 100);

  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL connection URL starting with postgres:// or postgresql://');
  }
  if (production && !databaseUrl) {
    problems.push('DATABASE_URL is required in production: the JWT replay cache, the card ledger, feedback and snoozes must be shared by every replica');
  }

  const keyRaw = present(env.PATIENT_HASH_KEY);
  let patientHashKey: Buffer | undefined;
  if (keyRaw !== undefined) {
    const parsed = parsePatientHashKey(keyRaw);
    if ('key' in parsed) patientHashKey = parsed.key;
    else problems.push(`PATIENT_HASH_KEY ${parsed.problem}`);
  } else if (production) {
    problems.push(
      'PATIENT_HASH_KEY is required in production: patients are stored only as an HMAC of their id under this key, which every replica must share (32 or more random bytes as hex or base64, e.g. `openssl rand -hex 32`)',
    );
  }
  return {
    dataDir: dataDirRaw !== undefined ? path.resolve(dataDirRaw) : STORAGE_DEFAULTS.dataDir,
    databaseUrl,
    queryTimeoutMs,
    connectTimeoutMs,
    poolSize,
    patientHashKey,
  };
}

// ---- Operations: probes, metrics, shutdown, browsers ---------------------------------------------

export interface OpsConfig {
  /** Port of the Prometheus metrics server; undefined: no metrics are kept or served. */
  metricsPort?: number;
  /** How long calls in flight may take to finish after SIGTERM before their connections are closed. */
  shutdownGraceMs: number;
  /** Origins whose browser pages may read the answers (CORS); '*' lets any page read them. */
  corsOrigins: '*' | readonly string[];
}

/**
 * 10 s covers the slowest hook call (a 4 s FHIR budget and the work around it) and stays well
 * inside Kubernetes' default 30 s termination grace period.
 */
export const OPS_DEFAULTS = { shutdownGraceMs: 10_000, corsOrigins: '*' } as const;

function loadOpsConfig(env: NodeJS.ProcessEnv, integer: IntegerReader, problems: string[], port: number): OpsConfig {
  const shutdownGraceMs = integer('SHUTDOWN_GRACE_MS', OPS_DEFAULTS.shutdownGraceMs, 0, 600_000);

  let metricsPort: number | undefined;
  if (present(env.METRICS_PORT) !== undefined) {
    metricsPort = integer('METRICS_PORT', 0, 0, 65535);
    // Metrics must never be reachable wherever the CDS port is exposed.
    if (metricsPort !== 0 && metricsPort === port) problems.push(`METRICS_PORT must differ from PORT (${port}): metrics are never served on the CDS port`);
  }

  const raw = present(env.CORS_ORIGINS);
  let corsOrigins: OpsConfig['corsOrigins'] = OPS_DEFAULTS.corsOrigins;
  if (raw === undefined) {
    if (env.NODE_ENV === 'production') {
      problems.push(
        "CORS_ORIGINS is required when NODE_ENV=production: list the origins whose pages may call the service (the CDS Hooks Sandbox's or the EHR's, comma-separated), or * for any",
      );
    }
  } else if (raw !== '*') {
    const origins: string[] = [];
    for (const entry of raw.split(',')) {
      const parsed = parseOrigin(entry);
      if ('origin' in parsed) origins.push(parsed.origin);
      else problems.push(`CORS_ORIGINS entry "${entry.trim().slice(0, 80)}" ${parsed.problem}; expected * or origins such as https://ehr.example.org`);
    }
    corsOrigins = origins;
  }
  return { metricsPort, shutdownGraceMs, corsOrigins };
}

// ---- The feedback loop: snoozes, the governance report and the card preview ----------------------

export interface FeedbackLoopConfig {
  /** An overridden info or warning card stays away from its patient this many days; 0 switches snoozing off. */
  snoozeDays: number;
  /** An overridden critical card stays away this many hours; 0: critical cards are never snoozed. */
  snoozeCriticalHours: number;
}

/**
 * 30 days: long enough that a card a clinician dismissed does not greet them at every visit of a
 * month's work-up, short enough that it comes back before the next review. A critical card is
 * urgent: it may be silenced for a shift (24 h), never for weeks. Either comes back at once when
 * the evidence it rests on changes.
 */
export const FEEDBACK_LOOP_DEFAULTS: FeedbackLoopConfig = { snoozeDays: 30, snoozeCriticalHours: 24 };

function loadFeedbackLoopConfig(integer: IntegerReader): FeedbackLoopConfig {
  return {
    snoozeDays: integer('SNOOZE_DAYS', FEEDBACK_LOOP_DEFAULTS.snoozeDays, 0, 365, ' (0 switches snoozing off)'),
    snoozeCriticalHours: integer('SNOOZE_CRITICAL_HOURS', FEEDBACK_LOOP_DEFAULTS.snoozeCriticalHours, 0, 168, ' (0: critical cards are never snoozed)'),
  };
}

/** Who may open the card preview: anyone (development), holders of ADMIN_TOKEN, or nobody. */
export type PreviewAccess = 'open' | 'admin' | 'off';

export interface AdminConfig {
  /** The bearer token of the governance report in production, and of /preview there; also shows clinicians' comments. */
  token?: string;
  preview: PreviewAccess;
  /** Who may open /admin: like the preview, open in development, behind the token in production. */
  report: PreviewAccess;
}

/** Long enough that guessing is hopeless: `openssl rand -hex 32` gives 64. */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

function loadAdminConfig(env: NodeJS.ProcessEnv, problems: string[]): AdminConfig {
  const production = env.NODE_ENV === 'production';
  const raw = env.ADMIN_TOKEN;
  let token: string | undefined;
  if (raw !== undefined && raw !== '') {
    // The value is a secret: problems describe it, never quote it.
    if (!/^[\x21-\x7e]+$/.test(raw)) problems.push('ADMIN_TOKEN must be printable ASCII without spaces (such as the output of `openssl rand -hex 32`)');
    else if (raw.length < ADMIN_TOKEN_MIN_LENGTH) problems.push(`ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters long; got ${raw.length}`);
    else token = raw;
  }
  const preview: PreviewAccess = !production ? 'open' : token !== undefined ? 'admin' : 'off';
  return { token, preview, report: preview };
}

// ---- Go-live: modes and pilots; retention ------------------------------------------------------

/** A user reference as CDS Hooks gives context.userId: a resource type and a FHIR id. */
const USER_REFERENCE = /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/;

/** The ids of the services file, to check CARD_MODES keys; a file that cannot be read is reported when the services load. */
function serviceIdsOf(file: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { services?: { id?: unknown }[] };
    return (parsed.services ?? []).flatMap((s) => (typeof s.id === 'string' ? [s.id] : []));
  } catch {
    return [];
  }
}

function loadModes(env: NodeJS.ProcessEnv, integer: IntegerReader, problems: string[], servicesFile: string): ModeRules {
  const raw = present(env.CARD_MODES);
  let rules: ReadonlyMap<string, CardMode> = new Map();
  if (raw !== undefined) {
    const parsed = parseModeRules(raw, { findingKinds: Object.keys(CARD_DEFINITIONS), serviceIds: serviceIdsOf(servicesFile) });
    if ('problems' in parsed) problems.push(...parsed.problems);
    else rules = parsed.rules;
  }
  const pilotUsers: string[] = [];
  for (const entry of (present(env.PILOT_USERS) ?? '').split(',')) {
    const user = entry.trim();
    if (user === '') continue;
    if (USER_REFERENCE.test(user)) pilotUsers.push(user);
    else problems.push(`PILOT_USERS entry "${user.slice(0, 80)}" must be a user reference as context.userId gives it, such as Practitioner/123`);
  }
  const pilotPercent = integer('PILOT_PERCENT', 0, 0, 100, ' (the share of users, besides PILOT_USERS, who see the pilot cards)');
  const modes: ModeRules = { rules, pilotUsers, pilotPercent };
  const anyPilotSetting = pilotUsers.length > 0 || pilotPercent > 0;
  if (hasPilot(modes) && !anyPilotSetting) {
    problems.push('CARD_MODES sets a pilot, but PILOT_USERS is empty and PILOT_PERCENT is 0: nobody would see its cards (use silent for that)');
  } else if (!hasPilot(modes) && anyPilotSetting && raw !== undefined) {
    problems.push('PILOT_USERS or PILOT_PERCENT is set, but no CARD_MODES entry is pilot: they would change nothing');
  } else if (!hasPilot(modes) && anyPilotSetting) {
    problems.push('PILOT_USERS or PILOT_PERCENT is set without CARD_MODES: name the kinds or services in the pilot, such as CARD_MODES=mri-thigh=pilot');
  }
  return modes;
}

export interface RetentionConfig {
  /** Ledger rows (and their feedback and the call counts) older than this many days are deleted. */
  ledgerDays: number;
  /** Clinicians' free-text comments are erased this many days after they arrive; 0: never stored. */
  feedbackCommentDays: number;
}

/**
 * Two years of ledger cover a silent run, a pilot and a year of use to compare with; comments are
 * free text that may name a patient, so they are kept a quarter, long enough for a review cycle.
 */
export const RETENTION_DEFAULTS: RetentionConfig = { ledgerDays: 730, feedbackCommentDays: 90 };

function loadRetentionConfig(integer: IntegerReader, problems: string[]): RetentionConfig {
  const ledgerDays = integer('LEDGER_RETENTION_DAYS', RETENTION_DEFAULTS.ledgerDays, 7, 3650);
  const feedbackCommentDays = integer(
    'FEEDBACK_COMMENT_RETENTION_DAYS',
    // A shorter ledger shortens the default too: comments never outlive their feedback.
    Math.min(RETENTION_DEFAULTS.feedbackCommentDays, ledgerDays),
    0,
    3650,
    ' (0: comments are not stored)',
  );
  if (feedbackCommentDays > ledgerDays) {
    problems.push(
      `FEEDBACK_COMMENT_RETENTION_DAYS (${feedbackCommentDays}) cannot exceed LEDGER_RETENTION_DAYS (${ledgerDays}): a comment goes with its card's feedback`,
    );
  }
  return { ledgerDays, feedbackCommentDays };
}

// ---- The approach's sign-off: owner, approval and review --------------------------------------

/** A real calendar day written YYYY-MM-DD ("2026-02-30" is not one). */
function calendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === text;
}

/**
 * Unset, the approach page and /healthz say it is not yet approved: a site sets these once its
 * committee has signed the approach off. An approval names the knowledge version it covers.
 */
function loadApproachSignOff(env: NodeJS.ProcessEnv, problems: string[]): ApproachSignOff {
  const owner = present(env.APPROACH_OWNER);
  const approvedVersion = present(env.APPROACH_APPROVED_VERSION);
  const approvedOn = present(env.APPROACH_APPROVED_ON);
  const reviewDue = present(env.APPROACH_REVIEW_DUE);

  if (owner !== undefined && (owner.length > 200 || /\p{Cc}/u.test(owner))) {
    problems.push('APPROACH_OWNER must be a name, role or committee of at most 200 characters on one line');
  }
  if (approvedVersion !== undefined && !/^\d{4}\.\d{1,2}\.\d+$/.test(approvedVersion)) {
    problems.push(`APPROACH_APPROVED_VERSION must be a knowledge version such as 2026.12.1 (year.month.release); got "${approvedVersion.slice(0, 40)}"`);
  }
  const day = (name: string, value: string | undefined): boolean => {
    if (value === undefined) return false;
    if (calendarDay(value)) return true;
    problems.push(`${name} must be a calendar day written YYYY-MM-DD, such as 2026-12-01; got "${value.slice(0, 40)}"`);
    return false;
  };
  const approvedOnValid = day('APPROACH_APPROVED_ON', approvedOn);
  const reviewDueValid = day('APPROACH_REVIEW_DUE', reviewDue);

  if (approvedOnValid && approvedOn! > isoDay(new Date()))
    problems.push(`APPROACH_APPROVED_ON (${approvedOn}) is in the future: give the day the committee approved it`);
  if (approvedOn !== undefined && approvedVersion === undefined) {
    problems.push('APPROACH_APPROVED_VERSION is required with APPROACH_APPROVED_ON: name the knowledge version the committee approved (shown on /healthz)');
  }
  if (approvedVersion !== undefined && approvedOn === undefined)
    problems.push('APPROACH_APPROVED_ON is required with APPROACH_APPROVED_VERSION: the day it was approved');
  if (reviewDue !== undefined && approvedOn === undefined) problems.push('APPROACH_REVIEW_DUE needs APPROACH_APPROVED_ON: a review follows an approval');
  if (approvedOnValid && reviewDueValid && reviewDue! <= approvedOn!) {
    problems.push(`APPROACH_REVIEW_DUE (${reviewDue}) must come after APPROACH_APPROVED_ON (${approvedOn})`);
  }
  return { owner, approvedVersion, approvedOn, reviewDue };
}
