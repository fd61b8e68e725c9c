/**
 * createApp(config, deps): the express app, its routes and middleware. Only server.ts listens;
 * tests and the fixture runner build their own app.
 */
import express, { type Express } from 'express';
import type { RuleSettings } from './approach/context';
import type { Config } from './config';
import type { DataLoader } from './fhir/data-loader';
import { FhirLoader } from './fhir/fhir-loader';
import { requireClient } from './http/auth';
import { discoveryRouter } from './http/discovery';
import { edge } from './http/edge';
import { errorHandler, methodNotAllowed, notFound } from './http/errors';
import { adminRouter } from './http/admin';
import { feedbackRouter } from './http/feedback';
import { fhirPublishDeps, fhirPublishRouter } from './http/fhir-publish';
import { healthRouter } from './http/health';
import { hookCall, serviceLookup } from './http/hooks';
import { callObserver } from './http/observe';
import { openApiDocument, openApiRouter } from './http/openapi';
import { pagesRouter } from './http/pages';
import { previewRouter } from './http/preview';
import { SnoozeLookups } from './feedback-loop/snooze-lookup';
import { isSnoozingOn } from './feedback-loop/snoozes';
import { createLogger, type Logger } from './logger';
import { ServiceMetrics } from './ops/metrics';
import { createReadiness, type StorePing } from './ops/readiness';
import { servingState, type ServingState } from './ops/shutdown';
import { VERSIONS } from './ops/version';
import { createAuthenticator, type Authenticator } from './security/client-auth';
import { FhirServerAllowlist } from './security/fhir-server-allowlist';
import { loadTrustedClients } from './security/trusted-clients';
import { loadRegistry, type ServiceRegistry } from './services/registry';
import { inMemoryStore, type Store } from './storage/store';

export interface AppDeps {
  clock: () => Date;
  loader: DataLoader;
  logger: Logger;
  registry: ServiceRegistry;
  /** Verifies the client's JWT on hook and feedback calls; undefined runs the service open (development only). */
  authenticator: Authenticator | undefined;
  /** Replay claims, the card ledger, feedback and snoozes. */
  store: Store;
  /** Readiness asks the shared store to answer within a deadline. */
  storePing: StorePing;
  /** Draining once server.ts begins to shut down. */
  state: ServingState;
  /** Prometheus metrics; undefined when METRICS_PORT is unset, and then nothing is measured per call. */
  metrics: ServiceMetrics | undefined;
}

/** The configured origins, or every server when none are configured (development only). */
export function fhirServerAllowlist(config: Config): FhirServerAllowlist {
  const origins = config.fhirFetch.serverAllowlist;
  return origins === undefined ? FhirServerAllowlist.open() : FhirServerAllowlist.of(origins);
}

/** The store defaults to one in this process's memory; server.ts passes the configured one. */
export function defaultDeps(config: Config, store: Store = inMemoryStore(), logger: Logger = createLogger(config.logLevel)): AppDeps {
  const clock = () => new Date();
  const { requestTimeoutMs, budgetMs, maxPages, maxResources, maxResponseBytes } = config.fhirFetch;
  const file = config.security.trustedClientsFile;
  const metrics = config.ops.metricsPort === undefined ? undefined : new ServiceMetrics(VERSIONS);
  return {
    clock,
    loader: new FhirLoader({
      requestTimeoutMs,
      budgetMs,
      maxPages,
      maxResources,
      maxResponseBytes,
      allowlist: fhirServerAllowlist(config),
      logger,
      observer: metrics?.fhirObserver,
    }),
    logger,
    registry: loadRegistry(config.servicesFile),
    authenticator: file
      ? createAuthenticator({
          clients: loadTrustedClients(file),
          replayCache: store.replayCache,
          clock,
          maxLifetimeSeconds: config.security.jwtMaxLifetimeSeconds,
        })
      : undefined,
    store,
    storePing: store,
    state: servingState(),
    metrics,
  };
}

const DEP_NAMES = [
  'clock',
  'loader',
  'logger',
  'registry',
  'authenticator',
  'store',
  'storePing',
  'state',
  'metrics',
] as const satisfies readonly (keyof AppDeps)[];

/** Every dependency given (server.ts gives them all): the defaults are not built a second time. */
function isComplete(deps: Partial<AppDeps>): deps is AppDeps {
  return DEP_NAMES.every((name) => name in deps);
}

/** The settings every rule reads, from the configuration. */
export function ruleSettings(config: Config): RuleSettings {
  return {
    lookbackDays: config.lookbackDays,
    persistentAfterDays: config.persistentTwitchDays,
    mriStrainWindowDays: config.mriStrainWindowDays,
    redFlagEstablishedDays: config.redFlagEstablishedDays,
  };
}

/** The dependencies given, the rest built from the config: with the logger given, if one is (the FHIR loader logs to it too). */
export function appDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  return isComplete(overrides) ? overrides : { ...defaultDeps(config, overrides.store, overrides.logger), ...overrides };
}

export function createApp(config: Config, overrides: Partial<AppDeps> = {}): Express {
  const deps = appDeps(config, overrides);
  const { logger, registry, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(edge({ corsOrigins: config.ops.corsOrigins, state: deps.state, observe: callObserver({ logger, metrics, registry }) }));

  // Discovery stays public; hook and feedback calls carry patient data and need a trusted client's
  // token, checked before the service is looked up or the body read.
  const authenticate = deps.authenticator ? [requireClient({ authenticator: deps.authenticator, publicUrl: config.security.publicUrl, logger })] : [];
  // Hook calls are nearly all the traffic: their route comes first.
  app.post(
    '/cds-services/:id',
    ...authenticate,
    ...hookCall({
      registry,
      loader: deps.loader,
      clock: deps.clock,
      settings: ruleSettings(config),
      bodyLimitBytes: config.bodyLimitBytes,
      publicUrl: config.security.publicUrl,
      logger,
      cardLoop: {
        store: deps.store,
        modes: config.modes,
        snoozes: isSnoozingOn(config.feedbackLoop) ? new SnoozeLookups(deps.store.snoozes, logger) : undefined,
      },
    }),
  );
  app.all('/cds-services/:id', serviceLookup(registry), methodNotAllowed('POST'));
  if (authenticate.length > 0) app.post('/cds-services/:id/feedback', ...authenticate);
  app.use(
    feedbackRouter({
      registry,
      store: deps.store,
      snoozePolicy: config.feedbackLoop,
      keepComments: config.retention.feedbackCommentDays > 0,
      clock: deps.clock,
      bodyLimitBytes: config.bodyLimitBytes,
      logger,
    }),
  );
  app.use(discoveryRouter(registry));
  app.use(pagesRouter({ signOff: config.approach, clock: deps.clock }));
  app.use(fhirPublishRouter(fhirPublishDeps(config, registry, deps.clock())));
  // The governance report and the card preview: open in development, behind ADMIN_TOKEN in production, off without it there.
  if (config.admin.report !== 'off') app.use(adminRouter({ token: config.admin.token, access: config.admin.report, store: deps.store, clock: deps.clock }));
  if (config.admin.preview !== 'off') {
    app.use(
      previewRouter({
        registry,
        loader: deps.loader,
        clock: deps.clock,
        settings: ruleSettings(config),
        bodyLimitBytes: config.bodyLimitBytes,
        adminToken: config.admin.preview === 'admin' ? config.admin.token : undefined,
        logger,
        modes: config.modes,
        hashUser: (userId) => deps.store.hashUser(userId),
      }),
    );
  }
  app.use(
    healthRouter({
      versions: VERSIONS,
      signOff: config.approach,
      readiness: createReadiness({ serviceCount: registry.byId.size, store: deps.storePing, logger }),
    }),
  );
  app.use(
    openApiRouter(
      openApiDocument({
        registry,
        versions: VERSIONS,
        authenticated: deps.authenticator !== undefined,
        report: config.admin.report,
        preview: config.admin.preview,
        publicUrl: config.security.publicUrl,
        bodyLimitBytes: config.bodyLimitBytes,
      }),
    ),
  );
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
