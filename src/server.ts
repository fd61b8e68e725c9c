/**
 * Process entry: read config, load the services, listen (and serve metrics on their own port),
 * shut down on SIGTERM/SIGINT without dropping a call in flight.
 */
import type { Server } from 'node:http';
import { createApp, defaultDeps, type AppDeps } from './app';
import { ConfigError, loadConfig, securityWarnings, type Config } from './config';
import { metricsApp } from './http/metrics';
import type { ConceptCodes } from './knowledge/codes';
import { installSiteTerminology, loadSiteTerminology, SiteTerminologyError } from './knowledge/site-terminology';
import { createLogger } from './logger';
import { startRetentionJob } from './ops/retention-job';
import { drain } from './ops/shutdown';
import { VERSIONS } from './ops/version';
import { TrustedClientsError } from './security/trusted-clients';
import { DiscoveryError } from './services/registry';
import { createStore, type Store } from './storage/store';

function fail(message: string): never {
  process.stderr.write(`hamstring-cds cannot start. ${message}\n`);
  process.exit(1);
}

/** Where the store lives, as the operator configured it. */
function storeName(config: Config): string {
  return config.storage.databaseUrl ? 'The database (DATABASE_URL)' : `The embedded store in ${config.storage.dataDir} (DATA_DIR)`;
}

/** Past the grace period, closing the store (writing the queued ledger) gets this long before the process exits regardless. */
const STORE_CLOSE_MS = 5_000;

async function start(): Promise<void> {
  let config: Config;
  let siteCodes: ConceptCodes[] = [];
  try {
    config = loadConfig();
    // Before anything reads a code: every look-up from the first request on sees the site's codes.
    if (config.terminologyFile) {
      siteCodes = loadSiteTerminology(config.terminologyFile);
      installSiteTerminology(siteCodes);
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SiteTerminologyError) fail(err.message);
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let store: Store;
  try {
    store = createStore(config, logger);
  } catch (err) {
    fail(`${storeName(config)} could not be opened: ${(err as Error).message}`);
  }
  let deps: AppDeps;
  try {
    deps = defaultDeps(config, store, logger);
  } catch (err) {
    if (err instanceof DiscoveryError || err instanceof TrustedClientsError) fail(err.message);
    throw err;
  }
  try {
    await store.ready();
  } catch (err) {
    fail(`${storeName(config)} could not be prepared: ${(err as Error).message}`);
  }
  logger.info({ store: store.form }, store.form === 'postgres' ? 'store: PostgreSQL (DATABASE_URL)' : `store: embedded SQLite in ${config.storage.dataDir}`);
  for (const warning of securityWarnings(config.security)) logger.warn(warning);
  if (siteCodes.length > 0) {
    const codes = siteCodes.reduce((n, concept) => n + concept.codes.length + (concept.prefixes?.length ?? 0), 0);
    logger.info({ file: config.terminologyFile, concepts: siteCodes.map((c) => c.id), codes }, 'site terminology added to the built-in value sets');
  }

  const stopRetention = startRetentionJob({ store, policy: config.retention, clock: deps.clock, logger });
  const app = createApp(config, deps);
  const host = config.host ?? '0.0.0.0';
  const server = app.listen(config.port, host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { port, services: [...deps.registry.byId.keys()], ...VERSIONS },
      `hamstring-cds ${VERSIONS.version} (knowledge ${VERSIONS.knowledgeVersion}) listening on port ${port}`,
    );
    if (config.fhirFetch.serverAllowlist === undefined) {
      logger.warn(
        'FHIR_SERVER_ALLOWLIST is not set: the service will query ANY FHIR server a request names, with the access token the request gives. ' +
          'This is for local development only; set FHIR_SERVER_ALLOWLIST (required with NODE_ENV=production).',
      );
    }
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  let metricsServer: Server | undefined;
  const metricsPort = config.ops.metricsPort;
  if (deps.metrics && metricsPort !== undefined) {
    metricsServer = metricsApp(deps.metrics, logger).listen(metricsPort, host, () => {
      const address = metricsServer?.address();
      logger.info({ metricsPort: typeof address === 'object' && address ? address.port : metricsPort }, 'metrics served on their own port at /metrics');
    });
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.ops.shutdownGraceMs;
    setTimeout(() => process.exit(1), graceMs + STORE_CLOSE_MS).unref();
    logger.info({ signal, graceMs }, 'shutting down: not ready, taking no new calls, letting calls in flight finish');
    const outcome = await drain(server, deps.state, graceMs);
    logger.info({ outcome }, outcome === 'drained' ? 'every call finished' : 'grace period over: closed the calls still open');
    stopRetention();
    deps.loader.close?.();
    metricsServer?.closeAllConnections();
    metricsServer?.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void start();
