/**
 * createApp(config, deps): the express app, its routes and middleware. Only server.ts listens;
 * tests and the fixture runner build their own app.
 */
import cors from 'cors';
import express, { type Express } from 'express';
import type { Config } from './config';
import type { DataLoader } from './fhir/data-loader';
import { FhirLoader } from './fhir/fhir-loader';
import { requireClient } from './http/auth';
import { discoveryRouter } from './http/discovery';
import { errorHandler, notFound } from './http/errors';
import { feedbackRouter } from './http/feedback';
import { hooksRouter } from './http/hooks';
import { pagesRouter } from './http/pages';
import { securityHeaders } from './http/security-headers';
import { createLogger, type Logger } from './logger';
import { createAuthenticator, type Authenticator } from './security/client-auth';
import { FhirServerAllowlist } from './security/fhir-server-allowlist';
import { loadTrustedClients } from './security/trusted-clients';
import { loadRegistry, type ServiceRegistry } from './services/registry';
import type { FeedbackStore } from './storage/feedback-store';
import { memoryStores, type SharedStores } from './storage/stores';

export interface AppDeps {
  clock: () => Date;
  loader: DataLoader;
  logger: Logger;
  registry: ServiceRegistry;
  /** Verifies the client's JWT on hook and feedback calls; undefined runs the service open (development only). */
  authenticator: Authenticator | undefined;
  feedbackStore: FeedbackStore;
}

/** The configured origins, or every server when none are configured (development only). */
export function fhirServerAllowlist(config: Config): FhirServerAllowlist {
  const origins = config.fhirFetch.serverAllowlist;
  return origins === undefined ? FhirServerAllowlist.open() : FhirServerAllowlist.of(origins);
}

/** The stores default to this process's memory; server.ts passes the shared ones when DATABASE_URL is set. */
export function defaultDeps(config: Config, stores: SharedStores = memoryStores(), logger: Logger = createLogger(config.logLevel)): AppDeps {
  const clock = () => new Date();
  const { requestTimeoutMs, budgetMs, maxPages, maxResources, maxResponseBytes } = config.fhirFetch;
  const file = config.security.trustedClientsFile;
  return {
    clock,
    loader: new FhirLoader({ requestTimeoutMs, budgetMs, maxPages, maxResources, maxResponseBytes, allowlist: fhirServerAllowlist(config), logger }),
    logger,
    registry: loadRegistry(config.servicesFile),
    authenticator: file
      ? createAuthenticator({ clients: loadTrustedClients(file), replayCache: stores.replayCache, clock, maxLifetimeSeconds: config.security.jwtMaxLifetimeSeconds })
      : undefined,
    feedbackStore: stores.feedbackStore,
  };
}

const DEP_NAMES = ['clock', 'loader', 'logger', 'registry', 'authenticator', 'feedbackStore'] as const satisfies readonly (keyof AppDeps)[];

/** Every dependency given (server.ts gives them all): the defaults are not built a second time. */
function isComplete(deps: Partial<AppDeps>): deps is AppDeps {
  return DEP_NAMES.every((name) => name in deps);
}

export function createApp(config: Config, overrides: Partial<AppDeps> = {}): Express {
  const deps: AppDeps = isComplete(overrides) ? overrides : { ...defaultDeps(config), ...overrides };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(securityHeaders);
  // The CDS Hooks Sandbox and other browser clients call discovery and hooks cross-origin.
  app.use(
    cors({
      origin: '*',
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      maxAge: 600,
    }),
  );
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info(
        { method: req.method, path: req.path.slice(0, 200), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  });

  // Discovery stays public; hook and feedback calls carry patient data and need a trusted client's token.
  if (deps.authenticator) {
    app.post(
      ['/cds-services/:id', '/cds-services/:id/feedback'],
      requireClient({ authenticator: deps.authenticator, publicUrl: config.security.publicUrl, logger: deps.logger }),
    );
  }
  app.use(discoveryRouter(deps.registry));
  app.use(
    hooksRouter({
      registry: deps.registry,
      loader: deps.loader,
      clock: deps.clock,
      settings: { lookbackDays: config.lookbackDays, persistentAfterDays: config.persistentTwitchDays, mriStrainWindowDays: config.mriStrainWindowDays },
      bodyLimitBytes: config.bodyLimitBytes,
      publicUrl: config.security.publicUrl,
    }),
  );
  app.use(pagesRouter());
  app.use(feedbackRouter({ registry: deps.registry, store: deps.feedbackStore, bodyLimitBytes: config.bodyLimitBytes, logger: deps.logger }));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
