/**
 * createApp(config, deps): the express app, its routes and middleware. Only server.ts listens;
 * tests and the fixture runner build their own app.
 */
import cors from 'cors';
import express, { type Express } from 'express';
import type { Config } from './config';
import { PrefetchLoader, type DataLoader } from './fhir/data-loader';
import { discoveryRouter } from './http/discovery';
import { errorHandler, notFound } from './http/errors';
import { hooksRouter } from './http/hooks';
import { securityHeaders } from './http/security-headers';
import { createLogger, type Logger } from './logger';
import { loadRegistry, type ServiceRegistry } from './services/registry';

export interface AppDeps {
  clock: () => Date;
  loader: DataLoader;
  logger: Logger;
  registry: ServiceRegistry;
}

export function defaultDeps(config: Config): AppDeps {
  return {
    clock: () => new Date(),
    loader: new PrefetchLoader(),
    logger: createLogger(config.logLevel),
    registry: loadRegistry(config.servicesFile),
  };
}

export function createApp(config: Config, overrides: Partial<AppDeps> = {}): Express {
  const deps: AppDeps = { ...defaultDeps(config), ...overrides };
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

  app.use(discoveryRouter(deps.registry));
  app.use(
    hooksRouter({
      registry: deps.registry,
      loader: deps.loader,
      clock: deps.clock,
      settings: { lookbackDays: config.lookbackDays, persistentAfterDays: config.persistentTwitchDays },
      bodyLimitBytes: config.bodyLimitBytes,
    }),
  );
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
