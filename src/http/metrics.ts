/**
 * The metrics app, served by server.ts on METRICS_PORT and never on the CDS port: GET /metrics in
 * the Prometheus text format. Anything else is a 404 or 405 like on the CDS port.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../ops/metrics';
import { errorHandler, methodNotAllowed, notFound } from './errors';

export function metricsApp(metrics: ServiceMetrics, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(text);
  });
  app.all('/metrics', methodNotAllowed('GET'));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
