/** Process entry: read config, load the services, listen, shut down cleanly on SIGTERM/SIGINT. */
import { createApp, defaultDeps, type AppDeps } from './app';
import { ConfigError, loadConfig, securityWarnings, type Config } from './config';
import { createLogger } from './logger';
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

async function start(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
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
  for (const warning of securityWarnings(config.security)) deps.logger.warn(warning);

  const app = createApp(config, deps);
  const server = app.listen(config.port, config.host ?? '0.0.0.0', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    deps.logger.info({ port, services: [...deps.registry.byId.keys()] }, `hamstring-cds listening on port ${port}`);
    if (config.fhirFetch.serverAllowlist === undefined) {
      deps.logger.warn(
        'FHIR_SERVER_ALLOWLIST is not set: the service will query ANY FHIR server a request names, with the access token the request gives. ' +
          'This is for local development only; set FHIR_SERVER_ALLOWLIST (required with NODE_ENV=production).',
      );
    }
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  const stop = (signal: string) => {
    deps.logger.info({ signal }, 'shutting down');
    server.close(() => {
      void store.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void start();
