/**
 * GET /healthz: the process is alive and says what runs, with the approach's sign-off (no dependency is checked, so a slow
 * database never gets a replica restarted). GET /readyz: it may take calls (see ops/readiness).
 * Both public, answered from strings made at start-up, never logged per call.
 */
import { Router } from 'express';
import { HttpError } from '../errors';
import type { ApproachSignOff } from '../knowledge/sign-off';
import type { Readiness } from '../ops/readiness';
import type { Versions } from '../ops/version';
import { methodNotAllowed } from './errors';

export interface HealthDeps {
  versions: Versions;
  readiness: Readiness;
  signOff: ApproachSignOff;
}

/** The approach's sign-off as the site set it; null where it set nothing. */
export interface SignOffBody {
  owner: string | null;
  approvedVersion: string | null;
  approvedOn: string | null;
  reviewDue: string | null;
  /** The approval names the knowledge version running (a new knowledge release needs its own). */
  approved: boolean;
}

export interface AliveBody extends Versions {
  status: 'alive';
  approach: SignOffBody;
}

function signOffBody(signOff: ApproachSignOff, knowledgeVersion: string): SignOffBody {
  return {
    owner: signOff.owner ?? null,
    approvedVersion: signOff.approvedVersion ?? null,
    approvedOn: signOff.approvedOn ?? null,
    reviewDue: signOff.reviewDue ?? null,
    approved: signOff.approvedOn !== undefined && signOff.approvedVersion === knowledgeVersion,
  };
}

export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  const alive = JSON.stringify({ status: 'alive', ...deps.versions, approach: signOffBody(deps.signOff, deps.versions.knowledgeVersion) } satisfies AliveBody);
  const ready = JSON.stringify({ status: 'ready' });

  router.get('/healthz', (_req, res) => {
    res.type('application/json').send(alive);
  });
  router.get('/readyz', async (_req, res) => {
    // Which part failed is logged by the readiness check; the public answer does not say.
    if ((await deps.readiness.check()) !== undefined) {
      throw new HttpError(503, 'not_ready', 'This instance is not ready to take calls', undefined, { 'Retry-After': '5' });
    }
    res.type('application/json').send(ready);
  });
  router.all(['/healthz', '/readyz'], methodNotAllowed('GET'));
  return router;
}
