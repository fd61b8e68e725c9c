/** GET /cds-services: the discovery document, as loaded and checked at start-up. */
import { Router } from 'express';
import type { ServiceRegistry } from '../services/registry';
import { methodNotAllowed } from './errors';

export function discoveryRouter(registry: ServiceRegistry): Router {
  const router = Router();
  const body = JSON.stringify(registry.discovery);
  router.get('/cds-services', (_req, res) => {
    res.type('application/json').send(body);
  });
  router.all('/cds-services', methodNotAllowed('GET'));
  return router;
}
