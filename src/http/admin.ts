/**
 * The governance report: GET /admin/report (JSON) and GET /admin (a page with charts), per finding
 * kind and version. Mounted only when ADMIN_TOKEN is set (else 404, as any unknown path); every
 * call must carry the token, compared in constant time. The page's scripts (Chart.js from npm and
 * our own few lines) are served from this app, so the page works offline and its
 * Content-Security-Policy allows scripts from 'self' only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { CARD_DEFINITIONS } from '../approach';
import { parseReportRange, shapeReport } from '../feedback-loop/report';
import { ADMIN_PAGE_CSP } from '../pages/html';
import { ADMIN_PATH, ADMIN_REPORT_PATH, ADMIN_SCRIPT, ADMIN_SCRIPT_PATH, adminPage, CHART_SCRIPT_PATH } from '../pages/admin';
import type { Store } from '../storage/store';
import { StoreUnavailableError } from '../storage/errors';
import { HttpError } from '../errors';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import { methodNotAllowed } from './errors';

const REALM = 'hamstring-cds admin';
/** Bearer for scripts; Basic (any user name, the token as password) so that a browser asks for it. */
const CHALLENGE = { 'WWW-Authenticate': `Bearer realm="${REALM}", Basic realm="${REALM}", charset="UTF-8"` };

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The token an Authorization header presents: a Bearer token, or the password of Basic credentials. */
export function presentedToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  if (match[1].toLowerCase() === 'bearer') return match[2];
  const credentials = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

/**
 * Lets the call through when it presents ADMIN_TOKEN. Both sides are hashed first, so the
 * comparison is of two equal-length digests (timingSafeEqual) and takes the same time whatever
 * the token presented, its length included.
 */
export function requireAdminToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const given = presentedToken(req.headers.authorization);
    if (given === undefined) {
      next(new HttpError(401, 'admin_token_required', 'This page needs the admin token: Authorization: Bearer <ADMIN_TOKEN>', undefined, CHALLENGE));
    } else if (!timingSafeEqual(digest(given), expected)) {
      next(new HttpError(401, 'invalid_admin_token', 'The admin token is not valid', undefined, CHALLENGE));
    } else {
      next();
    }
  };
}

/** Chart.js's own browser build, from node_modules (its package exports only its modules, so the file is found beside them). */
function chartScript(): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
}

function titleOf(findingKind: string): string {
  const definition = (CARD_DEFINITIONS as Readonly<Record<string, { title: string } | undefined>>)[findingKind];
  return definition?.title ?? findingKind;
}

export interface AdminDeps {
  token: string;
  store: Pick<Store, 'report' | 'ledger'>;
  clock: () => Date;
}

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  const requireToken = requireAdminToken(deps.token);
  let chart: Buffer | undefined;

  const report = async (query: Record<string, unknown>) => {
    const parsed = parseReportRange(query);
    if ('problem' in parsed) throw new HttpError(400, 'invalid_request', parsed.problem, parsed.field);
    try {
      // The cards this process answered a moment ago count too: their rows may still be queued.
      await deps.store.ledger.flush();
      return shapeReport(await deps.store.report(parsed.range), parsed.range, deps.clock(), titleOf);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      throw new HttpError(503, 'report_unavailable', 'The report could not be read from the store for the moment; try again shortly', undefined, {
        'Retry-After': '5',
      });
    }
  };

  router.get(ADMIN_REPORT_PATH, requireToken, async (req, res) => {
    res.json(await report(req.query));
  });
  router.get(ADMIN_PATH, requireToken, async (req, res) => {
    const query = { from: typeof req.query.from === 'string' ? req.query.from : undefined, to: typeof req.query.to === 'string' ? req.query.to : undefined };
    const html = adminPage(await report(req.query), query, { service: SERVICE_VERSION, knowledge: KNOWLEDGE_VERSION });
    res.setHeader('Content-Security-Policy', ADMIN_PAGE_CSP);
    res.type('html').send(html);
  });
  // Code, not data: public, and cached like the stylesheet.
  router.get(ADMIN_SCRIPT_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('js').send(ADMIN_SCRIPT);
  });
  router.get(CHART_SCRIPT_PATH, (_req, res) => {
    chart ??= chartScript();
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('js').send(chart);
  });
  router.all([ADMIN_PATH, ADMIN_REPORT_PATH, ADMIN_SCRIPT_PATH, CHART_SCRIPT_PATH], methodNotAllowed('GET'));
  return router;
}
