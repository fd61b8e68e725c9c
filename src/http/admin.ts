/**
 * The governance report: GET /admin/report (JSON), GET /admin/report.csv (each table as CSV) and
 * GET /admin (a page with charts), per finding kind, version, mode and pilot arm. Like the card
 * preview, open in development and behind ADMIN_TOKEN in production (404 without one, as any
 * unknown path), the token compared in constant time. Clinicians' comments are free text that may
 * hold patient data: they are given only to a caller who presents the token, whatever the access. The page's scripts (Chart.js from npm and
 * our own few lines) are served from this app, so the page works offline and its
 * Content-Security-Policy allows scripts from 'self' only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { CARD_DEFINITIONS } from '../approach';
import { parseReportRange, shapeReport, type GovernanceReport } from '../feedback-loop/report';
import { CSV_TABLES, reportCsv, type CsvTable } from '../feedback-loop/report-csv';
import type { PreviewAccess } from '../config';
import { ADMIN_PAGE_CSP } from '../pages/html';
import { ADMIN_CSV_PATH, ADMIN_PATH, ADMIN_REPORT_PATH, ADMIN_SCRIPT, ADMIN_SCRIPT_PATH, adminPage, CHART_SCRIPT_PATH } from '../pages/admin';
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
  /** ADMIN_TOKEN: required of every call when access is 'admin'; shows the comments to whoever presents it. */
  token: string | undefined;
  access: Exclude<PreviewAccess, 'off'>;
  store: Pick<Store, 'report' | 'ledger' | 'hookCalls'>;
  clock: () => Date;
}

/** True when the call presents the token (compared as requireAdminToken does); never when there is none. */
function presentsToken(token: string | undefined, header: string | undefined): boolean {
  const given = presentedToken(header);
  return token !== undefined && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  const guard = deps.access === 'admin' && deps.token !== undefined ? [requireAdminToken(deps.token)] : [];
  let chart: Buffer | undefined;

  const report = async (query: Record<string, unknown>, authorization: string | undefined): Promise<GovernanceReport> => {
    const parsed = parseReportRange(query);
    if ('problem' in parsed) throw new HttpError(400, 'invalid_request', parsed.problem, parsed.field);
    try {
      // The cards and calls this process answered a moment ago count too: they may still be queued.
      await Promise.all([deps.store.ledger.flush(), deps.store.hookCalls.flush()]);
      const counts = await deps.store.report(parsed.range);
      const shaped = shapeReport(counts, parsed.range, deps.clock(), titleOf);
      if (presentsToken(deps.token, authorization)) shaped.comments = counts.comments;
      return shaped;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      throw new HttpError(503, 'report_unavailable', 'The report could not be read from the store for the moment; try again shortly', undefined, {
        'Retry-After': '5',
      });
    }
  };

  router.get(ADMIN_REPORT_PATH, ...guard, async (req, res) => {
    res.json(await report(req.query, req.headers.authorization));
  });
  router.get(ADMIN_CSV_PATH, ...guard, async (req, res) => {
    const table = req.query.table;
    if (typeof table !== 'string' || !(CSV_TABLES as readonly string[]).includes(table)) {
      throw new HttpError(400, 'invalid_request', `table must be one of ${CSV_TABLES.join(', ')}`, 'table');
    }
    const shaped = await report(req.query, req.headers.authorization);
    if (table === 'comments' && shaped.comments === undefined) {
      throw new HttpError(401, 'admin_token_required', "Clinicians' comments need the admin token: Authorization: Bearer <ADMIN_TOKEN>", undefined, CHALLENGE);
    }
    res.setHeader('Content-Disposition', `attachment; filename="governance-${table}.csv"`);
    res.type('text/csv; charset=utf-8').send(reportCsv(shaped, table as CsvTable));
  });
  router.get(ADMIN_PATH, ...guard, async (req, res) => {
    const query = { from: typeof req.query.from === 'string' ? req.query.from : undefined, to: typeof req.query.to === 'string' ? req.query.to : undefined };
    const html = adminPage(await report(req.query, req.headers.authorization), query, { service: SERVICE_VERSION, knowledge: KNOWLEDGE_VERSION });
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
  router.all([ADMIN_PATH, ADMIN_REPORT_PATH, ADMIN_CSV_PATH, ADMIN_SCRIPT_PATH, CHART_SCRIPT_PATH], methodNotAllowed('GET'));
  return router;
}
