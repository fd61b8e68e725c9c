/**
 * The service's public pages: the clinical approach (GET /approach), their stylesheet and icon.
 * Pages carry their own Content-Security-Policy: their own stylesheet, nothing else. The approach
 * page is built once a day: the day decides whether its review is overdue.
 */
import { Router } from 'express';
import { APPROACH_PATH } from '../knowledge/approach';
import { approachPage } from '../pages/approach';
import { ICON_PATH, ICON_SVG, PAGE_CSP, STYLESHEET_PATH } from '../pages/html';
import { PAGES_CSS } from '../pages/style';
import { isoDay, type ApproachSignOff } from '../knowledge/sign-off';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import { methodNotAllowed } from './errors';

export interface PagesDeps {
  signOff: ApproachSignOff;
  clock: () => Date;
}

export function pagesRouter(deps: PagesDeps): Router {
  const router = Router();
  let built: { day: string; html: string } | undefined;
  const approach = (): string => {
    const today = isoDay(deps.clock());
    if (built?.day !== today) {
      built = { day: today, html: approachPage({ versions: { service: SERVICE_VERSION, knowledge: KNOWLEDGE_VERSION }, signOff: deps.signOff, today }) };
    }
    return built.html;
  };
  router.get(APPROACH_PATH, (_req, res) => {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    // The page changes only with a new release: let browsers keep it for an hour.
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('html').send(approach());
  });
  router.get(STYLESHEET_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('css').send(PAGES_CSS);
  });
  router.get(ICON_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(ICON_SVG);
  });
  router.all([APPROACH_PATH, STYLESHEET_PATH, ICON_PATH], methodNotAllowed('GET'));
  return router;
}
