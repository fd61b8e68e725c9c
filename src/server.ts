/** Process entry: read config, load the services, listen, shut down cleanly on SIGTERM/SIGINT. */
import { createApp, defaultDeps } from './app';
import { ConfigError, loadConfig, securityWarnings } from './config';
import type { ConceptCodes } from './knowledge/codes';
import { installSiteTerminology, loadSiteTerminology, SiteTerminologyError } from './knowledge/site-terminology';
import { createLogger } from './logger';
import { TrustedClientsError } from './security/trusted-clients';
import { DiscoveryError } from './services/registry';
import { createStores } from './storage/stores';

function fail(message: string): never {
  process.stderr.write(`hamstring-cds cannot start. ${message}\n`);
  process.exit(1);
}

async function start(): Promise<void> {
  let config;
  let deps;
  let stores;
  let siteCodes: ConceptCodes[] = [];
  try {
    config = loadConfig();
    // Before anything reads a code: every look-up from the first request on sees the site's codes.
    if (config.terminologyFile) {
      siteCodes = loadSiteTerminology(config.terminologyFile);
      installSiteTerminology(siteCodes);
    }
    const logger = createLogger(config.logLevel);
    stores = createStores(config.security, logger);
    deps = defaultDeps(config, stores, logger);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DiscoveryError || err instanceof TrustedClientsError || err instanceof SiteTerminologyError) {
      fail(err.message);
    }
    throw err;
  }
  try {
    await stores.ready();
  } catch (err) {
    fail(`The database (DATABASE_URL) could not be prepared: ${(err as Error).message}`);
  }
  for (const warning of securityWarnings(config.security)) deps.logger.warn(warning);
  if (siteCodes.length > 0) {
    const codes = siteCodes.reduce((n, concept) => n + concept.codes.length + (concept.prefixes?.length ?? 0), 0);
    deps.logger.info({ file: config.terminologyFile, concepts: siteCodes.map((c) => c.id), codes }, 'site terminology added to the built-in value sets');
  }

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
      void stores.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void start();
